"""A fake xAI API server: real gRPC on 127.0.0.1, an independent codec, scripted replies, faults.

It decodes and encodes with **protobuf's own** message classes, built from the descriptors
``grpc_tools.protoc`` compiles out of ``protos/`` — never with the SDK's betterproto2 classes —
so every test also checks the SDK's wire format against a second implementation.
"""

from __future__ import annotations

import collections
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

PROTOS = Path(__file__).resolve().parent.parent / "protos"
API_KEY = "xai-test-key-6f1d2c0b9a8e7d6c5b4a3f2e1d0c9b8a"
#: Names the server's worker threads, so leak checks can count only the client's.
SERVER_THREAD_PREFIX = "fake-xai-server"


@cache
def _pool() -> descriptor_pool.DescriptorPool:
    import grpc_tools  # type: ignore[import-untyped]

    include = Path(grpc_tools.__file__).parent / "_proto"
    files = sorted(str(p.relative_to(PROTOS)) for p in PROTOS.rglob("*.proto"))
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "set.binpb"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "grpc_tools.protoc",
                f"-I{PROTOS}",
                f"-I{include}",
                "--include_imports",
                f"--descriptor_set_out={out}",
                *files,
            ],
            check=True,
        )
        descriptors = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    pool = descriptor_pool.DescriptorPool()
    for file in descriptors.file:
        pool.Add(file)
    return pool


def message_class(full_name: str) -> Any:
    """The protobuf class of a message of the schema, e.g. ``xai_api.GetCompletionsRequest``."""
    return message_factory.GetMessageClass(_pool().FindMessageTypeByName(full_name))


def enum_value(enum_name: str, value_name: str) -> int:
    """The number of an enum value, e.g. ``enum_value("xai_api.MessageRole", "ROLE_USER")``."""
    return int(_pool().FindEnumTypeByName(enum_name).values_by_name[value_name].number)


@dataclass
class Received:
    """One call the server saw."""

    method: str
    request: Any
    metadata: dict[str, str]


@dataclass
class Reply:
    """What the next chat completion says."""

    content: str = ""
    reasoning_content: str = ""
    encrypted_content: str = ""
    tool_calls: list[Any] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    finish_reason: str = "REASON_STOP"
    chunks: list[str] | None = None  # how the stream splits ``content`` (default: by word)


class FakeXai:
    """Serves ``xai_api.Chat`` (GetCompletion, GetCompletionChunk), ``xai_api.Auth`` and the
    client-streaming ``xai_api.Files/UploadFile``.

    Attributes:
        received: Every call that reached a handler, in order.
        cancelled: Methods whose calls the client cancelled while the server was working.
        delay: Seconds each call waits before answering (cancellation is noticed meanwhile).
        chunk_delay: Seconds between streamed chunks.
        stop_stream_after: Abort streams with INTERNAL after this many chunks.
    """

    def __init__(self, api_key: str = API_KEY, tls: tuple[bytes, bytes] | None = None) -> None:
        self.api_key = api_key
        self.received: list[Received] = []
        self.cancelled: list[str] = []
        self.uploads: list[bytes] = []
        self.attempts: collections.Counter[str] = collections.Counter()
        self.delay = 0.0
        self.chunk_delay = 0.0
        self.stop_stream_after: int | None = None
        self.replies: collections.deque[Reply] = collections.deque()
        self._faults: collections.deque[tuple[grpc.StatusCode, str]] = collections.deque()
        self._lock = threading.Lock()
        big = 64 * 1024 * 1024  # room to test the client's own 20 MiB limits
        self._server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix=SERVER_THREAD_PREFIX),
            options=[
                ("grpc.max_receive_message_length", big),
                ("grpc.max_send_message_length", big),
            ],
        )
        self._server.add_generic_rpc_handlers([self._handlers()])
        self.port = self._server.add_insecure_port("127.0.0.1:0")
        self.local_port = self._server.add_secure_port(
            "127.0.0.1:0", grpc.local_server_credentials(grpc.LocalConnectionType.LOCAL_TCP)
        )
        #: With ``tls=(private_key_pem, certificate_pem)``: a TLS port, as api.x.ai serves.
        self.tls_port = (
            self._server.add_secure_port("127.0.0.1:0", grpc.ssl_server_credentials([tls]))
            if tls is not None
            else None
        )

    # -- control ----------------------------------------------------------------------------

    @property
    def address(self) -> str:
        """Plaintext address (use with ``use_insecure_channel=True``)."""
        return f"127.0.0.1:{self.port}"

    @property
    def local_address(self) -> str:
        """Address served with gRPC local credentials (the SDK's ``localhost:`` path)."""
        return f"localhost:{self.local_port}"

    def fail_next(self, count: int, code: grpc.StatusCode, details: str = "injected") -> None:
        """Abort the next ``count`` calls with ``code``."""
        with self._lock:
            self._faults.extend([(code, details)] * count)

    def reply(self, content: str, **fields: Any) -> None:
        """Script the next chat completion."""
        self.replies.append(Reply(content=content, **fields))

    def start(self) -> FakeXai:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop(grace=None).wait()

    def wait_for_cancel(self, method: str, timeout: float = 5.0) -> bool:
        """Wait until a call to ``method`` was cancelled by its client."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if method in self.cancelled:
                return True
            time.sleep(0.01)
        return False

    # -- serving ----------------------------------------------------------------------------

    def _handlers(self) -> grpc.GenericRpcHandler:
        request = message_class("xai_api.GetCompletionsRequest")
        empty = message_class("google.protobuf.Empty")

        def unary(handler: Any, request_type: Any) -> grpc.RpcMethodHandler[Any, Any]:
            return grpc.unary_unary_rpc_method_handler(
                handler,
                request_deserializer=request_type.FromString,
                response_serializer=lambda m: m.SerializeToString(),
            )

        def stream(handler: Any, request_type: Any) -> grpc.RpcMethodHandler[Any, Any]:
            return grpc.unary_stream_rpc_method_handler(
                handler,
                request_deserializer=request_type.FromString,
                response_serializer=lambda m: m.SerializeToString(),
            )

        chat = grpc.method_handlers_generic_handler(
            "xai_api.Chat",
            {
                "GetCompletion": unary(self._get_completion, request),
                "GetCompletionChunk": stream(self._get_completion_chunk, request),
            },
        )
        auth = grpc.method_handlers_generic_handler(
            "xai_api.Auth", {"get_api_key_info": unary(self._get_api_key_info, empty)}
        )
        files = grpc.method_handlers_generic_handler(
            "xai_api.Files",
            {
                "UploadFile": grpc.stream_unary_rpc_method_handler(
                    self._upload_file,
                    request_deserializer=message_class("xai_api.UploadFileChunk").FromString,
                    response_serializer=lambda m: m.SerializeToString(),
                )
            },
        )

        class All(grpc.GenericRpcHandler):
            def service(
                self, details: grpc.HandlerCallDetails
            ) -> grpc.RpcMethodHandler[Any, Any] | None:
                return chat.service(details) or auth.service(details) or files.service(details)

        return All()

    def _admit(self, method: str, request: Any, context: grpc.ServicerContext) -> None:
        """Record the call, check its key, apply faults and delay (aborting as scripted)."""
        metadata = {key: str(value) for key, value in context.invocation_metadata()}
        with self._lock:
            self.attempts[method] += 1
            fault = self._faults.popleft() if self._faults else None
        if fault is not None:
            context.abort(*fault)
        if metadata.get("authorization") != f"Bearer {self.api_key}":
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "Invalid or missing API key.")
        with self._lock:
            self.received.append(Received(method, request, metadata))
        self._sleep(self.delay, method, context)

    def _sleep(self, seconds: float, method: str, context: grpc.ServicerContext) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not context.is_active():
                with self._lock:
                    self.cancelled.append(method)
                context.abort(grpc.StatusCode.CANCELLED, "client went away")
            time.sleep(0.005)

    def _next_reply(self, request: Any) -> Reply:
        if self.replies:
            return self.replies.popleft()
        said = [
            part.text
            for message in request.messages
            if message.role == enum_value("xai_api.MessageRole", "ROLE_USER")
            for part in message.content
            if part.WhichOneof("content") == "text"
        ]
        return Reply(content=f"Ahoy! You said: {said[-1] if said else ''}")

    def _get_completion(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("GetCompletion", request, context)
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

    def _get_completion_chunk(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("GetCompletionChunk", request, context)
        try:
            yield from self._chunks(request, context)
        except GeneratorExit:
            # grpc stops pulling (and closes) the generator of a call its client cancelled.
            with self._lock:
                self.cancelled.append("GetCompletionChunk")
            raise

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
            if self.stop_stream_after is not None and number >= self.stop_stream_after:
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
            self._sleep(self.chunk_delay, "GetCompletionChunk", context)

    def _upload_file(self, chunks: Any, context: grpc.ServicerContext) -> Any:
        """Expects an ``init`` chunk, then data chunks; answers with the assembled file."""
        self._admit("UploadFile", None, context)
        name, data = "", bytearray()
        try:
            for number, chunk in enumerate(chunks):
                kind = chunk.WhichOneof("chunk")
                if (kind == "init") != (number == 0):
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "init must come first, once")
                if kind == "init":
                    name = chunk.init.name
                else:
                    data += chunk.data
                self._sleep(self.chunk_delay, "UploadFile", context)
        except grpc.RpcError:
            pass  # the request stream broke: decided below
        if not context.is_active():
            with self._lock:
                self.cancelled.append("UploadFile")
            context.abort(grpc.StatusCode.CANCELLED, "client went away")
        with self._lock:
            self.uploads.append(bytes(data))
        return message_class("xai_api.File")(id="file-1", filename=name, size=len(data))

    def _get_api_key_info(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("get_api_key_info", request, context)
        info = message_class("xai_api.ApiKey")(
            redacted_api_key=self.api_key[:4] + "…" + self.api_key[-4:],
            user_id="user-1",
            name="test key",
            team_id="team-1",
            acls=["api-key:model:*"],
            api_key_id="key-1",
        )
        info.create_time.FromSeconds(1_700_000_000)
        return info


def _fill_usage(usage: Any, request: Any, content: str) -> None:
    usage.prompt_tokens = sum(len(m.content) for m in request.messages)
    usage.completion_tokens = len(content.split())
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens
