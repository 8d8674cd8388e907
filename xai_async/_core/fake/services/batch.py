"""``xai_api.BatchMgmt``: batches held in memory, their requests processed as the server says.

Batches are ``batch-N`` (N counting per server), each created one second after the one before
(from ``2023-11-14T22:13:20Z``) and expiring a day later. Requests added to a batch wait for
:attr:`BatchServicer.pending_polls` ``GetBatch`` calls of that batch (0, the default: none),
then are processed all at once:

* a chat request is answered as ``GetCompletion`` would be: the reply scripted for its id in
  :attr:`BatchServicer.replies`, else ``chat_defaults.default_reply``;
* an image request like ``xai_api.Image`` does (the Image servicer's ``url_base``, ``picture``
  and ``mime_type``; base64 or URL as asked);
* a video or video extension request like ``xai_api.Video`` with its default plan (done);
* a request whose id is in :attr:`BatchServicer.failures` fails with that message, and so does
  one the services above would refuse (INVALID_ARGUMENT).

A request added without an id gets ``req-N``. ``CreateBatch`` with ``input_file_id`` loads the
requests of that file of the Files store (JSONL: one ``BatchRequest`` in protobuf's JSON form a
line) and seals the batch: adding to it, or to a cancelled batch, is FAILED_PRECONDITION.
``CancelBatch`` cancels the requests still pending. Every list pages for real (``limit`` a
page, 100 if unset, at most 1000, and an opaque token while items remain): batches in creation
order, requests and results in the order they were added (results: processed requests only,
cancelled ones left out). Unknown batch or request ids are NOT_FOUND.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import json_format

from ..chat_defaults import default_reply
from ..server import FakeXai, Reply, Servicer, enum_value, message_class
from .chat import _Completion
from .image import MAX_IMAGES, TICKS_PER_IMAGE, store
from .video import VideoJob, VideoPlan

#: When the first batch is created (seconds since the epoch); each next one a second later.
FIRST_CREATED = 1_700_000_000
LIFETIME = 24 * 3600
DEFAULT_PAGE = 100
MOST_PER_PAGE = 1000

ENDPOINTS = {
    "completion_request": "/v1/chat/completions",
    "image_request": "/v1/images/generations",
    "video_request": "/v1/videos/generations",
    "video_extension_request": "/v1/videos/extensions",
}


@dataclass
class Item:
    """One request of a batch and, once processed, its result."""

    request: Any  # ``xai_api.BatchRequest``
    created: int
    polls_left: int
    state: str = "STATE_PENDING"  # then STATE_SUCCEEDED, STATE_FAILED or STATE_CANCELLED
    result: Any = None  # ``xai_api.BatchResult``
    finished: int | None = None

    @property
    def id(self) -> str:
        return str(self.request.batch_request_id)

    @property
    def kind(self) -> str:
        return str(self.request.WhichOneof("request"))


@dataclass
class StoredBatch:
    """A batch of the store: its message (an ``xai_api.Batch``) and requests, in order."""

    batch: Any
    created: int
    items: dict[str, Item] = field(default_factory=dict)
    sealed: bool = False
    cancelled: bool = False


class BatchServicer(Servicer):
    """The BatchMgmt service.

    Attributes:
        batches: Every batch, by id.
        pending_polls: ``GetBatch`` calls of its batch a request waits through before it is
            processed (0: processed as soon as it is added).
        replies: Chat replies scripted by ``batch_request_id``.
        failures: Requests that fail, by ``batch_request_id``: the error's message, or
            ``(grpc.StatusCode, message)`` (a message alone is INVALID_ARGUMENT).
        endpoint_costs: Whether ``Batch.cost_breakdown`` lists the cost of each endpoint.
    """

    service = "xai_api.BatchMgmt"

    def __init__(self, server: FakeXai) -> None:
        super().__init__(server)
        self.batches: dict[str, StoredBatch] = {}
        self.pending_polls = 0
        self.replies: dict[str, Reply] = {}
        self.failures: dict[str, str | tuple[grpc.StatusCode, str]] = {}
        self.endpoint_costs = True
        self._lock = threading.RLock()
        self._clock = FIRST_CREATED

    # -- the RPCs -----------------------------------------------------------------------------

    def CreateBatch(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("CreateBatch", request, context)
        if not request.name:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "A batch needs a name.")
        loaded = (
            self._file_requests(request.input_file_id, context) if request.input_file_id else []
        )
        with self._lock:
            created = self._tick()
            batch = message_class("xai_api.Batch")(
                batch_id=self.server.next_id("batch"),
                name=request.name,
                create_api_key_id="key-fake",
            )
            batch.create_time.FromSeconds(created)
            batch.expire_time.FromSeconds(created + LIFETIME)
            stored = StoredBatch(batch, created)
            if request.input_file_id:
                batch.input_file_id = request.input_file_id
            self.batches[batch.batch_id] = stored
            self._add(stored, loaded, context)
            stored.sealed = bool(request.input_file_id)
            return self._view(stored)

    def GetBatch(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetBatch", request, context)
        with self._lock:
            stored = self._batch(request.batch_id, context)
            for item in stored.items.values():
                if item.state == "STATE_PENDING":
                    item.polls_left -= 1
            self._process(stored)
            return self._view(stored)

    def ListBatches(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("ListBatches", request, context)
        with self._lock:
            batches = [self._view(stored) for stored in self.batches.values()]
        response = message_class("xai_api.ListBatchesResponse")()
        page, token = _page(batches, request, context)
        response.batches.extend(page)
        if token:
            response.pagination_token = token
        return response

    def CancelBatch(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("CancelBatch", request, context)
        with self._lock:
            stored = self._batch(request.batch_id, context)
            if not stored.cancelled:
                stored.cancelled = True
                now = self._tick()
                stored.batch.cancel_time.FromSeconds(now)
                for item in stored.items.values():
                    if item.state == "STATE_PENDING":
                        item.state, item.finished = "STATE_CANCELLED", now
            return self._view(stored)

    def AddBatchRequests(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("AddBatchRequests", request, context)
        with self._lock:
            stored = self._batch(request.batch_id, context)
            if stored.sealed:
                context.abort(
                    grpc.StatusCode.FAILED_PRECONDITION,
                    f"Batch {request.batch_id!r} was made from a file: it takes no more requests.",
                )
            if stored.cancelled:
                context.abort(
                    grpc.StatusCode.FAILED_PRECONDITION, f"Batch {request.batch_id!r} is cancelled."
                )
            self._add(stored, list(request.batch_requests), context)
        return message_class("google.protobuf.Empty")()

    def ListBatchRequestMetadata(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("ListBatchRequestMetadata", request, context)
        wanted = set(request.status)
        with self._lock:
            stored = self._batch(request.batch_id, context)
            metadata = [
                self._metadata(item)
                for item in stored.items.values()
                if not wanted or _state(item.state) in wanted
            ]
        response = message_class("xai_api.ListBatchRequestMetadataResponse")()
        page, token = _page(metadata, request, context)
        response.batch_request_metadata.extend(page)
        if token:
            response.pagination_token = token
        return response

    def ListBatchResults(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("ListBatchResults", request, context)
        with self._lock:
            stored = self._batch(request.batch_id, context)
            results = [item.result for item in stored.items.values() if item.result is not None]
        response = message_class("xai_api.ListBatchResultsResponse")()
        page, token = _page(results, request, context)
        response.results.extend(page)
        if token:
            response.pagination_token = token
        return response

    def GetBatchRequestResult(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetBatchRequestResult", request, context)
        with self._lock:
            stored = self._batch(request.batch_id, context)
            item = stored.items.get(request.batch_request_id)
            if item is None:
                context.abort(
                    grpc.StatusCode.NOT_FOUND,
                    f"Batch {request.batch_id!r} has no request {request.batch_request_id!r}.",
                )
            response = message_class("xai_api.GetBatchRequestResultResponse")()
            response.request.CopyFrom(item.request)
            if item.result is not None:
                response.result.CopyFrom(item.result)
            return response

    # -- helpers ------------------------------------------------------------------------------

    def _tick(self) -> int:
        with self._lock:
            now = self._clock
            self._clock += 1
            return now

    def _batch(self, batch_id: str, context: grpc.ServicerContext) -> StoredBatch:
        stored = self.batches.get(batch_id)
        if stored is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"Batch {batch_id!r} not found.")
        return stored

    def _file_requests(self, file_id: str, context: grpc.ServicerContext) -> list[Any]:
        """The requests of a JSONL file of the Files store."""
        found = self.server.servicer("xai_api.Files").store.get(file_id)
        if found is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"File {file_id!r} not found.")
        requests = []
        for number, line in enumerate(found.content.decode("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                requests.append(
                    json_format.ParseDict(json.loads(line), message_class("xai_api.BatchRequest")())
                )
            except (ValueError, json_format.ParseError) as error:
                context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT, f"{file_id}, line {number}: {error}"
                )
        return requests

    def _add(self, stored: StoredBatch, requests: list[Any], context: grpc.ServicerContext) -> None:
        """Check every request first (all or nothing), then add them."""
        ids = set(stored.items)
        for position, batch_request in enumerate(requests):
            if batch_request.WhichOneof("request") is None:
                context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT, f"batch_requests[{position}] has no request."
                )
            request_id = batch_request.batch_request_id
            if request_id and request_id in ids:
                context.abort(
                    grpc.StatusCode.ALREADY_EXISTS,
                    f"The batch already has a request {request_id!r}.",
                )
            ids.add(request_id)
        for batch_request in requests:
            kept = message_class("xai_api.BatchRequest")()
            kept.CopyFrom(batch_request)
            if not kept.batch_request_id:
                kept.batch_request_id = self.server.next_id("req")
            stored.items[kept.batch_request_id] = Item(kept, self._tick(), self.pending_polls)
        self._process(stored)

    def _process(self, stored: StoredBatch) -> None:
        """Answer every pending request whose wait is over."""
        for item in stored.items.values():
            if item.state != "STATE_PENDING" or item.polls_left > 0:
                continue
            result = message_class("xai_api.BatchResult")(batch_request_id=item.id)
            failure = self.failures.get(item.id)
            try:
                if failure is not None:
                    code, message = (
                        failure
                        if isinstance(failure, tuple)
                        else (grpc.StatusCode.INVALID_ARGUMENT, failure)
                    )
                    raise _Refused(code, message)
                self._answer(item, result.response)
                item.state = "STATE_SUCCEEDED"
            except _Refused as refused:
                result.error.code = refused.code.value[0]
                result.error.message = refused.message
                item.state = "STATE_FAILED"
            item.result = result
            item.finished = self._tick()

    def _answer(self, item: Item, data: Any) -> None:
        request = getattr(item.request, item.kind)
        if item.kind == "completion_request":
            if not request.messages:
                raise _Refused(grpc.StatusCode.INVALID_ARGUMENT, "A chat request needs messages.")
            reply = self.replies.get(item.id)
            if reply is None:
                try:
                    reply = default_reply(self.server, request)
                except ValueError as error:
                    raise _Refused(grpc.StatusCode.INVALID_ARGUMENT, str(error)) from None
            data.completion_response.CopyFrom(_Completion(self.server, request, reply).response)
        elif item.kind == "image_request":
            data.image_response.CopyFrom(self._image(request))
        else:
            method = "ExtendVideo" if item.kind == "video_extension_request" else "GenerateVideo"
            if not request.model:
                raise _Refused(grpc.StatusCode.INVALID_ARGUMENT, "A model is required.")
            video = self.server.servicer("xai_api.Video")
            job = VideoJob(method, request, VideoPlan())
            data.video_response.CopyFrom(video._video(item.id, job))

    def _image(self, request: Any) -> Any:
        """What ``Image/GenerateImage`` answers, with the Image servicer's settings."""
        images = self.server.servicer("xai_api.Image")
        n = request.n if request.HasField("n") else 1
        if not request.model or not request.prompt:
            raise _Refused(grpc.StatusCode.INVALID_ARGUMENT, "A model and a prompt are required.")
        if not 1 <= n <= MAX_IMAGES:
            raise _Refused(grpc.StatusCode.INVALID_ARGUMENT, f"n must be 1 to {MAX_IMAGES}.")
        inline = request.format == enum_value("xai_api.ImageFormat", "IMG_FORMAT_BASE64")
        response = message_class("xai_api.ImageResponse")(model=request.model)
        for _ in range(n):
            image = response.images.add(respect_moderation=True)
            if inline:
                encoded = base64.b64encode(images.picture).decode("ascii")
                image.base64 = f"data:{images.mime_type};base64,{encoded}"
            else:
                image.url = f"{images.url_base}/images/{self.server.next_id('img')}.png"
            if request.HasField("storage_options"):
                store(self.server, image, request.storage_options, url_base=images.url_base)
        response.usage.prompt_text_tokens = len(request.prompt.split())
        response.usage.prompt_tokens = response.usage.prompt_text_tokens
        response.usage.total_tokens = response.usage.prompt_tokens
        response.usage.cost_in_usd_ticks = TICKS_PER_IMAGE * n
        return response

    def _metadata(self, item: Item) -> Any:
        metadata = message_class("xai_api.BatchRequestMetadata")(
            batch_request_id=item.id,
            endpoint=ENDPOINTS[item.kind],
            model=getattr(item.request, item.kind).model,
            state=_state(item.state),
        )
        metadata.create_time.FromSeconds(item.created)
        if item.finished is not None:
            metadata.finish_time.FromSeconds(item.finished)
        return metadata

    def _view(self, stored: StoredBatch) -> Any:
        """The batch as the server reports it now: counts and cost."""
        batch = message_class("xai_api.Batch")()
        batch.CopyFrom(stored.batch)
        items = list(stored.items.values())
        state = batch.state
        state.num_requests = len(items)
        state.num_pending = sum(item.state == "STATE_PENDING" for item in items)
        state.num_success = sum(item.state == "STATE_SUCCEEDED" for item in items)
        state.num_error = sum(item.state == "STATE_FAILED" for item in items)
        state.num_cancelled = sum(item.state == "STATE_CANCELLED" for item in items)
        costs: dict[str, list[int]] = {}
        for item in items:
            if item.state == "STATE_SUCCEEDED":
                entry = costs.setdefault(ENDPOINTS[item.kind], [0, 0])
                entry[0] += _cost(item.result)
                entry[1] += 1
        breakdown = batch.cost_breakdown
        breakdown.total_cost_usd_ticks = sum(ticks for ticks, _ in costs.values())
        if self.endpoint_costs:
            for endpoint, (ticks, count) in costs.items():
                breakdown.endpoint_costs.add(
                    endpoint=endpoint, cost_usd_ticks=ticks, request_count=count
                )
        breakdown.calculation_time.FromSeconds(self._clock)
        return batch


class _Refused(Exception):
    def __init__(self, code: grpc.StatusCode, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _state(name: str) -> int:
    return enum_value("xai_api.BatchRequestMetadata.State", name)


def _cost(result: Any) -> int:
    data = result.response
    kind = data.WhichOneof("response")
    return int(getattr(data, kind).usage.cost_in_usd_ticks) if kind else 0


def _page(items: list[Any], request: Any, context: grpc.ServicerContext) -> tuple[list[Any], str]:
    """The page of ``items`` the request asks for, and the token of the next ('' at the end)."""
    limit = request.limit or DEFAULT_PAGE
    if not 0 < limit <= MOST_PER_PAGE:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"limit must be 1-{MOST_PER_PAGE}")
    start = 0
    if request.HasField("pagination_token"):
        try:
            decoded = base64.urlsafe_b64decode(request.pagination_token.encode()).decode()
            start = int(decoded.removeprefix("after:"))
        except (ValueError, UnicodeDecodeError):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "invalid pagination token")
    end = start + limit
    token = base64.urlsafe_b64encode(f"after:{end}".encode()).decode() if end < len(items) else ""
    return items[start:end], token
