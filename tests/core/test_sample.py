"""Text completion requests, and streamed pieces folded into a response, without a server."""

from __future__ import annotations

import datetime

from xai_async._core.sample import SampleAccumulator, SampleResponse, sample_request
from xai_async.proto import xai_api

_STOP, _LENGTH = xai_api.FinishReason.REASON_STOP, xai_api.FinishReason.REASON_MAX_LEN


def _piece(*choices: xai_api.SampleChoice, **fields: object) -> xai_api.SampleTextResponse:
    return xai_api.SampleTextResponse(choices=list(choices), **fields)  # type: ignore[arg-type]


def test_whitespace_stop_sequences_are_allowed() -> None:
    request = sample_request("Once", "grok-3", stop=["\n\n", " "])
    assert request.stop == ["\n\n", " "]
    assert request.n is None
    assert request.logprobs is False


def test_pieces_fold_per_choice_in_any_order() -> None:
    accumulator = SampleAccumulator()
    created = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    pieces = [
        _piece(xai_api.SampleChoice(index=1, text="B1"), id="s-1", model="m", created=created),
        _piece(xai_api.SampleChoice(index=0, text="A1")),
        _piece(xai_api.SampleChoice(index=0, text=" A2", finish_reason=_STOP)),
        _piece(
            xai_api.SampleChoice(index=1, text=" B2", finish_reason=_LENGTH),
            usage=xai_api.SamplingUsage(completion_tokens=4, cost_in_usd_ticks=10),
        ),
    ]
    seen = [accumulator.add(piece) for piece in pieces]
    response = accumulator.response
    assert all(pair[0] is response for pair in seen)
    assert [chunk.text for _, chunk in seen] == ["", "A1", " A2", ""]
    assert response.text == "A1 A2"
    assert [(c.index, c.text, c.finish_reason) for c in response.choices] == [
        (0, "A1 A2", "REASON_STOP"),
        (1, "B1 B2", "REASON_MAX_LEN"),
    ]
    # Fields a piece leaves out keep their value; usage comes with the last piece.
    assert (response.id, response.model, response.created) == ("s-1", "m", created)
    assert response.usage.completion_tokens == 4
    assert response.cost_usd == 10 * 1e-10


def test_an_unfinished_choice_has_no_finish_reason_yet() -> None:
    response = SampleResponse(xai_api.SampleTextResponse())
    assert (response.text, response.finish_reason, list(response.choices)) == ("", "", [])
    response.process_chunk(_piece(xai_api.SampleChoice(index=0, text="partial")))
    assert (response.text, response.finish_reason) == ("partial", "")
    assert response.cost_usd is None
