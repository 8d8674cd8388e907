"""``xai_api.Files``: a file store (upload, list, get, delete, content, public URLs).

Files live in the servicer's ``store`` (``fake_xai.servicer("xai_api.Files").store``; its
``add`` puts one there as if uploaded), keyed by id (``file-N``,
counting from 1 per server), each created one second after the one before (from
``2023-11-14T22:13:20Z``) so that sorting by date is well defined. Every upload's bytes are also
appended to ``FakeXai.uploads``, and how it arrived is kept in :attr:`FilesServicer.received`
(its first message and the size of each data chunk). Unknown ids are NOT_FOUND.

``ListFiles`` pages for real: ``limit`` files a page (100 if unset, at most 1000) and an
opaque token to the next page while files remain; ``filter`` understands comparisons of
``name``/``file_name``/``filename``, ``size_bytes``, ``file_id`` and ``content_type`` joined
by ``AND``. ``RetrieveFileContent`` streams ``content_chunk_size`` bytes a message, waiting
``FakeXai.chunk_delay`` between them.
"""

from __future__ import annotations

import base64
import mimetypes
import operator
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import grpc

from ..server import Servicer, enum_name, message_class

#: When the first file is created (seconds since the epoch); each next one a second later.
FIRST_CREATED = 1_700_000_000
DEFAULT_PAGE = 100
MOST_PER_PAGE = 1000


#: How long an upload that just ended waits to learn whether it was cancelled instead.
CANCEL_GRACE = 0.05


def _settle(context: grpc.ServicerContext) -> None:
    """Wait (at most :data:`CANCEL_GRACE`) for a client's cancellation to show, if it comes.

    gRPC ends the server's request iterator when the client cancels *or* half-closes, and may
    report the cancellation a moment later: without this wait, a cancelled upload could be
    stored as if complete.
    """
    deadline = time.monotonic() + CANCEL_GRACE
    while context.is_active() and time.monotonic() < deadline:
        time.sleep(0.002)


@dataclass
class Upload:
    """How one ``UploadFile`` call arrived."""

    init: Any  # the ``xai_api.UploadFileInit`` of its first message
    chunks: list[int] = field(default_factory=list)  # the size of each data message
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class Stored:
    """A file of the store: its metadata (an ``xai_api.File``) and content."""

    file: Any
    content: bytes
    created: int  # seconds since the epoch, for sorting


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
_CLAUSE = re.compile(r'^\s*(\w+)\s*(!=|>=|<=|=|>|<)\s*("(?:[^"\\]|\\.)*"|-?\d+)\s*$')


class FileStore:
    """The files the server holds (``servicer.store``), by id; ``add`` puts one there."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.files: dict[str, Stored] = {}
        self.lock = threading.Lock()
        self._clock = FIRST_CREATED

    def add(self, name: str, content: bytes = b"", *, expires_after: int | None = None) -> Any:
        """Store a file as if uploaded; returns its ``xai_api.File`` (protobuf's class)."""
        with self.lock:
            created = self._clock
            self._clock += 1
        file = message_class("xai_api.File")(
            id=self.server.next_id("file"), filename=name, size=len(content)
        )
        file.created_at.FromSeconds(created)
        if expires_after is not None:
            file.expires_at.FromSeconds(created + expires_after)
        with self.lock:
            self.files[file.id] = Stored(file, content, created)
        return file

    def get(self, file_id: str) -> Stored | None:
        with self.lock:
            return self.files.get(file_id)

    def remove(self, file_id: str) -> Stored | None:
        with self.lock:
            return self.files.pop(file_id, None)

    def all(self) -> list[Stored]:
        with self.lock:
            return list(self.files.values())


class FilesServicer(Servicer):
    service = "xai_api.Files"

    def __init__(self, server: Any) -> None:
        super().__init__(server)
        self.store = FileStore(server)
        #: Each upload as it arrived, in the order they finished arriving.
        self.received: list[Upload] = []
        #: Bytes of each ``RetrieveFileContent`` message.
        self.content_chunk_size = 64 * 1024
        #: Uploads in progress now, and the most there ever were at once.
        self.active_uploads = 0
        self.most_active_uploads = 0
        self._lock = threading.Lock()

    # -- the RPCs -----------------------------------------------------------------------------

    def UploadFile(self, chunks: Any, context: grpc.ServicerContext) -> Any:
        """Expects an ``init`` chunk, then data chunks; stores the assembled file."""
        server = self.server
        server._admit("UploadFile", None, context)
        metadata = {key: str(value) for key, value in context.invocation_metadata()}
        upload: Upload | None = None
        data = bytearray()
        with self._lock:
            self.active_uploads += 1
            self.most_active_uploads = max(self.most_active_uploads, self.active_uploads)
        try:
            try:
                for number, chunk in enumerate(chunks):
                    kind = chunk.WhichOneof("chunk")
                    if (kind == "init") != (number == 0):
                        context.abort(
                            grpc.StatusCode.INVALID_ARGUMENT, "init must come first, once"
                        )
                    if kind == "init":
                        upload = Upload(chunk.init, metadata=metadata)
                    else:
                        assert upload is not None
                        upload.chunks.append(len(chunk.data))
                        data += chunk.data
                    server._sleep(server.chunk_delay, "UploadFile", context)
            except grpc.RpcError:
                pass  # the request stream broke: decided below
            _settle(context)
            if not context.is_active():
                with server._lock:
                    server.cancelled.append("UploadFile")
                context.abort(grpc.StatusCode.CANCELLED, "client went away")
        finally:
            with self._lock:
                self.active_uploads -= 1
        if upload is None:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no init message")
        if not upload.init.name:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "the file needs a name")
        content = bytes(data)
        with server._lock:
            server.uploads.append(content)
        with self._lock:
            self.received.append(upload)
        expires = upload.init.expires_after if upload.init.HasField("expires_after") else None
        return self.store.add(upload.init.name, content, expires_after=expires)

    def ListFiles(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("ListFiles", request, context)
        limit = request.limit or DEFAULT_PAGE
        if not 0 < limit <= MOST_PER_PAGE:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"limit must be 1-{MOST_PER_PAGE}")
        keep = self._filter(request.filter, context) if request.HasField("filter") else None
        files = [stored for stored in self.store.all() if keep is None or keep(stored)]
        sort_by = enum_name("xai_api.FilesSortBy", request.sort_by)
        key: Callable[[Stored], Any] = {
            "FILES_SORT_BY_CREATED_AT": lambda stored: stored.created,
            "FILES_SORT_BY_FILENAME": lambda stored: stored.file.filename,
            "FILES_SORT_BY_SIZE": lambda stored: stored.file.size,
        }[sort_by]
        descending = enum_name("xai_api.Ordering", request.order) == "DESCENDING"
        files.sort(key=lambda stored: (key(stored), stored.created), reverse=descending)
        start = 0
        if request.HasField("pagination_token"):
            start = self._offset(request.pagination_token, context)
        page = files[start : start + limit]
        response = message_class("xai_api.ListFilesResponse")()
        for stored in page:
            response.data.add().CopyFrom(stored.file)
        if start + limit < len(files):
            response.pagination_token = _token(start + limit)
        return response

    def RetrieveFile(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("RetrieveFile", request, context)
        return self._stored(request.file_id, context).file

    def DeleteFile(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("DeleteFile", request, context)
        if self.store.remove(request.file_id) is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"File {request.file_id!r} not found.")
        return message_class("xai_api.DeleteFileResponse")(id=request.file_id, deleted=True)

    def RetrieveFileContent(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        server = self.server
        server._admit("RetrieveFileContent", request, context)
        content = self._stored(request.file_id, context).content
        size = self.content_chunk_size
        chunk = message_class("xai_api.FileContentChunk")
        try:
            for number, start in enumerate(range(0, len(content), size)):
                if server.stop_stream_after is not None and number >= server.stop_stream_after:
                    context.abort(grpc.StatusCode.INTERNAL, "stream broke midway")
                yield chunk(data=content[start : start + size])
                server._sleep(server.chunk_delay, "RetrieveFileContent", context)
        except GeneratorExit:
            # grpc stops pulling (and closes) the generator of a call its client cancelled.
            with server._lock:
                server.cancelled.append("RetrieveFileContent")
            raise

    def CreatePublicUrl(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("CreatePublicUrl", request, context)
        stored = self._stored(request.file_id, context)
        file = stored.file
        if not file.HasField("public_url"):
            file.public_url = f"https://files.example.invalid/public/{file.id}/{file.filename}"
        response = message_class("xai_api.CreatePublicUrlResponse")(public_url=file.public_url)
        if request.HasField("expires_after"):
            # The fake clock: "now" is when the file was created.
            file.public_url_expires_at.FromSeconds(stored.created + request.expires_after)
        elif file.HasField("expires_at"):
            file.public_url_expires_at.CopyFrom(file.expires_at)
        if file.HasField("public_url_expires_at"):
            response.expires_at.CopyFrom(file.public_url_expires_at)
        return response

    def RevokePublicUrl(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("RevokePublicUrl", request, context)
        file = self._stored(request.file_id, context).file
        response = message_class("xai_api.RevokePublicUrlResponse")(file_id=file.id)
        if file.HasField("public_url"):
            response.revoked = True
            response.public_url = file.public_url
            file.ClearField("public_url")
            file.ClearField("public_url_expires_at")
        return response

    # -- helpers ------------------------------------------------------------------------------

    def _stored(self, file_id: str, context: grpc.ServicerContext) -> Stored:
        stored = self.store.get(file_id)
        if stored is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"File {file_id!r} not found.")
        return stored

    def _offset(self, token: str, context: grpc.ServicerContext) -> int:
        try:
            offset = int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("after:"))
        except (ValueError, UnicodeDecodeError):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "invalid pagination token")
        return offset

    def _filter(self, expression: str, context: grpc.ServicerContext) -> Callable[[Stored], bool]:
        tests: list[Callable[[Stored], bool]] = []
        for clause in re.split(r"\s+AND\s+", expression.strip()):
            found = _CLAUSE.match(clause)
            if found is None:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"cannot parse filter {clause!r}")
            name, op, literal = found.groups()
            value: Any = literal[1:-1] if literal.startswith('"') else int(literal)
            field_of = _FIELDS.get(name)
            if field_of is None:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"unknown filter field {name!r}")
            tests.append(_comparison(field_of, _COMPARISONS[op], value))
        return lambda stored: all(test(stored) for test in tests)


_FIELDS: dict[str, Callable[[Stored], Any]] = {
    "name": lambda stored: stored.file.filename,
    "file_name": lambda stored: stored.file.filename,
    "filename": lambda stored: stored.file.filename,
    "file_id": lambda stored: stored.file.id,
    "size_bytes": lambda stored: stored.file.size,
    "content_type": lambda stored: mimetypes.guess_type(stored.file.filename)[0] or "",
}


def _comparison(
    field_of: Callable[[Stored], Any], compare: Callable[[Any, Any], bool], value: Any
) -> Callable[[Stored], bool]:
    def test(stored: Stored) -> bool:
        actual = field_of(stored)
        try:
            return compare(actual, type(actual)(value))
        except (TypeError, ValueError):
            return False

    return test


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"after:{offset}".encode()).decode()
