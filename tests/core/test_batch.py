"""Batch requests and results without a server: signatures, the wire, the result views.

The official SDK's encoding of ``batch.add`` was recorded (``xai_sdk`` 1.21,
``SerializeToString`` of the ``AddBatchRequestsRequest`` its ``add`` builds) and is compared
here message for message, decoded by the fake server's independent codec.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

import pytest

from tests.fake_server import message_class
from xai_async import batch
from xai_async._core.batch import (
    BATCH_REQUEST_STATE,
    BatchRequestState,
    BatchResult,
    ListBatchResultsResponse,
    add_request,
    create_request,
    list_request,
    metadata_request,
    result_request,
    results_request,
)
from xai_async._core.chat import BaseChat, BaseChatClient, assistant, image, system, user
from xai_async._core.image import BaseImageClient, BaseImageResponse
from xai_async._core.video import BaseVideoClient
from xai_async.proto import xai_api
from xai_async.proto.google import rpc


class Chats(BaseChatClient[BaseChat]):
    """``client.chat`` without a client: ``create`` builds the chat, nothing is sent."""

    def _make_chat(
        self,
        request: xai_api.GetCompletionsRequest,
        *,
        conversation_id: str | None,
        batch_request_id: str | None,
    ) -> BaseChat:
        return BaseChat(request, conversation_id=conversation_id, batch_request_id=batch_request_id)


CHATS = Chats()

# -- the official signatures, plus keywords at the end ------------------------------------------

P, K, E = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY, "E"
PAGE = [("limit", P, None), ("pagination_token", P, None)]
#: xai_sdk 1.21's ``aio.batch.Client``, then the keyword-only arguments this SDK adds.
OFFICIAL: dict[str, tuple[list[tuple[str, Any, Any]], list[str]]] = {
    "create": ([("batch_name", P, E), ("input_file_id", K, None)], ["timeout"]),
    "add": ([("batch_id", P, E), ("batch_requests", P, E)], ["timeout"]),
    "get": ([("batch_id", P, E)], ["timeout"]),
    "cancel": ([("batch_id", P, E)], ["timeout"]),
    "list": (PAGE, ["timeout"]),
    "list_batch_requests": ([("batch_id", P, E), *PAGE], ["status", "timeout"]),
    "list_batch_results": ([("batch_id", P, E), *PAGE], ["timeout"]),
}


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_signatures_are_the_official_ones_plus_keywords_at_the_end(name: str) -> None:
    official, added = OFFICIAL[name]
    method = getattr(batch.AsyncBatchClient, name)
    assert inspect.iscoroutinefunction(method)
    shape = [
        (p.name, p.kind, E if p.default is inspect.Parameter.empty else p.default)
        for p in list(inspect.signature(method).parameters.values())[1:]
    ]
    assert shape == [*official, *[(keyword, K, None) for keyword in added]]


def test_the_state_alias_lists_exactly_the_table() -> None:
    assert list(typing.get_args(BatchRequestState)) == list(BATCH_REQUEST_STATE)
    assert BATCH_REQUEST_STATE["failed"] is xai_api.BatchRequestMetadataState.FAILED


# -- add: what the official SDK sends ---------------------------------------------------------

#: xai_sdk 1.21's ``batch.add("batch-1", [chat, bare_chat, picture])`` for the chats below.
RECORDED_ADD = (
    "0a0762617463682d31129a010a0a6361706974616c5f756b128b010a190a150a13416e7377657220696e206f"
    "6e6520776f72642e10030a3b0a200a1e5768617420697320746865206361706974616c206f66207468652055"
    "4b3f0a1512130a0f68747470733a2f2f612f782e706e67100310010a0c0a080a064c6f6e646f6e10020a140a"
    "100a0e416e64206f66204672616e63653f1001120667726f6b2d343832750000003f121912170a080a040a02"
    "48691001120b67726f6b2d332d6d696e6912260a037069631a1f0a056120636174121267726f6b2d696d6167"
    "696e652d696d61676518015802"
)


def _decoded_add(data: bytes) -> Any:
    return message_class("xai_api.AddBatchRequestsRequest").FromString(data)


def test_chats_and_prepared_requests_are_sent_as_the_official_sdk_sends_them() -> None:
    chat = CHATS.create(
        "grok-4",
        max_tokens=50,
        temperature=0.5,
        batch_request_id="capital_uk",
        messages=[system("Answer in one word.")],
    )
    chat.append(user("What is the capital of the UK?", image("https://a/x.png", detail="high")))
    chat.append(assistant("London"))
    chat.append(user("And of France?"))
    bare = CHATS.create("grok-3-mini").append(user("Hi"))
    picture = BaseImageClient().prepare("a cat", "grok-imagine-image", batch_request_id="pic")
    encoded = add_request("batch-1", [chat, bare, picture])
    assert encoded.message_type is xai_api.AddBatchRequestsRequest
    assert _decoded_add(encoded.data) == _decoded_add(bytes.fromhex(RECORDED_ADD))


def test_a_chat_is_sent_as_it_stands_when_added() -> None:
    chat = CHATS.create("grok-4", batch_request_id="a").append(system("old")).append(user("Hi"))
    add_request("b", [chat])  # the history's records are kept, then the chat changes:
    chat.proto.messages[0] = system("new")  # replaced through the proto
    chat.append(user("More"))
    sent = _decoded_add(add_request("b", [chat]).data).batch_requests[0]
    texts = [m.content[0].text for m in sent.completion_request.messages]
    assert texts == ["new", "Hi", "More"]
    assert sent.batch_request_id == "a"
    assert not sent.completion_request.HasField("n")  # as the official SDK: n left unset
    chat.proto.n = 2  # ... unless the chat's own request says otherwise
    assert _decoded_add(add_request("b", [chat]).data).batch_requests[0].completion_request.n == 2


def test_video_requests_and_hand_made_messages_travel_whole() -> None:
    videos = BaseVideoClient()
    clip = videos.prepare("a dog", "grok-imagine-video", batch_request_id="v", duration=5)
    longer = videos.prepare_extension(
        "more", "grok-imagine-video", "https://a/v.mp4", batch_request_id="w"
    )
    by_hand = xai_api.BatchRequest(
        completion_request=xai_api.GetCompletionsRequest(
            model="grok-4", messages=[xai_api.Message(role=xai_api.MessageRole.ROLE_USER)]
        )
    )
    sent = _decoded_add(add_request("b", [clip, longer, by_hand]).data)
    assert [r.WhichOneof("request") for r in sent.batch_requests] == [
        "video_request",
        "video_extension_request",
        "completion_request",
    ]
    assert sent.batch_requests[0].video_request.duration == 5
    assert sent.batch_requests[1].video_extension_request.video.url == "https://a/v.mp4"
    assert not sent.batch_requests[2].HasField("batch_request_id")


@pytest.mark.parametrize(
    ("batch_id", "requests", "error", "match"),
    [
        ("", "chat", ValueError, "`batch_id` must not be empty"),
        (7, "chat", TypeError, "`batch_id` must be a string"),
        ("b", [], ValueError, "`batch_requests` is empty"),
        ("b", "a string", TypeError, "`batch_requests` must be a sequence"),
        ("b", None, ValueError, "`batch_requests` is empty"),
        ("b", ["hello"], TypeError, r"`batch_requests\[0\]` must be a BatchRequest"),
        ("b", [xai_api.BatchRequest()], ValueError, r"`batch_requests\[0\]` carries no request"),
        ("b", ["empty chat"], ValueError, r"`batch_requests\[0\]` is a chat with no messages"),
        ("b", ["no messages"], ValueError, "chat request with no messages"),
        ("b", ["twins"], ValueError, r"`batch_requests\[0\]` and `batch_requests\[1\]` share"),
    ],
)
def test_bad_additions_are_refused(
    batch_id: Any, requests: Any, error: type[Exception], match: str
) -> None:
    made = {
        "empty chat": CHATS.create("grok-4"),
        "no messages": xai_api.BatchRequest(
            completion_request=xai_api.GetCompletionsRequest(model="m")
        ),
    }
    if requests == "chat":
        requests = [CHATS.create("grok-4").append(user("Hi"))]
    elif requests == ["twins"]:
        requests = [
            CHATS.create("grok-4", batch_request_id="same").append(user("Hi")),
            BaseImageClient().prepare("cat", "m", batch_request_id="same"),
        ]
    elif isinstance(requests, list):
        requests = [made.get(item, item) if isinstance(item, str) else item for item in requests]
    with pytest.raises(error, match=match):
        add_request(batch_id, requests)


def test_requests_without_ids_may_be_many() -> None:
    pictures = [BaseImageClient().prepare("cat", "m") for _ in range(2)]  # id "" each
    sent = _decoded_add(add_request("b", pictures).data)
    assert [r.batch_request_id for r in sent.batch_requests] == ["", ""]


# -- the other requests ----------------------------------------------------------------------


def test_other_requests_check_their_arguments() -> None:
    assert create_request("nightly", None) == xai_api.CreateBatchRequest(name="nightly")
    assert create_request("n", "file-1").input_file_id == "file-1"
    with pytest.raises(ValueError, match="`batch_name`"):
        create_request("  ", None)
    with pytest.raises(ValueError, match="`input_file_id`"):
        create_request("n", "")
    assert list_request(None, None) == xai_api.ListBatchesRequest()
    assert list_request(5, "t") == xai_api.ListBatchesRequest(limit=5, pagination_token="t")
    with pytest.raises(ValueError, match="`page_size`"):
        list_request(0, None, limit_argument="page_size")
    with pytest.raises(TypeError, match="`pagination_token`"):
        results_request("b", None, 3)
    filtered = metadata_request("b", None, None, ["failed", "cancelled"])
    assert filtered.status == [
        xai_api.BatchRequestMetadataState.FAILED,
        xai_api.BatchRequestMetadataState.CANCELLED,
    ]
    assert metadata_request("b", None, None, "pending").status == [
        xai_api.BatchRequestMetadataState.PENDING
    ]
    with pytest.raises(ValueError, match="`status` must be one of 'pending'"):
        metadata_request("b", None, None, ["done"])
    with pytest.raises(ValueError, match="`batch_request_id`"):
        result_request("b", "")


# -- results ---------------------------------------------------------------------------------


def _completion(text: str) -> xai_api.GetChatCompletionResponse:
    return xai_api.GetChatCompletionResponse(
        id="cmpl-1",
        outputs=[
            xai_api.CompletionOutput(
                index=0,
                message=xai_api.CompletionMessage(
                    content=text, role=xai_api.MessageRole.ROLE_ASSISTANT
                ),
            )
        ],
    )


def _page() -> ListBatchResultsResponse[BaseImageResponse]:
    results = [
        xai_api.BatchResult(
            batch_request_id="chat",
            response=xai_api.BatchResultData(completion_response=_completion("Paris")),
        ),
        xai_api.BatchResult(
            batch_request_id="pic",
            response=xai_api.BatchResultData(
                image_response=xai_api.ImageResponse(
                    model="m",
                    images=[xai_api.GeneratedImage(url="https://a/p.png", respect_moderation=True)],
                )
            ),
        ),
        xai_api.BatchResult(
            batch_request_id="clip",
            response=xai_api.BatchResultData(
                video_response=xai_api.VideoResponse(
                    video=xai_api.GeneratedVideo(url="https://a/v.mp4", duration=4)
                )
            ),
        ),
        xai_api.BatchResult(
            batch_request_id="bad", error=rpc.Status(code=3, message="no such model")
        ),
    ]
    return ListBatchResultsResponse(
        xai_api.ListBatchResultsResponse(results=results), BaseImageResponse
    )


def test_results_read_back_as_the_responses_of_their_requests() -> None:
    page = _page()
    chat, picture, clip, bad = page.results
    assert chat.response.content == "Paris"
    assert chat.response.id == "cmpl-1"
    assert picture.image_response.url == "https://a/p.png"
    assert isinstance(picture.image_response, BaseImageResponse)
    assert (clip.video_response.url, clip.video_response.duration) == ("https://a/v.mp4", 4)
    assert [r.batch_request_id for r in page.succeeded] == ["chat", "pic", "clip"]
    assert [r.batch_request_id for r in page.failed] == ["bad"]
    assert (bad.has_error, bad.is_success, bad.error_code) == (True, False, 3)
    assert bad.error_message == "no such model"
    assert (chat.has_error, chat.is_success, chat.error_message, chat.error_code) == (
        False,
        True,
        None,
        None,
    )
    assert page.pagination_token is None
    assert chat.request is None
    assert isinstance(chat.proto, xai_api.BatchResult)
    assert repr(bad) == "BatchResult(batch_request_id='bad', an error)"
    assert "succeeded=3, failed=1" in repr(page)


def test_reading_the_wrong_response_says_what_the_result_holds() -> None:
    chat, picture, _, bad = _page().results
    with pytest.raises(ValueError, match="'chat' holds a chat completion, not an image response"):
        chat.image_response  # noqa: B018
    # A chat response stays readable whatever the result holds (empty), as in the official SDK.
    assert picture.response.content == ""
    assert bad.response.content == ""
    with pytest.raises(ValueError, match=r"'bad' failed \(code 3\): no such model"):
        bad.video_response  # noqa: B018
    waiting = BatchResult(xai_api.BatchResult(batch_request_id="w"), BaseImageResponse)
    assert (waiting.has_error, waiting.is_success) == (False, False)
    with pytest.raises(ValueError, match="holds no response yet"):
        waiting.video_response  # noqa: B018
