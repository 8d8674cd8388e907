"""``xai_api.Sample``: raw text completion that echoes the prompt.

Each prompt gets ``n`` completions (choice index ``prompt_number * n + i``); the completion of
a prompt is ``" Echo: <prompt>"`` (or the next text of ``scripted``), and completion ``i > 0``
gets the suffix ``" (i+1)"``. ``max_tokens`` keeps that many words (finish reason
REASON_MAX_LEN); a ``stop`` sequence cuts the text where it first appears (REASON_STOP). Usage
counts words: the prompts' as prompt tokens, the completions' as completion tokens.

The stream sends each completion word by word (choices take turns, one piece per message);
a choice's last piece carries its finish reason, and the last message the usage.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator
from typing import Any

import grpc

from ..server import FakeXai, Servicer, enum_value, message_class

_WORDS = re.compile(r"\s*\S+|\s+")
#: When every completion is made (2025-10-09 12:00 UTC).
CREATED = 1_760_011_200
#: Ticks (1e-10 USD) per prompt and per completion word.
PROMPT_TICKS, COMPLETION_TICKS = 2_000, 5_000


def pieces(text: str) -> list[str]:
    """How the stream splits ``text``: each word with the spaces before it."""
    return _WORDS.findall(text)


class SampleServicer(Servicer):
    service = "xai_api.Sample"

    def __init__(self, server: FakeXai) -> None:
        super().__init__(server)
        #: Texts the next requests complete their prompts with, in order (else the echo).
        self.scripted: collections.deque[str] = collections.deque()

    def SampleText(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("SampleText", request, context)
        choices = self._choices(request, context)
        answer = self._envelope(request)
        for index, (text, reason) in enumerate(choices):
            answer.choices.add(index=index, text=text, finish_reason=_reason(reason))
        self._usage(answer, request, choices)
        return answer

    def SampleTextStreaming(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        server = self.server
        server._admit("SampleTextStreaming", request, context)
        try:
            choices = self._choices(request, context)
            queues = [collections.deque(pieces(text)) for text, _ in choices]
            envelope = self._envelope(request)
            messages: list[Any] = []
            while any(queues):
                for index, queue in enumerate(queues):
                    if not queue:
                        continue
                    message = message_class("xai_api.SampleTextResponse")()
                    message.CopyFrom(envelope)
                    choice = message.choices.add(index=index, text=queue.popleft())
                    if not queue:
                        choice.finish_reason = _reason(choices[index][1])
                    messages.append(message)
            for index, (text, reason) in enumerate(choices):
                if not text:  # nothing to stream: one empty piece says how it ended
                    message = message_class("xai_api.SampleTextResponse")()
                    message.CopyFrom(envelope)
                    message.choices.add(index=index, finish_reason=_reason(reason))
                    messages.append(message)
            if not messages:
                messages.append(envelope)
            self._usage(messages[-1], request, choices)
            for number, message in enumerate(messages):
                stop_after = server.stop_stream_after
                if stop_after is not None and number >= stop_after:
                    context.abort(grpc.StatusCode.INTERNAL, "stream broke midway")
                yield message
                server._sleep(server.chunk_delay, "SampleTextStreaming", context)
        except GeneratorExit:
            with server._lock:
                server.cancelled.append("SampleTextStreaming")
            raise

    # -- helpers --------------------------------------------------------------------------------

    def _choices(self, request: Any, context: grpc.ServicerContext) -> list[tuple[str, str]]:
        """Each completion's text and finish reason, in choice order."""
        if not request.prompt:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "At least one prompt is required.")
        if not request.model:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "A model is required.")
        n = request.n if request.HasField("n") else 1
        if n < 1:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "n must be at least 1.")
        with self.server._lock:
            scripted = self.scripted.popleft() if self.scripted else None
        choices = []
        for prompt in request.prompt:
            base = f" Echo: {prompt}" if scripted is None else scripted
            for number in range(n):
                text = base if number == 0 else f"{base} ({number + 1})"
                choices.append(_limit(text, request))
        return choices

    def _envelope(self, request: Any) -> Any:
        message = message_class("xai_api.SampleTextResponse")(
            id=self.server.next_id("sample"),
            model=request.model,
            system_fingerprint="fp_sample_0b1c2d",
        )
        message.created.FromSeconds(CREATED)
        return message

    @staticmethod
    def _usage(message: Any, request: Any, choices: list[tuple[str, str]]) -> None:
        prompt_tokens = sum(len(prompt.split()) for prompt in request.prompt)
        completion_tokens = sum(len(text.split()) for text, _ in choices)
        usage = message.usage
        usage.prompt_tokens = usage.prompt_text_tokens = prompt_tokens
        usage.completion_tokens = completion_tokens
        usage.total_tokens = prompt_tokens + completion_tokens
        ticks = prompt_tokens * PROMPT_TICKS + completion_tokens * COMPLETION_TICKS
        usage.cost_in_usd_ticks = ticks


def _limit(text: str, request: Any) -> tuple[str, str]:
    """``text`` cut at the first stop sequence, or to ``max_tokens`` words."""
    reason = "REASON_STOP"
    cuts = [text.find(stop) for stop in request.stop if stop and stop in text]
    if cuts:
        text = text[: min(cuts)]
    if request.HasField("max_tokens"):
        words = pieces(text)
        if len(words) > request.max_tokens:
            text, reason = "".join(words[: request.max_tokens]), "REASON_MAX_LEN"
    return text, reason


def _reason(name: str) -> int:
    return enum_value("xai_api.FinishReason", name)
