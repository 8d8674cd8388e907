"""``xai_api.Chat``, all of it: completions (whole, streamed, deferred), stored ones, compaction.

A completion says the next scripted :class:`~xai_async._core.fake.server.Reply`
(``server.replies``), or, when none is scripted, what ``chat_defaults.default_reply`` makes of
the request. Its id is ``cmpl-N`` (N counting per server, so the first is ``cmpl-1``).

Streams: each output becomes its chunks in output order (n > 1 variations are interleaved
instead, one chunk of each in turn). An ASSISTANT output sends, each in a chunk of its own: the
IN_PROGRESS versions of its server-side calls (with ``Reply.tool_call_updates``), its reasoning,
its content word by word (or as ``chunks`` says), then its tool calls (in ``tool_call_pieces``
chunks: only calls of the client side are split). A ROLE_TOOL output sends its content and calls
in one chunk. An output's last chunk carries its finish reason, encrypted content and inline
citations; the stream's last chunk the response's citations, usage and debug output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import grpc

from ..chat_defaults import compact, default_reply
from ..server import Deferred, FakeXai, Output, Reply, Servicer, enum_value, message_class

#: Tokens offered as the less likely alternatives of a log probability.
_ALTERNATIVES = ("the", "a", "and", "of", "to", "it", "is", "you")


def _role(name: str) -> int:
    return enum_value("xai_api.MessageRole", name)


class ChatServicer(Servicer):
    service = "xai_api.Chat"

    def GetCompletion(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetCompletion", request, context)
        return self._complete(request, self._next_reply(request, context)).response

    def GetCompletionChunk(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetCompletionChunk", request, context)
        try:
            completion = self._complete(request, self._next_reply(request, context))
            for number, chunk in enumerate(completion.chunks()):
                stop_after = self.server.stop_stream_after
                if stop_after is not None and number >= stop_after:
                    context.abort(grpc.StatusCode.INTERNAL, "stream broke midway")
                yield chunk
                self.server._sleep(self.server.chunk_delay, "GetCompletionChunk", context)
        except GeneratorExit:
            # grpc stops pulling (and closes) the generator of a call its client cancelled.
            with self.server._lock:
                self.server.cancelled.append("GetCompletionChunk")
            raise

    def StartDeferredCompletion(self, request: Any, context: grpc.ServicerContext) -> Any:
        server = self.server
        server._admit("StartDeferredCompletion", request, context)
        reply = self._next_reply(request, context)
        polls = server.pending_polls if reply.pending_polls is None else reply.pending_polls
        request_id = server.next_id("deferred")
        with server._lock:
            server.deferred[request_id] = Deferred(request, reply, polls)
        return message_class("xai_api.StartDeferredResponse")(request_id=request_id)

    def GetDeferredCompletion(self, request: Any, context: grpc.ServicerContext) -> Any:
        server = self.server
        server._admit("GetDeferredCompletion", request, context)
        with server._lock:
            job = server.deferred.get(request.request_id)
            pending = job is not None and job.polls_left > 0
            if job is not None and pending:
                job.polls_left -= 1
        if job is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"No deferred request {request.request_id!r}.")
        answer = message_class("xai_api.GetDeferredCompletionResponse")()
        status = "PENDING" if pending else job.reply.deferred_status
        answer.status = enum_value("xai_api.DeferredStatus", status)
        if status == "DONE":
            if job.response is None:
                job.response = self._complete(job.request, job.reply).response
            answer.response.CopyFrom(job.response)
        return answer

    def GetStoredCompletion(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetStoredCompletion", request, context)
        with self.server._lock:
            stored = self.server.stored.get(request.response_id)
        if stored is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"No stored response {request.response_id!r}.")
        return stored

    def DeleteStoredCompletion(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("DeleteStoredCompletion", request, context)
        with self.server._lock:
            deleted = self.server.stored.pop(request.response_id, None)
        if deleted is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"No stored response {request.response_id!r}.")
        return message_class("xai_api.DeleteStoredCompletionResponse")(
            response_id=request.response_id
        )

    def CompactContext(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("CompactContext", request, context)
        if not request.input:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "Nothing to compact: no input.")
        content, dropped = compact(request.input)
        answer = message_class("xai_api.CompactContextResponse")(
            id=self.server.next_id("compact"), encrypted_content=content
        )
        answer.dropped_message_count = dropped
        answer.usage.prompt_tokens = sum(len(m.content) for m in request.input)
        answer.usage.completion_tokens = 1
        answer.usage.total_tokens = answer.usage.prompt_tokens + 1
        return answer

    # -- helpers --------------------------------------------------------------------------------

    def _next_reply(self, request: Any, context: grpc.ServicerContext) -> Reply:
        """The scripted reply, else the default; checks ``previous_response_id`` first."""
        server = self.server
        previous = request.previous_response_id if request.HasField("previous_response_id") else ""
        with server._lock:
            known = previous in server.stored
        ours = re.fullmatch(r"cmpl-\d+", previous) is not None
        if previous and not known and (ours or server.strict_response_ids):
            context.abort(grpc.StatusCode.NOT_FOUND, f"No stored response {previous!r}.")
        with server._lock:
            scripted = server.replies.popleft() if server.replies else None
        if scripted is not None:
            return scripted
        try:
            return default_reply(server, request)
        except ValueError as error:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(error))
            raise  # abort raised already: for the type checker

    def _complete(self, request: Any, reply: Reply) -> _Completion:
        """A completion with a fresh id, stored when the request asks for it."""
        completion = _Completion(self.server, request, reply)
        if request.store_messages:
            with self.server._lock:
                self.server.stored[completion.id] = completion.response
        return completion


class _Completion:
    """One completion, as a whole response and as the chunks of its stream."""

    def __init__(self, server: FakeXai, request: Any, reply: Reply) -> None:
        self.request, self.reply = request, reply
        self.id = server.next_id("cmpl")
        self.outputs = reply.outputs if reply.outputs is not None else _variations(reply, request)
        self.interleaved = reply.outputs is None and len(self.outputs) > 1
        self.response = self._response()

    def _header(self, kind: str) -> Any:
        message = message_class(kind)(id=self.id, model=self.request.model)
        message.system_fingerprint = "fp-fake"
        message.created.FromSeconds(1_700_000_000)
        if self.request.service_tier:
            message.service_tier = self.request.service_tier
        return message

    def _response(self) -> Any:
        response = self._header("xai_api.GetChatCompletionResponse")
        for index, output in enumerate(self.outputs):
            out = response.outputs.add(
                index=index, finish_reason=enum_value("xai_api.FinishReason", output.finish_reason)
            )
            message = out.message
            message.role = _role(output.role)
            message.content = output.content
            message.reasoning_content = output.reasoning_content
            message.encrypted_content = output.encrypted_content
            message.tool_calls.extend(output.tool_calls)
            message.citations.extend(output.inline_citations)
            pieces = [p for p in _pieces(output) if p] if self._scored(output) else []
            if pieces:
                out.logprobs.content.extend(self._logprob(p, n) for n, p in enumerate(pieces))
        response.citations.extend(self.reply.citations)
        self._fill_usage(response.usage)
        _settings(response.settings, self.request)
        if self.reply.debug_output is not None:
            response.debug_output.CopyFrom(_debug(self.reply.debug_output))
        return response

    def chunks(self) -> Iterator[Any]:
        per_output = [self._steps(output) for output in self.outputs]
        order: list[tuple[int, dict[str, Any]]] = []
        if self.interleaved:
            for turn in range(max(len(steps) for steps in per_output)):
                order += [(i, s[turn]) for i, s in enumerate(per_output) if turn < len(s)]
        else:
            order = [(i, step) for i, steps in enumerate(per_output) for step in steps]
        for number, (index, step) in enumerate(order):
            output = self.outputs[index]
            chunk = self._header("xai_api.GetChatCompletionChunk")
            out = chunk.outputs.add(index=index)
            delta = out.delta
            delta.role = _role(output.role)
            delta.content = step.get("content", "")
            delta.reasoning_content = step.get("reasoning_content", "")
            delta.tool_calls.extend(step.get("tool_calls", []))
            if "logprobs" in step:
                out.logprobs.content.extend(step["logprobs"])
            if step.get("last"):
                out.finish_reason = enum_value("xai_api.FinishReason", output.finish_reason)
                delta.encrypted_content = output.encrypted_content
                delta.citations.extend(output.inline_citations)
            if number == len(order) - 1:
                chunk.citations.extend(self.reply.citations)
                self._fill_usage(chunk.usage)
                if self.reply.debug_output is not None:
                    chunk.debug_output.CopyFrom(_debug(self.reply.debug_output))
            yield chunk

    def _steps(self, output: Output) -> list[dict[str, Any]]:
        """The deltas one output is streamed as, each a chunk."""
        steps: list[dict[str, Any]] = []
        if self.reply.tool_call_updates and output.role == "ROLE_ASSISTANT":
            updates = [_in_progress(c) for c in output.tool_calls if _server_side(c)]
            if updates:
                steps.append({"tool_calls": updates})
        if output.reasoning_content:
            steps.append({"reasoning_content": output.reasoning_content})
        if output.role == "ROLE_TOOL" and output.chunks is None:
            # A tool's result arrives whole, with the call it answers (an image's envelope too).
            steps.append({"content": output.content, "tool_calls": list(output.tool_calls)})
        else:
            calls = _split_calls(output.tool_calls, self.reply.tool_call_pieces)
            if output.content or output.chunks is not None or not (steps or calls):
                scored = self._scored(output)
                position = 0
                for piece in _pieces(output):
                    step: dict[str, Any] = {"content": piece}
                    if scored and piece:
                        step["logprobs"] = [self._logprob(piece, position)]
                        position += 1
                    steps.append(step)
            steps += [{"tool_calls": piece} for piece in calls]
        steps[-1]["last"] = True
        return steps

    def _scored(self, output: Output) -> bool:
        return bool(self.request.logprobs) and output.role == "ROLE_ASSISTANT"

    def _logprob(self, token: str, position: int) -> Any:
        """A made-up log probability of ``token``, with ``top_logprobs`` alternatives."""
        value = -0.1 * (1 + position % 5)
        logprob = message_class("xai_api.LogProb")(token=token, logprob=value, bytes=token.encode())
        wanted = self.request.top_logprobs if self.request.HasField("top_logprobs") else 0
        tail = token[len(token.rstrip()) :]
        for rank in range(wanted):
            other = token if rank == 0 else _ALTERNATIVES[(position + rank) % 8] + tail
            logprob.top_logprobs.add(token=other, logprob=value - rank, bytes=other.encode())
        return logprob

    def _fill_usage(self, usage: Any) -> None:
        reply = self.reply
        usage.prompt_tokens = sum(len(m.content) for m in self.request.messages)
        usage.prompt_text_tokens = usage.prompt_tokens
        assistant = [o for o in self.outputs if o.role == "ROLE_ASSISTANT"]
        usage.completion_tokens = sum(len(o.content.split()) for o in assistant)
        usage.reasoning_tokens = sum(len(o.reasoning_content.split()) for o in assistant)
        usage.total_tokens = usage.prompt_tokens + usage.completion_tokens + usage.reasoning_tokens
        for name in reply.server_side_tools_used:
            full = name if name.startswith("SERVER_SIDE_TOOL_") else f"SERVER_SIDE_TOOL_{name}"
            usage.server_side_tools_used.append(enum_value("xai_api.ServerSideTool", full))
        if reply.cost_in_usd_ticks is not None:
            usage.cost_in_usd_ticks = reply.cost_in_usd_ticks
        for name, value in (reply.usage or {}).items():
            setattr(usage, name, value)


def _variations(reply: Reply, request: Any) -> list[Output]:
    """The single output of ``reply``, ``n`` times: output i > 0 says ``" (i+1)"`` more."""
    count = request.n if request.HasField("n") and request.n > 1 else 1
    outputs = []
    for index in range(count):
        suffix = f" ({index + 1})" if index else ""
        chunks = (
            None if reply.chunks is None else [*reply.chunks, suffix] if suffix else reply.chunks
        )
        outputs.append(
            Output(
                content=reply.content + suffix,
                reasoning_content=reply.reasoning_content,
                encrypted_content=reply.encrypted_content,
                tool_calls=list(reply.tool_calls),
                inline_citations=list(reply.inline_citations),
                finish_reason=reply.finish_reason,
                chunks=chunks,
            )
        )
    return outputs


def _pieces(output: Output) -> list[str]:
    """How an output's content is streamed: as scripted, else word by word."""
    if output.chunks is not None:
        return output.chunks
    words = output.content.split(" ")
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


def _copy(call: Any) -> Any:
    copied = type(call)()
    copied.CopyFrom(call)
    return copied


def _server_side(call: Any) -> bool:
    client = {
        enum_value("xai_api.ToolCallType", n)
        for n in ("TOOL_CALL_TYPE_INVALID", "TOOL_CALL_TYPE_CLIENT_SIDE_TOOL")
    }
    return call.type not in client


def _in_progress(call: Any) -> Any:
    update = _copy(call)
    update.status = enum_value("xai_api.ToolCallStatus", "TOOL_CALL_STATUS_IN_PROGRESS")
    return update


def _split_calls(calls: list[Any], pieces: int) -> list[list[Any]]:
    """The tool calls as ``pieces`` chunks' worth: client-side arguments split, in order."""
    if not calls:
        return []
    steps: list[list[Any]] = [[] for _ in range(max(pieces, 1))]
    for call in calls:
        if pieces <= 1 or _server_side(call) or call.WhichOneof("tool") != "function":
            steps[0].append(call)
            continue
        arguments = call.function.arguments
        size = max(1, -(-len(arguments) // pieces))  # ceiling division
        parts = [arguments[i * size : (i + 1) * size] for i in range(pieces)]
        first = _copy(call)
        first.function.arguments = parts[0]
        steps[0].append(first)
        for number, part in enumerate(parts[1:], 1):
            if part:
                later = message_class("xai_api.ToolCall")(id=call.id)
                later.function.arguments = part
                steps[number].append(later)
    return [step for step in steps if step]


def _settings(settings: Any, request: Any) -> None:
    """Echo the request's parameters, as ``GetChatCompletionResponse.settings`` does."""
    for name in ("max_tokens", "temperature", "top_p", "reasoning_effort", "previous_response_id"):
        if request.HasField(name):
            setattr(settings, name, getattr(request, name))
    for name in ("response_format", "tool_choice", "search_parameters"):
        if request.HasField(name):
            getattr(settings, name).CopyFrom(getattr(request, name))
    settings.tools.extend(request.tools)
    settings.include.extend(request.include)
    explicit = request.HasField("parallel_tool_calls")
    settings.parallel_tool_calls = request.parallel_tool_calls if explicit else True
    settings.store_messages = request.store_messages
    settings.use_encrypted_content = request.use_encrypted_content
    settings.user = request.user


def _debug(debug: Any) -> Any:
    return message_class("xai_api.DebugOutput")(**debug) if isinstance(debug, dict) else debug
