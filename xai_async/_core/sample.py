"""Raw text completion (the ``Sample`` service): the request, and the responses read back.

The model continues each prompt as plain text, with no chat roles or template. A response has
one :class:`SampleChoice` per completion (``n`` per prompt); a stream sends the same message
type in pieces, which :class:`SampleAccumulator` folds into one :class:`SampleResponse`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from xai_async._core.cost import cost_usd_from_usage
from xai_async._core.models import model_name
from xai_async._core.validate import (
    optional_float,
    optional_int,
    optional_str,
    sequence_of,
    text,
)
from xai_async._core.wrapper import ProtoWrapper, present, proto_name
from xai_async.proto import xai_api

__all__ = [
    "SampleAccumulator",
    "SampleChoice",
    "SampleChunk",
    "SampleResponse",
    "sample_request",
]

INT32_MIN = -(2**31)


def _prompts(prompt: object) -> list[str]:
    prompts = [prompt] if isinstance(prompt, str) else sequence_of("prompt", prompt, str)
    if not prompts:
        raise ValueError("`prompt` is empty: pass a string, or a sequence of strings")
    return [text("prompt", item) for item in prompts]


def _stops(stop: object) -> list[str]:
    # Not ``text_list``: whitespace such as "\n\n" is a usual stop sequence here.
    stops = sequence_of("stop", stop, str)
    if len(stops) > 4:
        raise ValueError(f"`stop` takes at most 4 sequences, got {len(stops)}")
    for position, item in enumerate(stops):
        if not text("stop", item):
            raise ValueError(f"`stop` item {position} is empty")
    return stops


def sample_request(
    prompt: object,
    model: object,
    *,
    n: object = None,
    max_tokens: object = None,
    seed: object = None,
    stop: object = None,
    temperature: object = None,
    top_p: object = None,
    frequency_penalty: object = None,
    presence_penalty: object = None,
    logprobs: object = False,
    top_logprobs: object = None,
    user: object = None,
) -> xai_api.SampleTextRequest:
    """The ``SampleText`` request, every argument checked (see ``client.sample.sample_text``).

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: An argument is out of range.
    """
    if not isinstance(logprobs, bool):
        raise TypeError(f"`logprobs` must be a bool, got {type(logprobs).__name__}")
    checked_top_logprobs = optional_int("top_logprobs", top_logprobs, 0, 8)
    if checked_top_logprobs is not None and not logprobs:
        raise ValueError("`top_logprobs` needs `logprobs=True`")
    return xai_api.SampleTextRequest(
        prompt=_prompts(prompt),
        model=model_name(model),
        n=optional_int("n", n, minimum=1),
        max_tokens=optional_int("max_tokens", max_tokens, minimum=1),
        seed=optional_int("seed", seed, minimum=INT32_MIN),
        stop=_stops(stop),
        temperature=optional_float("temperature", temperature, 0, 2),
        top_p=optional_float("top_p", top_p, 0, 1),
        frequency_penalty=optional_float("frequency_penalty", frequency_penalty, -2, 2),
        presence_penalty=optional_float("presence_penalty", presence_penalty, -2, 2),
        logprobs=logprobs,
        top_logprobs=checked_top_logprobs,
        user=optional_str("user", user) or "",
    )


class SampleChoice(ProtoWrapper[xai_api.SampleChoice]):
    """One completion: its ``text`` and why it ended."""

    __slots__ = ()

    @property
    def index(self) -> int:
        """Which completion this is (with several prompts, ``n`` per prompt in order)."""
        return self._proto.index

    @property
    def text(self) -> str:
        """The generated text (the prompt is not repeated)."""
        return self._proto.text

    @property
    def finish_reason(self) -> str:
        """Why generation stopped: ``"REASON_STOP"``, ``"REASON_MAX_LEN"`` ...

        ``""`` while a streamed choice is still running.
        """
        reason = self._proto.finish_reason
        return proto_name(reason) if reason else ""


class _SampleView(ProtoWrapper[xai_api.SampleTextResponse]):
    """What responses and streamed pieces both say."""

    __slots__ = ()

    @property
    def id(self) -> str:
        """The completion's id."""
        return self.proto.id

    @property
    def model(self) -> str:
        """The model that answered (its full name, even when called by an alias)."""
        return self.proto.model

    @property
    def created(self) -> datetime.datetime | None:
        """When the server made the completion."""
        return self.proto.created

    @property
    def system_fingerprint(self) -> str:
        """The backend configuration that served the request."""
        return self.proto.system_fingerprint

    @property
    def usage(self) -> xai_api.SamplingUsage:
        """Token counts (``prompt_tokens``, ``completion_tokens`` ...) and the cost in ticks."""
        return present(self.proto.usage, xai_api.SamplingUsage)

    @property
    def cost_usd(self) -> float | None:
        """What the request cost in US dollars, if the server said."""
        return cost_usd_from_usage(self.proto.usage)

    @property
    def choices(self) -> Sequence[SampleChoice]:
        """Every completion, ordered by ``index``."""
        ordered = sorted(self.proto.choices, key=lambda choice: choice.index)
        return [SampleChoice(choice) for choice in ordered]

    def _first(self) -> xai_api.SampleChoice | None:
        return next((choice for choice in self.proto.choices if choice.index == 0), None)

    @property
    def text(self) -> str:
        """The text of the first completion (index 0); see ``choices`` for the others."""
        first = self._first()
        return "" if first is None else first.text

    @property
    def finish_reason(self) -> str:
        """Why the first completion ended (``""`` if it has not yet)."""
        first = self._first()
        return SampleChoice(first).finish_reason if first is not None else ""


class SampleChunk(_SampleView):
    """One piece of a streamed completion: ``text`` is what it adds to the first choice."""

    __slots__ = ()


class SampleResponse(_SampleView):
    """A text completion; ``.proto`` is the ``SampleTextResponse`` message."""

    __slots__ = ("_by_index", "_pending")

    def __init__(self, proto: xai_api.SampleTextResponse) -> None:
        super().__init__(proto)
        self._by_index = {choice.index: choice for choice in proto.choices}
        # Streamed text not yet joined into the proto: joined when read, so that a long
        # stream costs linear time instead of copying the text at every piece.
        self._pending: dict[int, list[str]] = {}

    @property
    def proto(self) -> xai_api.SampleTextResponse:
        """The response message (a betterproto2 dataclass), with all streamed text joined."""
        if self._pending:
            for index, pieces in self._pending.items():
                choice = self._by_index[index]
                choice.text += "".join(pieces)
            self._pending.clear()
        return self._proto

    def process_chunk(self, chunk: xai_api.SampleTextResponse) -> None:
        """Fold one streamed piece in: texts are appended per choice, the rest replaced."""
        proto = self._proto
        proto.id = chunk.id or proto.id
        proto.model = chunk.model or proto.model
        proto.system_fingerprint = chunk.system_fingerprint or proto.system_fingerprint
        if chunk.created is not None:
            proto.created = chunk.created
        if chunk.usage is not None:
            proto.usage = chunk.usage
        for piece in chunk.choices:
            choice = self._by_index.get(piece.index)
            if choice is None:
                choice = self._by_index[piece.index] = xai_api.SampleChoice(index=piece.index)
                proto.choices.append(choice)
            if piece.text:
                self._pending.setdefault(piece.index, []).append(piece.text)
            if piece.finish_reason:
                choice.finish_reason = piece.finish_reason


class SampleAccumulator:
    """Folds the pieces of a streamed completion into one :class:`SampleResponse`."""

    __slots__ = ("response",)

    def __init__(self) -> None:
        self.response = SampleResponse(xai_api.SampleTextResponse())

    def add(self, chunk: xai_api.SampleTextResponse) -> tuple[SampleResponse, SampleChunk]:
        """Fold ``chunk`` in; returns the response so far and the piece itself."""
        self.response.process_chunk(chunk)
        return self.response, SampleChunk(chunk)
