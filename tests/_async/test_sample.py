"""``client.sample`` against the fake server, whose completions echo the prompt."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.fake_server import FakeXai
from xai_async import AsyncClient, DeadlineExceededError, InternalServerError
from xai_async.sample import SampleResponse


async def test_sample_text_returns_the_completion(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        response = await client.sample.sample_text("The lamp was lit", model="grok-3")
    assert isinstance(response, SampleResponse)
    assert response.text == " Echo: The lamp was lit"
    assert response.finish_reason == "REASON_STOP"
    assert [(c.index, c.text) for c in response.choices] == [(0, " Echo: The lamp was lit")]
    assert (response.id, response.model) == ("sample-1", "grok-3")
    assert response.created == datetime.datetime(2025, 10, 9, 12, tzinfo=datetime.timezone.utc)
    assert response.system_fingerprint == "fp_sample_0b1c2d"
    usage = response.usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (4, 5, 9)
    assert response.cost_usd == pytest.approx((4 * 2_000 + 5 * 5_000) * 1e-10)
    assert response.proto.choices[0].text == response.text

    (call,) = fake_xai.received
    assert call.method == "SampleText"
    request = call.request
    assert (list(request.prompt), request.model) == (["The lamp was lit"], "grok-3")
    for unset in ("n", "max_tokens", "seed", "temperature", "top_p", "top_logprobs"):
        assert not request.HasField(unset), unset
    assert not request.HasField("frequency_penalty")
    assert not request.HasField("presence_penalty")
    assert (list(request.stop), request.logprobs, request.user) == ([], False, "")


async def test_every_parameter_reaches_the_wire(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        await client.sample.sample_text(
            "Once",
            "grok-3-mini",
            n=2,
            max_tokens=16,
            seed=-7,
            stop=["\n\n", "THE END"],
            temperature=0.5,
            top_p=0.25,
            frequency_penalty=-1.5,
            presence_penalty=2,
            logprobs=True,
            top_logprobs=3,
            user="user-42",
        )
    request = fake_xai.received[0].request
    assert (request.n, request.max_tokens, request.seed) == (2, 16, -7)
    assert list(request.stop) == ["\n\n", "THE END"]
    assert (request.temperature, request.top_p) == (0.5, 0.25)
    assert (request.frequency_penalty, request.presence_penalty) == (-1.5, 2.0)
    assert (request.logprobs, request.top_logprobs, request.user) == (True, 3, "user-42")


async def test_several_prompts_and_n_give_one_choice_each(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        response = await client.sample.sample_text(["North", "South"], "grok-3", n=2)
    assert [(c.index, c.text) for c in response.choices] == [
        (0, " Echo: North"),
        (1, " Echo: North (2)"),
        (2, " Echo: South"),
        (3, " Echo: South (2)"),
    ]
    assert response.text == " Echo: North"
    assert list(fake_xai.received[0].request.prompt) == ["North", "South"]


async def test_max_tokens_and_stop_end_completions(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        cut = await client.sample.sample_text("one two three four", "grok-3", max_tokens=2)
        stopped = await client.sample.sample_text("one two. three", "grok-3", stop=["."])
    assert (cut.text, cut.finish_reason) == (" Echo: one", "REASON_MAX_LEN")
    assert (stopped.text, stopped.finish_reason) == (" Echo: one two", "REASON_STOP")


async def test_stream_text_accumulates_the_completion(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        pieces = []
        async with client.sample.stream_text("The fog lifted", "grok-3") as stream:
            async for response, chunk in stream:
                pieces.append(chunk.text)
                assert response is stream.response
                assert response.text == "".join(pieces)
    assert pieces == [" Echo:", " The", " fog", " lifted"]
    assert response.finish_reason == "REASON_STOP"
    assert response.usage.completion_tokens == 4
    assert response.cost_usd is not None
    assert (response.id, response.model) == ("sample-1", "grok-3")
    assert response.proto.choices[0].text == " Echo: The fog lifted"
    (call,) = fake_xai.received
    assert call.method == "SampleTextStreaming"
    assert list(call.request.prompt) == ["The fog lifted"]


async def test_streamed_choices_are_kept_apart(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.servicer("xai_api.Sample").scripted.append(" and the ships came home")
    async with AsyncClient(**client_kwargs) as client:
        stream = client.sample.stream_text("Dawn", "grok-3", n=2, max_tokens=4)
        finished = []
        async for _response, chunk in stream:
            finished += [c.index for c in chunk.choices if c.finish_reason]
    assert finished == [0, 1]
    assert [(c.text, c.finish_reason) for c in stream.response.choices] == [
        (" and the ships came", "REASON_MAX_LEN"),
        (" and the ships came", "REASON_MAX_LEN"),
    ]
    assert fake_xai.received[0].request.n == 2


async def test_leaving_a_stream_early_cancels_it_on_the_server(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.chunk_delay = 0.05
    async with AsyncClient(**client_kwargs) as client:
        async with client.sample.stream_text(" ".join(["word"] * 200), "grok-3") as stream:
            async for _response, chunk in stream:
                assert chunk.text == " Echo:"
                break
        assert fake_xai.wait_for_cancel("SampleTextStreaming")
        assert stream.response.text == " Echo:"


async def test_stream_failures_and_timeouts_surface_typed(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        fake_xai.stop_stream_after = 2
        stream = client.sample.stream_text("a b c d", "grok-3")
        assert [chunk.text for _, chunk in [await stream.__anext__() for _ in range(2)]] == [
            " Echo:",
            " a",
        ]
        with pytest.raises(InternalServerError, match="midway"):
            await stream.__anext__()
        assert stream.response.text == " Echo: a"
        fake_xai.stop_stream_after = None
        fake_xai.chunk_delay = 0.3
        with pytest.raises(DeadlineExceededError):
            async for _ in client.sample.stream_text("a b c d", "grok-3", timeout=0.2):
                pass


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"prompt": []}, ValueError, "`prompt` is empty"),
        ({"prompt": 3}, TypeError, "`prompt`"),
        ({"prompt": ["ok", None]}, TypeError, "`prompt`"),
        ({"model": ""}, ValueError, "`model`"),
        ({"n": 0}, ValueError, "`n`"),
        ({"n": 1.5}, TypeError, "`n`"),
        ({"max_tokens": 0}, ValueError, "`max_tokens`"),
        ({"seed": 2**31}, ValueError, "`seed`"),
        ({"stop": "END"}, TypeError, "`stop`"),
        ({"stop": ["a", "b", "c", "d", "e"]}, ValueError, "`stop` takes at most 4 sequences"),
        ({"stop": [""]}, ValueError, "`stop`"),
        ({"temperature": 2.5}, ValueError, "`temperature`"),
        ({"temperature": float("nan")}, ValueError, "`temperature`"),
        ({"top_p": -0.1}, ValueError, "`top_p`"),
        ({"frequency_penalty": 3}, ValueError, "`frequency_penalty`"),
        ({"presence_penalty": "high"}, TypeError, "`presence_penalty`"),
        ({"logprobs": None}, TypeError, "`logprobs`"),
        ({"logprobs": True, "top_logprobs": 9}, ValueError, "`top_logprobs`"),
        ({"top_logprobs": 2}, ValueError, "needs `logprobs=True`"),
        ({"user": 5}, TypeError, "`user`"),
        ({"timeout": 0}, ValueError, "timeout"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    arguments: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    call = {"prompt": "Once", "model": "grok-3", **arguments}
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            await client.sample.sample_text(**call)
        with pytest.raises(error, match=match):
            client.sample.stream_text(**call)  # checked before any stream exists
    assert fake_xai.received == []
