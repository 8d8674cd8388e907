"""Batch API logic without I/O, shared by ``xai_async.batch`` and ``xai_sync.batch``.

Argument checks, the requests (a chat added to a batch included) and the views of the results;
the packages add only the calls.

A chat joins a batch as the request it would send, with ``n`` left as the chat has it (unset,
as in the official SDK) and its history taken from the wire records the chat kept as it grew:
adding a long conversation to a batch encodes none of its messages again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Literal, TypeVar

from xai_async._core import wire
from xai_async._core.chat.request import BaseChat
from xai_async._core.chat.response import Response, multi_output
from xai_async._core.enums import name_table
from xai_async._core.image import BaseImageResponse
from xai_async._core.methods import Encoded
from xai_async._core.validate import choose, optional_int, optional_str, sequence_of, text
from xai_async._core.video import VideoResponse
from xai_async._core.wrapper import ProtoWrapper
from xai_async.proto import xai_api

__all__ = [
    "BATCH_REQUEST_STATE",
    "BatchRequestState",
    "BatchResult",
    "ImageResponseT",
    "ListBatchResultsResponse",
    "add_request",
    "batch_request_of",
    "create_request",
    "identifier",
    "list_request",
    "metadata_request",
    "result_request",
    "results_request",
]

#: A batch request's state, to filter ``list_batch_requests`` by (``status=``).
BatchRequestState = Literal["pending", "succeeded", "cancelled", "failed"]
BATCH_REQUEST_STATE = name_table(xai_api.BatchRequestMetadataState)

ImageResponseT = TypeVar("ImageResponseT", bound=BaseImageResponse)

_BATCH_REQUESTS_FIELD = 2  # AddBatchRequestsRequest.batch_requests
_BATCH_REQUEST_ID_FIELD = 1  # BatchRequest.batch_request_id
_COMPLETION_REQUEST_FIELD = 2  # BatchRequest.completion_request


# -- arguments -------------------------------------------------------------------------------


def identifier(argument: str, value: object) -> str:
    """``value`` as an id (or a name): a non-blank string."""
    checked = text(argument, value)
    if not checked.strip():
        raise ValueError(f"`{argument}` must not be empty")
    return checked


def _limit(argument: str, value: object) -> int:
    """A page size: at least 1, or ``None`` (sent as 0: the server's default)."""
    return optional_int(argument, value, minimum=1) or 0


def _token(value: object) -> str | None:
    return optional_str("pagination_token", value) or None


def _states(value: object) -> list[xai_api.BatchRequestMetadataState]:
    if isinstance(value, str):
        value = [value]  # one state on its own is clear enough
    states = sequence_of("status", value, object)
    return [
        state
        if isinstance(state, xai_api.BatchRequestMetadataState)
        else choose("status", state, BATCH_REQUEST_STATE)
        for state in states
    ]


# -- requests --------------------------------------------------------------------------------


def create_request(batch_name: object, input_file_id: object) -> xai_api.CreateBatchRequest:
    """A ``CreateBatchRequest``: the batch's name, and the JSONL file to load, if any."""
    request = xai_api.CreateBatchRequest(name=identifier("batch_name", batch_name))
    if input_file_id is not None:
        request.input_file_id = identifier("input_file_id", input_file_id)
    return request


def batch_request_of(item: object, position: int) -> bytes:
    """The wire bytes of one ``BatchRequest``: ``item`` itself, or a chat's request.

    Args:
        item: A ``BatchRequest`` (from ``client.image.prepare`` ...) or a chat from
            ``client.chat.create(..., batch_request_id=...)``.
        position: Where ``item`` stands in ``batch_requests``, for the error messages.

    Raises:
        TypeError: ``item`` is neither.
        ValueError: It carries no request, or a chat (or chat request) has no messages.
    """
    where = f"`batch_requests[{position}]`"
    if isinstance(item, BaseChat):
        if not item._proto.messages:
            raise ValueError(
                f"{where} is a chat with no messages: append one (e.g. chat.append(user(...))) "
                "before adding it to a batch"
            )
        # The chat's request as it stands, ``n`` included (unset unless set on chat.proto),
        # its history taken from the records the chat already encoded.
        completion = wire.codec(xai_api.GetCompletionsRequest).encode_without(
            item._proto, "messages"
        )
        data = wire.record(_COMPLETION_REQUEST_FIELD, completion + item._history())
        if item.batch_request_id is not None:
            request_id = item.batch_request_id.encode("utf-8")
            data = wire.record(_BATCH_REQUEST_ID_FIELD, request_id) + data
        return data
    if not isinstance(item, xai_api.BatchRequest):
        raise TypeError(
            f"{where} must be a BatchRequest (from client.image.prepare, client.video.prepare "
            f"...) or a chat from client.chat.create, got {type(item).__name__}"
        )
    kinds = (
        item.completion_request,
        item.image_request,
        item.video_request,
        item.video_extension_request,
    )
    if all(kind is None for kind in kinds):
        raise ValueError(f"{where} carries no request (chat, image, video or video extension)")
    if item.completion_request is not None and not item.completion_request.messages:
        raise ValueError(f"{where} is a chat request with no messages")
    return wire.codec(xai_api.BatchRequest).encode(item)


def _request_id(item: object) -> str | None:
    if isinstance(item, BaseChat):
        return item.batch_request_id
    if isinstance(item, xai_api.BatchRequest):
        return item.batch_request_id
    return None


def add_request(
    batch_id: object, batch_requests: object
) -> Encoded[xai_api.AddBatchRequestsRequest]:
    """An ``AddBatchRequestsRequest`` of ``batch_requests``, in wire form.

    Raises:
        TypeError: ``batch_requests`` is not a sequence, or holds something other than
            ``BatchRequest`` messages and chats.
        ValueError: It is empty, two of its requests share a ``batch_request_id``, or one
            carries no request (see :func:`batch_request_of`).
    """
    checked_id = identifier("batch_id", batch_id)
    items = sequence_of("batch_requests", batch_requests, object)
    if not items:
        raise ValueError("`batch_requests` is empty: give at least one request to add")
    seen: dict[str, int] = {}
    records = []
    for position, item in enumerate(items):
        records.append(wire.record(_BATCH_REQUESTS_FIELD, batch_request_of(item, position)))
        request_id = _request_id(item)
        if request_id:  # unset or empty: the server makes one up
            if request_id in seen:
                raise ValueError(
                    f"`batch_requests[{seen[request_id]}]` and `batch_requests[{position}]` "
                    f"share the batch_request_id {request_id!r}: each must be unique in a batch"
                )
            seen[request_id] = position
    head = wire.codec(xai_api.AddBatchRequestsRequest).encode(
        xai_api.AddBatchRequestsRequest(batch_id=checked_id)
    )
    return Encoded(xai_api.AddBatchRequestsRequest, head + b"".join(records))


def list_request(
    limit: object, pagination_token: object, *, limit_argument: str = "limit"
) -> xai_api.ListBatchesRequest:
    """A ``ListBatchesRequest``; ``limit_argument`` is how the caller names the page size."""
    return xai_api.ListBatchesRequest(
        limit=_limit(limit_argument, limit), pagination_token=_token(pagination_token)
    )


def metadata_request(
    batch_id: object,
    limit: object,
    pagination_token: object,
    status: object = None,
    *,
    limit_argument: str = "limit",
) -> xai_api.ListBatchRequestMetadataRequest:
    """A ``ListBatchRequestMetadataRequest``; ``status`` keeps requests in those states."""
    return xai_api.ListBatchRequestMetadataRequest(
        batch_id=identifier("batch_id", batch_id),
        limit=_limit(limit_argument, limit),
        pagination_token=_token(pagination_token),
        status=_states(status),
    )


def results_request(
    batch_id: object, limit: object, pagination_token: object, *, limit_argument: str = "limit"
) -> xai_api.ListBatchResultsRequest:
    """A ``ListBatchResultsRequest``."""
    return xai_api.ListBatchResultsRequest(
        batch_id=identifier("batch_id", batch_id),
        limit=_limit(limit_argument, limit),
        pagination_token=_token(pagination_token),
    )


def result_request(
    batch_id: object, batch_request_id: object
) -> xai_api.GetBatchRequestResultRequest:
    """A ``GetBatchRequestResultRequest``: one request of a batch, by its id."""
    return xai_api.GetBatchRequestResultRequest(
        batch_id=identifier("batch_id", batch_id),
        batch_request_id=identifier("batch_request_id", batch_request_id),
    )


# -- results ---------------------------------------------------------------------------------


class BatchResult(ProtoWrapper[xai_api.BatchResult], Generic[ImageResponseT]):
    """What one request of a batch produced: a chat, image or video response, or an error.

    ``.proto`` is the ``BatchResult`` message. Read the response that matches the request:
    ``response`` for a chat, ``image_response`` for an image, ``video_response`` for a video;
    reading another (or any of them after an error) raises ``ValueError`` saying what the
    result holds instead.

    Args:
        proto: The result message.
        image_response_type: The image response class of the package (its ``image`` reads the
            bytes, awaited in ``xai_async``).
        request: The request that produced the result, when the server sent it back
            (``get_batch_request_result``).
    """

    __slots__ = ("_image_type", "_request")

    def __init__(
        self,
        proto: xai_api.BatchResult,
        image_response_type: Callable[[xai_api.ImageResponse, int], ImageResponseT],
        request: xai_api.BatchRequest | None = None,
    ) -> None:
        super().__init__(proto)
        self._image_type = image_response_type
        self._request = request

    @property
    def batch_request_id(self) -> str:
        """The request's id: yours (``batch_request_id=``), or one the server gave it."""
        return self._proto.batch_request_id

    @property
    def request(self) -> xai_api.BatchRequest | None:
        """The request itself (from ``get_batch_request_result`` only; else ``None``)."""
        return self._request

    @property
    def has_error(self) -> bool:
        """Whether the request failed (``error_message`` says why)."""
        error = self._proto.error
        return error is not None and error.code != 0

    @property
    def is_success(self) -> bool:
        """Whether the request produced a response."""
        return self._proto.response is not None and not self.has_error

    @property
    def error_message(self) -> str | None:
        """Why the request failed, or ``None`` if it did not."""
        error = self._proto.error
        return error.message if error is not None and error.code != 0 else None

    @property
    def error_code(self) -> int | None:
        """The failure's gRPC status code (e.g. 3, INVALID_ARGUMENT), or ``None``."""
        error = self._proto.error
        return error.code if error is not None and error.code != 0 else None

    @property
    def response(self) -> Response:
        """The chat completion of a chat request.

        An empty ``Response`` (content ``""``) when the request failed or was no chat request,
        as in the official SDK, so code that reads every result's content keeps working;
        check ``has_error`` / ``error_message`` to tell.
        """
        data = self._response_data()
        completion = None if data is None else data.completion_response
        if completion is None:
            return Response(xai_api.GetChatCompletionResponse(), 0)
        return Response(completion, multi_output(0, completion.outputs))

    @property
    def image_response(self) -> ImageResponseT:
        """The (first) generated image of an image request.

        Raises:
            ValueError: The request failed, or was not an image request.
        """
        data = self._response_data()
        image = None if data is None else data.image_response
        if image is None:
            raise self._missing("an image response")
        return self._image_type(image, 0)

    @property
    def video_response(self) -> VideoResponse:
        """The generated video of a video (or video extension) request.

        Raises:
            ValueError: The request failed, or was not a video request.
        """
        data = self._response_data()
        video = None if data is None else data.video_response
        if video is None:
            raise self._missing("a video response")
        return VideoResponse(video)

    def _response_data(self) -> xai_api.BatchResultData | None:
        return None if self.has_error else self._proto.response

    def _kind(self) -> str:
        """What the result holds, in words."""
        data = self._response_data()
        if self.has_error:
            return "an error"
        if data is None:
            return "no response yet"
        for field, words in _KINDS:
            if getattr(data, field) is not None:
                return words
        return "an empty response"

    def _missing(self, wanted: str) -> ValueError:
        if self.has_error:
            return ValueError(
                f"Batch request {self.batch_request_id!r} failed (code {self.error_code}): "
                f"{self.error_message}"
            )
        return ValueError(
            f"Batch request {self.batch_request_id!r} holds {self._kind()}, not {wanted}."
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(batch_request_id={self.batch_request_id!r}, {self._kind()})"


_KINDS = (
    ("completion_response", "a chat completion"),
    ("image_response", "an image response"),
    ("video_response", "a video response"),
)


class ListBatchResultsResponse(
    ProtoWrapper[xai_api.ListBatchResultsResponse], Generic[ImageResponseT]
):
    """A page of a batch's results; ``.proto`` is the ``ListBatchResultsResponse`` message.

    Args:
        proto: The page.
        image_response_type: The image response class of the package (see
            :class:`BatchResult`).
    """

    __slots__ = ("_results",)

    def __init__(
        self,
        proto: xai_api.ListBatchResultsResponse,
        image_response_type: Callable[[xai_api.ImageResponse, int], ImageResponseT],
    ) -> None:
        super().__init__(proto)
        self._results = [BatchResult(result, image_response_type) for result in proto.results]

    @property
    def results(self) -> Sequence[BatchResult[ImageResponseT]]:
        """Every result of the page, in the server's order, failed or not."""
        return self._results

    @property
    def succeeded(self) -> Sequence[BatchResult[ImageResponseT]]:
        """The results that hold a response."""
        return [result for result in self._results if result.is_success]

    @property
    def failed(self) -> Sequence[BatchResult[ImageResponseT]]:
        """The results that hold an error."""
        return [result for result in self._results if result.has_error]

    @property
    def pagination_token(self) -> str | None:
        """The token of the next page, or ``None`` on the last one."""
        return self._proto.pagination_token or None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(results={len(self._results)}, "
            f"succeeded={len(self.succeeded)}, failed={len(self.failed)}, "
            f"pagination_token={self.pagination_token!r})"
        )
