"""A chat's history is encoded once, as it grows; what is sent is always what the chat holds."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fake_server import message_class
from xai_async._core import wire
from xai_async._core.chat import BaseChat
from xai_async.chat import system, user
from xai_async.proto import xai_api


def _sent(chat: BaseChat) -> Any:
    """The request as the server decodes it (protobuf, the fake server's independent codec)."""
    request = chat._request()
    return message_class("xai_api.GetCompletionsRequest").FromString(request.data)


def _texts(request: Any) -> list[str]:
    return [message.content[0].text for message in request.messages]


def test_the_wire_request_equals_the_chat_with_n_set_to_one() -> None:
    chat = BaseChat(
        xai_api.GetCompletionsRequest(
            model="grok-3", messages=[system("be brief"), user("hi")], temperature=0.5, n=3
        )
    )
    request = chat._request()
    expected = xai_api.GetCompletionsRequest(
        model="grok-3", messages=[system("be brief"), user("hi")], temperature=0.5, n=1
    )
    assert xai_api.GetCompletionsRequest.parse(request.data) == expected
    assert chat.proto.n == 3  # sampling does not change the chat


def test_each_message_is_encoded_once_however_often_the_chat_is_sampled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    codec = wire.codec(xai_api.Message)
    encoded: list[Any] = []
    real_encode = codec.encode
    monkeypatch.setattr(type(codec), "encode", lambda self, m: encoded.append(m) or real_encode(m))
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-3", messages=[system("s")]))
    for turn in range(5):
        chat.append(user(f"turn {turn}"))
        chat._request()
        chat._request()
    assert len(encoded) == 6  # the system prompt and five user turns, once each
    assert _texts(_sent(chat)) == ["s"] + [f"turn {t}" for t in range(5)]


def test_a_message_is_copied_when_appended() -> None:
    # As in the official SDK: later edits of the caller's object do not reach the chat.
    mine = user("original")
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-3"))
    chat.append(mine)
    mine.content[0].text = "edited afterwards"
    assert chat.messages[0] is not mine
    assert chat.messages[0].content[0].text == "original"
    assert _texts(_sent(chat)) == ["original"]


def test_messages_replaced_inserted_or_removed_in_the_proto_are_sent_as_they_are() -> None:
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-3"))
    for text in ("a", "b", "c"):
        chat.append(user(text))
    chat.proto.messages[1] = user("B")
    chat.proto.messages.insert(0, system("first"))
    del chat.proto.messages[-1]
    assert _texts(_sent(chat)) == ["first", "a", "B"]
    chat.proto.messages.reverse()
    assert _texts(_sent(chat)) == ["B", "a", "first"]


def test_header_fields_changed_through_the_proto_are_sent() -> None:
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-3", messages=[user("hi")]))
    chat.proto.temperature = 0.25
    chat.proto.model = "grok-4"
    sent = _sent(chat)
    assert (sent.model, sent.temperature, sent.n) == ("grok-4", 0.25, 1)


def test_a_message_edited_in_place_is_sent_as_edited() -> None:
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-4", messages=[user("original")]))
    chat._request()  # encoded once, cached
    chat.messages[0].content[0].text = "edited"
    chat.proto.messages[0].name = "sam"
    sent = wire.codec(xai_api.GetCompletionsRequest).decode(chat._request().data)
    assert (sent.messages[0].content[0].text, sent.messages[0].name) == ("edited", "sam")
