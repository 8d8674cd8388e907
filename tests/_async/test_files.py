"""``client.files`` against the fake server: uploads, listing, contents, public URLs."""

from __future__ import annotations

import inspect
import io
from datetime import timedelta
from pathlib import Path
from typing import Any, BinaryIO

import grpc
import pytest

from tests.fake_server import API_KEY, FakeXai, enum_name
from xai_async import (
    AsyncClient,
    DeadlineExceededError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
)
from xai_async.proto import xai_api

MIB = 1 << 20
CHUNK = 3 * MIB


def files_of(server: FakeXai) -> Any:
    return server.servicer("xai_api.Files")


def pattern(size: int) -> bytes:
    """``size`` bytes that differ from chunk to chunk (a misplaced chunk would show)."""
    block = bytes(range(256))
    return (block * (size // 256 + 1))[:size]


def names_in(folder: Path) -> list[str]:
    """The names in ``folder``: the files a download left there, temporaries included."""
    return sorted(path.name for path in folder.iterdir())


def open_to_read(path: Path) -> BinaryIO:
    return open(path, "rb")  # the caller closes it


class Unseekable(io.RawIOBase):
    """A binary stream whose size cannot be known in advance (like a pipe)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._data.readinto(buffer)


class Bar:
    """Stands for a tqdm progress bar: only ``update(n)``."""

    def __init__(self) -> None:
        self.updates: list[int] = []

    def update(self, n: int) -> None:
        self.updates.append(n)


# -- upload ------------------------------------------------------------------------------------


async def test_upload_from_a_path_streams_3_mib_chunks(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], tmp_path: Path
) -> None:
    data = pattern(2 * CHUNK + MIB + 5)
    path = tmp_path / "report.bin"
    path.write_bytes(data)
    async with AsyncClient(**client_kwargs) as client:
        uploaded = await client.files.upload(path)  # a path-like, not only a str
    assert isinstance(uploaded, xai_api.File)
    assert uploaded.filename == "report.bin"
    assert uploaded.size == len(data)
    assert uploaded.id == "file-1"
    assert uploaded.created_at is not None
    assert uploaded.expires_at is None
    arrived = files_of(fake_xai).received[-1]
    assert arrived.init.name == "report.bin"
    assert not arrived.init.HasField("expires_after")
    assert arrived.chunks == [CHUNK, CHUNK, MIB + 5]
    assert fake_xai.uploads == [data]


async def test_upload_bytes_with_a_name_and_an_expiry(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        first = await client.files.upload(
            b"hello", filename="hello.txt", expires_after=timedelta(hours=1)
        )
        second = await client.files.upload(bytearray(b"bye"), filename="bye.txt", expires_after=90)
    assert (first.filename, first.size, second.filename, second.size) == (
        "hello.txt",
        5,
        "bye.txt",
        3,
    )
    assert first.created_at is not None
    assert first.expires_at is not None
    assert (first.expires_at - first.created_at) == timedelta(hours=1)
    arrived = files_of(fake_xai).received
    assert [upload.init.expires_after for upload in arrived] == [3600, 90]
    assert [upload.chunks for upload in arrived] == [[5], [3]]
    assert fake_xai.uploads == [b"hello", b"bye"]


async def test_upload_file_objects_from_where_they_stand(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"# notes\nsecond line\n")
    buffer = io.BytesIO(b"skip:keep")
    buffer.seek(5)
    async with AsyncClient(**client_kwargs) as client:
        with open_to_read(path) as opened:
            named = await client.files.upload(opened)  # the name comes from the file
            assert not opened.closed  # the caller's file stays open
        unnamed = await client.files.upload(buffer, filename="kept.txt")
        renamed = await client.files.upload(path, filename="other.md")
    assert (named.filename, unnamed.filename, renamed.filename) == (
        "notes.md",
        "kept.txt",
        "other.md",
    )
    assert fake_xai.uploads == [b"# notes\nsecond line\n", b"keep", b"# notes\nsecond line\n"]


async def test_an_empty_file_is_an_init_message_alone(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        uploaded = await client.files.upload(b"", filename="empty.txt")
    assert uploaded.size == 0
    assert files_of(fake_xai).received[-1].chunks == []


async def test_progress_reaches_all_three_kinds_of_callback(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], tmp_path: Path
) -> None:
    size = 2 * CHUNK + 7
    path = tmp_path / "big.bin"
    path.write_bytes(pattern(size))
    totals: list[tuple[int, int | None]] = []
    sizes: list[int] = []
    bar = Bar()
    unknown: list[tuple[int, int | None]] = []

    def done_of_total(done: int, total: int | None) -> None:
        totals.append((done, total))

    async with AsyncClient(**client_kwargs) as client:
        await client.files.upload(path, on_progress=done_of_total)
        await client.files.upload(path, on_progress=sizes.append)  # f(n)
        await client.files.upload(path, on_progress=bar)  # an object with update(n)
        await client.files.upload(path, on_progress=bar.update)  # tqdm's own idiom
        await client.files.upload(
            io.BufferedReader(Unseekable(b"x" * 10)),
            filename="pipe.bin",
            on_progress=lambda done, total: unknown.append((done, total)),
        )
    assert totals == [(CHUNK, size), (2 * CHUNK, size), (size, size)]
    assert sizes == [CHUNK, CHUNK, 7]
    assert bar.updates == [CHUNK, CHUNK, 7] * 2
    assert unknown == [(10, None)]


async def test_an_error_in_the_progress_callback_stops_the_upload(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    def broken(n: int) -> None:
        raise RuntimeError("progress bar fell over")

    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(RuntimeError, match="fell over"):
            await client.files.upload(pattern(CHUNK + 1), filename="x.bin", on_progress=broken)
    assert fake_xai.uploads == []
    assert files_of(fake_xai).store.files == {}


@pytest.mark.parametrize(
    ("file", "kwargs", "error", "match"),
    [
        (123, {}, TypeError, "`file` must be bytes, a path or a binary file object"),
        ("/no/such/file.txt", {}, FileNotFoundError, "no such file"),
        (io.StringIO("text"), {"filename": "a.txt"}, TypeError, "binary mode"),
        (b"data", {}, ValueError, "`filename` is required"),
        (io.BytesIO(b"data"), {}, ValueError, "`filename` is required"),
        (b"data", {"filename": " "}, ValueError, "`filename` must not be empty"),
        (b"data", {"filename": 7}, TypeError, "`filename` must be a string"),
        (b"data", {"filename": "a", "expires_after": 0}, ValueError, "`expires_after`"),
        (b"data", {"filename": "a", "expires_after": 1.5}, TypeError, "`expires_after`"),
        (b"data", {"filename": "a", "expires_after": timedelta(0)}, ValueError, "at least"),
        (b"data", {"filename": "a", "on_progress": 42}, TypeError, "`on_progress` must be"),
        (b"data", {"filename": "a", "on_progress": lambda a, b, c: 0}, TypeError, "neither"),
        (b"data", {"filename": "a", "timeout": -1}, ValueError, "timeout"),
    ],
)
async def test_bad_upload_arguments_fail_before_anything_is_sent(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    file: Any,
    kwargs: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            await client.files.upload(file, **kwargs)
    assert not fake_xai.attempts


@pytest.mark.parametrize("channel", ["insecure", "local"])
async def test_uploads_carry_the_api_key_on_every_channel(fake_xai: FakeXai, channel: str) -> None:
    # The official SDK sends no key with an upload on an insecure channel: the server refuses.
    if channel == "insecure":
        kwargs: dict[str, Any] = {"api_host": fake_xai.address, "use_insecure_channel": True}
    else:
        kwargs = {"api_host": fake_xai.local_address}  # gRPC local credentials
    async with AsyncClient(api_key=API_KEY, **kwargs) as client:
        uploaded = await client.files.upload(b"secret plans", filename="plans.txt")
    assert uploaded.filename == "plans.txt"
    assert files_of(fake_xai).received[-1].metadata["authorization"] == f"Bearer {API_KEY}"


async def test_a_slow_upload_ends_at_its_deadline(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    # The server takes 0.5 s per message and the upload has four (init and three chunks), so
    # the client is still writing when the deadline comes. grpc.aio may then report INTERNAL
    # (grpc/grpc#36066): the transport names it DEADLINE_EXCEEDED when the deadline has passed.
    fake_xai.chunk_delay = 0.5
    data = bytes(7 * 1024 * 1024)
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(DeadlineExceededError):
            await client.files.upload(data, filename="slow.bin", timeout=0.4)
    # A small file's default deadline is the client's timeout (a large one gets more).
    async with AsyncClient(**client_kwargs, timeout=0.4) as client:
        with pytest.raises(DeadlineExceededError):
            await client.files.upload(b"slow", filename="slow.bin")
    assert files_of(fake_xai).store.files == {}


# -- batch_upload ------------------------------------------------------------------------------


async def test_batch_upload_bounds_concurrency_and_keeps_going_past_failures(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], tmp_path: Path
) -> None:
    paths = []
    for number in range(6):
        path = tmp_path / f"part-{number}.txt"
        path.write_bytes(b"x" * (number + 1))
        paths.append(str(path))
    files: list[Any] = [*paths[:3], str(tmp_path / "missing.txt"), b"no name", *paths[3:]]
    completed: list[tuple[int, Any, Any]] = []
    fake_xai.chunk_delay = 0.05  # long enough for uploads to overlap
    async with AsyncClient(**client_kwargs) as client:
        results = await client.files.batch_upload(
            files, batch_size=2, on_file_complete=lambda *args: completed.append(args)
        )
        # The async client uploads concurrently, the sync one file after file.
        concurrent = inspect.iscoroutinefunction(client.files.upload)
    assert list(results) == list(range(8))
    assert isinstance(results[3], FileNotFoundError)
    assert isinstance(results[4], ValueError)
    uploaded = [results[i] for i in (0, 1, 2, 5, 6, 7)]
    sizes = [result.size if isinstance(result, xai_api.File) else result for result in uploaded]
    assert sizes == [1, 2, 3, 4, 5, 6]
    assert sorted(index for index, _, _ in completed) == list(range(8))
    assert all(results[index] is result for index, _, result in completed)
    assert all(files[index] is file for index, file, _ in completed)
    assert files_of(fake_xai).most_active_uploads == (2 if concurrent else 1)


async def test_batch_upload_reports_server_errors_per_file(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.fail_next(1, grpc.StatusCode.PERMISSION_DENIED, "not for you")
    files = [io.BytesIO(b"a"), io.BytesIO(b"b"), io.BytesIO(b"c")]
    for number, buffer in enumerate(files):
        buffer.name = f"buffer-{number}.txt"
    async with AsyncClient(**client_kwargs) as client:
        results = await client.files.batch_upload(files, batch_size=1)
    failed = [result for result in results.values() if isinstance(result, BaseException)]
    assert len(failed) == 1
    # The server refuses the upload before reading it; grpc.aio sometimes loses that status to
    # its own write error (INTERNAL, grpc/grpc#36066, ~5% of runs). Either way: a typed error
    # in that file's slot, and the other files uploaded.
    assert isinstance(failed[0], (PermissionDeniedError, InternalServerError))
    assert len(fake_xai.uploads) == 2


async def test_a_failing_completion_callback_takes_its_files_place_only(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    def on_file_complete(index: int, item: Any, result: Any) -> None:
        if index == 1:
            raise RuntimeError("callback broke")

    files = [io.BytesIO(b"a"), io.BytesIO(b"b"), io.BytesIO(b"c")]
    for number, buffer in enumerate(files):
        buffer.name = f"buffer-{number}.txt"
    async with AsyncClient(**client_kwargs) as client:
        results = await client.files.batch_upload(
            files, batch_size=1, on_file_complete=on_file_complete
        )
    assert isinstance(results[1], RuntimeError)
    kept = [results[0], results[2]]
    assert [getattr(r, "filename", r) for r in kept] == ["buffer-0.txt", "buffer-2.txt"]
    assert len(fake_xai.uploads) == 3


@pytest.mark.parametrize(
    ("files", "kwargs", "error", "match"),
    [
        ([], {}, ValueError, "`files` is empty"),
        ("a.txt", {}, TypeError, "`files` must be a sequence"),
        ([b"x"], {"batch_size": 0}, ValueError, "`batch_size`"),
        ([b"x"], {"batch_size": 2.5}, TypeError, "`batch_size`"),
        ([b"x"], {"on_file_complete": "print"}, TypeError, "`on_file_complete`"),
        ([b"x"], {"timeout": 0}, ValueError, "timeout"),
    ],
)
async def test_bad_batch_arguments_fail_before_anything_is_sent(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    files: Any,
    kwargs: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            await client.files.batch_upload(files, **kwargs)
    assert not fake_xai.attempts


# -- list, list_all ------------------------------------------------------------------------------


def add_files(server: FakeXai, count: int) -> list[Any]:
    """``count`` files named out of date order, each a different size."""
    store = files_of(server).store
    return [store.add(f"doc-{(7 * n) % count:02d}.txt", b"z" * (n + 1)) for n in range(count)]


async def test_list_sends_its_arguments_and_returns_one_page(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    add_files(fake_xai, 5)
    async with AsyncClient(**client_kwargs) as client:
        page = await client.files.list(
            limit=2, order="desc", sort_by="size", filter="size_bytes > 1"
        )
        assert isinstance(page, xai_api.ListFilesResponse)
        assert [file.size for file in page.data] == [5, 4]
        assert page.pagination_token
        rest = await client.files.list(
            limit=2,
            order="desc",
            sort_by="size",
            filter="size_bytes > 1",
            pagination_token=page.pagination_token,
        )
        assert [file.size for file in rest.data] == [3, 2]
        assert rest.pagination_token is None  # nothing left
        by_name = await client.files.list(sort_by="filename")
        plain = await client.files.list()
    first = fake_xai.received[0].request
    assert first.limit == 2
    assert enum_name("xai_api.Ordering", first.order) == "DESCENDING"
    assert enum_name("xai_api.FilesSortBy", first.sort_by) == "FILES_SORT_BY_SIZE"
    assert first.filter == "size_bytes > 1"
    assert not first.HasField("pagination_token")
    assert fake_xai.received[1].request.pagination_token == page.pagination_token
    names = [file.filename for file in by_name.data]
    assert names == sorted(names)
    assert [file.size for file in plain.data] == [1, 2, 3, 4, 5]  # by date, oldest first
    defaults = fake_xai.received[-1].request
    assert defaults.limit == 0
    for unset in ("sort_by", "filter", "pagination_token"):
        assert not defaults.HasField(unset)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"order": "up"}, ValueError, "`order` must be one of 'asc', 'desc'"),
        ({"sort_by": "date"}, ValueError, "`sort_by` must be one of 'created_at'"),
        ({"limit": 0}, ValueError, "`limit`"),
        ({"limit": "10"}, TypeError, "`limit`"),
        ({"filter": 3}, TypeError, "`filter`"),
        ({"pagination_token": 3}, TypeError, "`pagination_token`"),
    ],
)
async def test_bad_list_arguments_fail_before_anything_is_sent(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    kwargs: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            await client.files.list(**kwargs)
        if "pagination_token" not in kwargs:  # list_all takes no token: it walks them all
            renamed = {("page_size" if k == "limit" else k): v for k, v in kwargs.items()}
            with pytest.raises(error):
                client.files.list_all(**renamed)
    assert not fake_xai.attempts


async def test_list_all_walks_every_page(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    added = add_files(fake_xai, 7)
    async with AsyncClient(**client_kwargs) as client:
        seen = [file.id async for file in client.files.list_all(page_size=3, order="asc")]
        newest = client.files.list_all(page_size=4, sort_by="created_at", order="desc")
        first_page = await newest.next_page()
        assert first_page is not None
        assert [file.id for file in first_page.data] == [f.id for f in reversed(added)][:4]
        with pytest.raises(ValueError, match="`page_size`"):
            client.files.list_all(page_size=0)
    assert seen == [file.id for file in added]
    requests = [call.request for call in fake_xai.received if call.method == "ListFiles"]
    assert [request.limit for request in requests[:3]] == [3, 3, 3]
    assert not requests[0].HasField("pagination_token")
    assert requests[1].pagination_token
    assert requests[2].pagination_token != requests[1].pagination_token


# -- get, delete, contents, public URLs --------------------------------------------------------


async def test_get_and_delete(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        uploaded = await client.files.upload(b"abc", filename="abc.txt")
        fetched = await client.files.get(uploaded.id)
        assert (fetched.id, fetched.filename, fetched.size) == (uploaded.id, "abc.txt", 3)
        assert fetched.created_at == uploaded.created_at
        deleted = await client.files.delete(uploaded.id)
        assert isinstance(deleted, xai_api.DeleteFileResponse)
        assert (deleted.id, deleted.deleted) == (uploaded.id, True)
        with pytest.raises(NotFoundError, match="not found"):
            await client.files.get(uploaded.id)
    assert [call.request.file_id for call in fake_xai.received[1:]] == [uploaded.id] * 3


async def test_unknown_ids_are_not_found_errors(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], tmp_path: Path
) -> None:
    destination = tmp_path / "out.bin"
    async with AsyncClient(**client_kwargs) as client:
        for call in (
            client.files.get,
            client.files.delete,
            client.files.content,
            client.files.create_public_url,
            client.files.revoke_public_url,
        ):
            with pytest.raises(NotFoundError) as caught:
                await call("file-404")
            assert caught.value.code() == grpc.StatusCode.NOT_FOUND
        with pytest.raises(NotFoundError):
            await client.files.download("file-404", destination)
    assert names_in(tmp_path) == []  # no file, no temporary left behind


@pytest.mark.parametrize("file_id", ["", "   ", None, 12])
async def test_bad_file_ids_fail_before_anything_is_sent(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], file_id: Any
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        for call in (client.files.get, client.files.delete, client.files.content):
            with pytest.raises((TypeError, ValueError), match="`file_id`"):
                await call(file_id)
    assert not fake_xai.attempts


async def test_content_is_streamed_and_joined(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    servicer = files_of(fake_xai)
    servicer.content_chunk_size = 1000
    data = pattern(4500)
    stored = servicer.store.add("data.bin", data)
    async with AsyncClient(**client_kwargs) as client:
        assert await client.files.content(stored.id) == data
        sizes = []
        async with client.files.stream_content(stored.id) as stream:
            async for part in stream:
                sizes.append(len(part))
        assert sizes == [1000, 1000, 1000, 1000, 500]
    assert fake_xai.received[0].request.file_id == stored.id


async def test_leaving_a_content_stream_early_cancels_it(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    servicer = files_of(fake_xai)
    servicer.content_chunk_size = 10
    stored = servicer.store.add("long.bin", b"y" * 10_000)
    fake_xai.chunk_delay = 0.05
    async with AsyncClient(**client_kwargs) as client:
        async with client.files.stream_content(stored.id) as stream:
            async for part in stream:
                assert part == b"y" * 10
                break
        assert fake_xai.wait_for_cancel("RetrieveFileContent")


async def test_download_writes_to_a_path_or_a_file_object(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], tmp_path: Path
) -> None:
    servicer = files_of(fake_xai)
    servicer.content_chunk_size = 1000
    data = pattern(2500)
    stored = servicer.store.add("data.bin", data)
    destination = tmp_path / "copy.bin"
    destination.write_bytes(b"old content, replaced")
    progress: list[tuple[int, int | None]] = []
    buffer = io.BytesIO()
    async with AsyncClient(**client_kwargs) as client:
        written = await client.files.download(
            stored.id, destination, on_progress=lambda done, total: progress.append((done, total))
        )
        assert written == len(data)
        assert await client.files.download(stored.id, buffer) == len(data)
        empty = servicer.store.add("empty.bin", b"")
        assert await client.files.download(empty.id, str(tmp_path / "empty.bin")) == 0
    assert destination.read_bytes() == data
    assert buffer.getvalue() == data
    assert not buffer.closed
    assert (tmp_path / "empty.bin").read_bytes() == b""
    assert progress == [(1000, None), (2000, None), (2500, None)]
    assert names_in(tmp_path) == ["copy.bin", "empty.bin"]


async def test_a_failed_download_leaves_the_destination_alone(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], tmp_path: Path
) -> None:
    servicer = files_of(fake_xai)
    servicer.content_chunk_size = 100
    stored = servicer.store.add("data.bin", b"n" * 1000)
    fake_xai.stop_stream_after = 3
    existing = tmp_path / "kept.bin"
    existing.write_bytes(b"precious")
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(InternalServerError, match="midway"):
            await client.files.download(stored.id, tmp_path / "new.bin")
        with pytest.raises(InternalServerError, match="midway"):
            await client.files.download(stored.id, existing)
    assert existing.read_bytes() == b"precious"
    assert names_in(tmp_path) == ["kept.bin"]


@pytest.mark.parametrize(
    ("destination", "error", "match"),
    [
        ("{tmp}/no/such/folder/out.bin", FileNotFoundError, "no such folder"),
        ("{tmp}", IsADirectoryError, "is a folder"),
        (io.StringIO(), TypeError, "binary mode"),
        (42, TypeError, "`destination` must be a path or a binary file object"),
    ],
)
async def test_bad_download_destinations_fail_before_anything_is_sent(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    tmp_path: Path,
    destination: Any,
    error: type[Exception],
    match: str,
) -> None:
    if isinstance(destination, str):
        destination = destination.format(tmp=tmp_path)
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            await client.files.download("file-1", destination)
        with pytest.raises(TypeError, match="`on_progress`"):
            await client.files.download("file-1", io.BytesIO(), on_progress=object())  # type: ignore[arg-type]
    assert not fake_xai.attempts


async def test_public_urls_are_created_and_revoked(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        uploaded = await client.files.upload(b"%PDF-1.7", filename="paper.pdf")
        created = await client.files.create_public_url(
            uploaded.id, expires_after=timedelta(minutes=5)
        )
        assert isinstance(created, xai_api.CreatePublicUrlResponse)
        assert created.public_url.endswith("/paper.pdf")
        assert created.expires_at is not None
        assert uploaded.created_at is not None
        assert created.expires_at - uploaded.created_at == timedelta(minutes=5)
        assert (await client.files.get(uploaded.id)).public_url == created.public_url
        again = await client.files.create_public_url(uploaded.id)  # the same URL
        assert again.public_url == created.public_url
        revoked = await client.files.revoke_public_url(uploaded.id)
        assert isinstance(revoked, xai_api.RevokePublicUrlResponse)
        assert (revoked.file_id, revoked.revoked, revoked.public_url) == (
            uploaded.id,
            True,
            created.public_url,
        )
        assert (await client.files.revoke_public_url(uploaded.id)).revoked is False
        with pytest.raises(ValueError, match="`expires_after`"):
            await client.files.create_public_url(uploaded.id, expires_after=-5)
    requests = [call.request for call in fake_xai.received if call.method == "CreatePublicUrl"]
    assert [r.expires_after if r.HasField("expires_after") else None for r in requests] == [
        300,
        None,
    ]


async def test_files_is_a_sub_client_with_the_official_methods(
    client_kwargs: dict[str, Any],
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        assert client.files is client.files
        for name in (
            "upload",
            "batch_upload",
            "list",
            "get",
            "delete",
            "content",
            "create_public_url",
            "revoke_public_url",
        ):
            assert callable(getattr(client.files, name))
