"""``xai_api.Chat``: completions, whole and streamed, from scripted replies (or an echo)."""

from __future__ import annotations

from typing import Any

import grpc

from ..core import Reply, Servicer, enum_value, message_class


class ChatServicer(Servicer):
    service = "xai_api.Chat"

    def GetCompletion(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetCompletion", request, context)
        reply = self._next_reply(request)
        response = message_class("xai_api.GetChatCompletionResponse")(
            id="cmpl-1", model=request.model, system_fingerprint="fp-fake"
        )
        response.created.FromSeconds(1_700_000_000)
        output = response.outputs.add(
            index=0,
            finish_reason=enum_value("xai_api.FinishReason", reply.finish_reason),
        )
        output.message.role = enum_value("xai_api.MessageRole", "ROLE_ASSISTANT")
        output.message.content = reply.content
        output.message.reasoning_content = reply.reasoning_content
        output.message.encrypted_content = reply.encrypted_content
        output.message.tool_calls.extend(reply.tool_calls)
        response.citations.extend(reply.citations)
        _fill_usage(response.usage, request, reply.content)
        return response

    def GetCompletionChunk(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetCompletionChunk", request, context)
        try:
            yield from self._chunks(request, context)
        except GeneratorExit:
            # grpc stops pulling (and closes) the generator of a call its client cancelled.
            with self.server._lock:
                self.server.cancelled.append("GetCompletionChunk")
            raise

    def _next_reply(self, request: Any) -> Reply:
        if self.server.replies:
            return self.server.replies.popleft()
        said = [
            part.text
            for message in request.messages
            if message.role == enum_value("xai_api.MessageRole", "ROLE_USER")
            for part in message.content
            if part.WhichOneof("content") == "text"
        ]
        return Reply(content=f"Ahoy! You said: {said[-1] if said else ''}")

    def _chunks(self, request: Any, context: grpc.ServicerContext) -> Any:
        reply = self._next_reply(request)
        pieces = reply.chunks
        if pieces is None:
            words = reply.content.split(" ")
            pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
        chunk_class = message_class("xai_api.GetChatCompletionChunk")
        assistant = enum_value("xai_api.MessageRole", "ROLE_ASSISTANT")
        reasoning = [reply.reasoning_content] if reply.reasoning_content else []
        steps: list[dict[str, Any]] = [{"reasoning_content": r} for r in reasoning]
        steps += [{"content": piece} for piece in pieces]
        if reply.tool_calls:
            steps.append({"tool_calls": reply.tool_calls})
        for number, step in enumerate(steps):
            stop_after = self.server.stop_stream_after
            if stop_after is not None and number >= stop_after:
                context.abort(grpc.StatusCode.INTERNAL, "stream broke midway")
            last = number == len(steps) - 1
            chunk = chunk_class(id="cmpl-1", model=request.model, system_fingerprint="fp-fake")
            chunk.created.FromSeconds(1_700_000_000)
            out = chunk.outputs.add(index=0)
            out.delta.role = assistant
            out.delta.content = step.get("content", "")
            out.delta.reasoning_content = step.get("reasoning_content", "")
            out.delta.tool_calls.extend(step.get("tool_calls", []))
            if last:
                out.finish_reason = enum_value("xai_api.FinishReason", reply.finish_reason)
                chunk.citations.extend(reply.citations)
                _fill_usage(chunk.usage, request, reply.content)
            yield chunk
            self.server._sleep(self.server.chunk_delay, "GetCompletionChunk", context)


def _fill_usage(usage: Any, request: Any, content: str) -> None:
    usage.prompt_tokens = sum(len(m.content) for m in request.messages)
    usage.completion_tokens = len(content.split())
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens
