"""Chat end to end against the fake server: the seed README's snippets, and more."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fake_server import FakeXai, enum_value
from xai_async import AsyncClient
from xai_async.chat import image, system, user


async def test_multi_turn_chat_sends_the_whole_history(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[system("You are a pirate assistant.")])
        for prompt in ["Hello", "Tell me a joke"]:
            chat.append(user(prompt))
            response = await chat.sample()
            assert response.content == f"Ahoy! You said: {prompt}"
            chat.append(response)

    last = fake_xai.received[-1].request
    assert last.model == "grok-3"
    roles = [m.role for m in last.messages]
    names = ["ROLE_SYSTEM", "ROLE_USER", "ROLE_ASSISTANT", "ROLE_USER"]
    assert roles == [enum_value("xai_api.MessageRole", name) for name in names]
    assert last.messages[2].content[0].text == "Ahoy! You said: Hello"
    assert last.n == 1


async def test_streaming_accumulates_the_response(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.reply("Arr, the sea be calm today", citations=["https://x.ai"])
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3")
        chat.append(user("How is the sea?"))
        pieces = []
        async for response, chunk in chat.stream():
            pieces.append(chunk.content)
            assert response.content == "".join(pieces)
        assert len(pieces) == 6
        assert response.content == "Arr, the sea be calm today"
        assert response.finish_reason == "REASON_STOP"
        assert response.role == "ROLE_ASSISTANT"
        assert response.citations == ["https://x.ai"]
        assert response.usage.completion_tokens == 6
        assert response.id == "cmpl-1"


async def test_image_understanding_sends_images_between_text(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-2-vision")
        chat.append(
            user(
                "Which animal looks happier in these images?",
                image("https://example.com/puppy.jpg"),
                image("https://example.com/kitten.jpg", detail="high"),
            )
        )
        response = await chat.sample()
    assert response.content
    parts = fake_xai.received[-1].request.messages[0].content
    assert [p.WhichOneof("content") for p in parts] == ["text", "image_url", "image_url"]
    assert parts[2].image_url.image_url == "https://example.com/kitten.jpg"
    assert parts[2].image_url.detail == enum_value("xai_api.ImageDetail", "DETAIL_HIGH")
    assert parts[1].image_url.detail == enum_value("xai_api.ImageDetail", "DETAIL_AUTO")


async def test_sample_without_messages_is_refused_before_sending(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3")
        with pytest.raises(ValueError, match="no messages"):
            await chat.sample()
    assert fake_xai.received == []
