"""The fake server's core: the schema, the shared state and faults, and the servicer registry.

Every module of ``services/`` is imported and each :class:`Servicer` it defines is served: the
service's descriptor (from the schema compiled out of ``protos/``) gives each RPC's cardinality
and message types, so a servicer only writes the RPCs' behaviour.
"""

from __future__ import annotations

import collections
import importlib
import pkgutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import Message

from . import services

PROTOS = Path(__file__).resolve().parent.parent.parent / "protos"
API_KEY = "xai-test-key-6f1d2c0b9a8e7d6c5b4a3f2e1d0c9b8a"
#: The management key the server expects by default (``FakeXai(management_key=...)``).
MANAGEMENT_KEY = "xai-mgmt-test-key-0a1b2c3d4e5f60718293a4b5c6d7e8f9"
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


def enum_name(enum_name: str, number: int) -> str:
    """The name of an enum value, e.g. ``enum_name("xai_api.MessageRole", 1) == "ROLE_USER"``."""
    return str(_pool().FindEnumTypeByName(enum_name).values_by_number[number].name)


@dataclass
class Received:
    """One call the server saw."""

    method: str
    request: Any
    metadata: dict[str, str]


@dataclass
class Output:
    """One output of a multi-output chat completion (see ``Reply.outputs``).

    Agentic replies are a list of these: ASSISTANT outputs carrying server-side tool calls,
    ROLE_TOOL outputs carrying their results, and a final ASSISTANT output with the answer.
    """

    content: str = ""
    role: str = "ROLE_ASSISTANT"  # or "ROLE_TOOL"
    reasoning_content: str = ""
    encrypted_content: str = ""
    tool_calls: list[Any] = field(default_factory=list)  # ``xai_api.ToolCall`` protobufs
    inline_citations: list[Any] = field(default_factory=list)  # ``xai_api.InlineCitation``
    finish_reason: str = "REASON_STOP"
    #: How the stream splits ``content``: by word for ASSISTANT outputs, whole for ROLE_TOOL
    #: ones (the server delivers a tool result, e.g. an image envelope, in one chunk).
    chunks: list[str] | None = None


@dataclass
class Reply:
    """What the next chat completion says (``GetCompletion``, the stream, or a deferred one).

    Without ``outputs`` it is one ASSISTANT output (index 0) made of the first fields, repeated
    as ``n`` variations when the request asks for ``n > 1`` (output ``i > 0`` gets the suffix
    ``" (i+1)"`` on its content, one more stream piece when ``chunks`` is scripted; tool calls
    are copied as they are).
    With ``outputs`` those are the outputs (index = position) and ``n`` is ignored.
    """

    content: str = ""
    reasoning_content: str = ""
    encrypted_content: str = ""
    tool_calls: list[Any] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)  # the response's URLs
    finish_reason: str = "REASON_STOP"
    chunks: list[str] | None = None  # how the stream splits ``content`` (default: by word)
    inline_citations: list[Any] = field(default_factory=list)  # ``xai_api.InlineCitation``
    outputs: list[Output] | None = None
    #: Streams split each client-side function call's arguments (type CLIENT_SIDE_TOOL or
    #: unset) into this many chunks: the first carries id, type, status, name and the first
    #: part; the others the same id and the next part only. Server-side calls go whole.
    tool_call_pieces: int = 1
    #: Streams send each server-side tool call of an ASSISTANT output twice: first IN_PROGRESS
    #: (in a chunk of its own, before the output's content), then as scripted (normally
    #: COMPLETED) with the output's other tool calls.
    tool_call_updates: bool = False
    #: ``ServerSideTool`` names, with or without the ``SERVER_SIDE_TOOL_`` prefix.
    server_side_tools_used: list[str] = field(default_factory=list)
    cost_in_usd_ticks: int | None = None
    usage: dict[str, int] | None = None  # ``SamplingUsage`` fields to override
    debug_output: Any = None  # an ``xai_api.DebugOutput`` protobuf or a dict of its fields
    #: ``GetDeferredCompletion`` answers PENDING this many times first (None: the server's
    #: ``pending_polls``), then ``deferred_status``: "DONE", "EXPIRED" or "FAILED".
    pending_polls: int | None = None
    deferred_status: str = "DONE"


@dataclass
class Deferred:
    """A deferred completion ``StartDeferredCompletion`` accepted (see ``FakeXai.deferred``)."""

    request: Any
    reply: Reply
    polls_left: int
    response: Any = None  # built on the first poll that answers DONE, then kept


class Servicer:
    """Serves one gRPC service: subclass it in a module of ``services/``.

    ``service`` names the service (e.g. ``"xai_api.Chat"``). Every public method is an RPC of it,
    named exactly as the RPC, taking ``(request_or_request_iterator, context)`` and starting with
    ``self.server._admit(rpc_name, request, context)`` (faults, key check, delay). A public method
    the service lacks fails :class:`FakeXai`'s construction; helpers are private. RPCs left
    undefined answer UNIMPLEMENTED.
    """

    service: ClassVar[str]

    def __init__(self, server: FakeXai) -> None:
        self.server = server  # the shared state


def servicers() -> list[type[Servicer]]:
    """Every :class:`Servicer` defined by a module of ``services/``."""
    found: list[type[Servicer]] = []
    for info in pkgutil.iter_modules(services.__path__, f"{services.__name__}."):
        module = importlib.import_module(info.name)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, Servicer)
            and value.__module__ == module.__name__  # not one it imported
        ]
    return found


#: The grpc handler factory for each (client streams, server streams).
_CARDINALITY: dict[tuple[bool, bool], Callable[..., grpc.RpcMethodHandler[Any, Any]]] = {
    (False, False): grpc.unary_unary_rpc_method_handler,
    (False, True): grpc.unary_stream_rpc_method_handler,
    (True, False): grpc.stream_unary_rpc_method_handler,
    (True, True): grpc.stream_stream_rpc_method_handler,
}


class FakeXai:
    """Serves every servicer of ``services/`` (see :class:`Servicer`), with shared faults.

    Attributes:
        received: Every call that reached a handler, in order.
        cancelled: Methods whose calls the client cancelled while the server was working.
        uploads: The files ``Files/UploadFile`` received, in order.
        attempts: Calls per method, counted before faults and the key check.
        delay: Seconds each call waits before answering (cancellation is noticed meanwhile).
        chunk_delay: Seconds between streamed chunks.
        stop_stream_after: Abort streams with INTERNAL after this many chunks.
        replies: Scripted chat completions, used in order (see :meth:`reply`); when empty,
            ``tests/fake_server/chat_defaults.py`` makes a believable one from the request.
        stored: Completions of requests with ``store_messages``, by id (``GetStoredCompletion``).
        deferred: Deferred completions by request id (``StartDeferredCompletion``).
        pending_polls: PENDING answers a deferred completion gives before its status (a
            ``Reply.pending_polls`` overrides it).
        strict_response_ids: Whether an unknown ``previous_response_id`` is NOT_FOUND whatever
            it looks like. By default only ids of this server's form (``cmpl-N``) are checked;
            others are taken as stored before this server started.
    """

    def __init__(
        self,
        api_key: str = API_KEY,
        tls: tuple[bytes, bytes] | None = None,
        management_key: str = MANAGEMENT_KEY,
    ) -> None:
        self.api_key = api_key
        #: The key of management calls (servicers pass ``_admit(..., management=True)``).
        self.management_key = management_key
        self.received: list[Received] = []
        self.cancelled: list[str] = []
        self.uploads: list[bytes] = []
        self.attempts: collections.Counter[str] = collections.Counter()
        self.delay = 0.0
        self.chunk_delay = 0.0
        self.stop_stream_after: int | None = None
        self.replies: collections.deque[Reply] = collections.deque()
        self.stored: dict[str, Any] = {}
        self.deferred: dict[str, Deferred] = {}
        self.pending_polls = 0
        self.strict_response_ids = False
        self._issued: collections.Counter[str] = collections.Counter()
        self._faults: collections.deque[tuple[grpc.StatusCode, str]] = collections.deque()
        self._garbage: tuple[int, bytes] | None = None
        self._lock = threading.Lock()
        self._servicers: dict[str, Servicer] = {}
        handlers = self._rpc_handlers()  # first: a bad servicer fails before any port is bound
        big = 64 * 1024 * 1024  # room to test the client's own 20 MiB limits
        self._server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix=SERVER_THREAD_PREFIX),
            options=[
                ("grpc.max_receive_message_length", big),
                ("grpc.max_send_message_length", big),
            ],
        )
        self._server.add_generic_rpc_handlers(handlers)
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

    def reply(self, content: str = "", **fields: Any) -> None:
        """Script the next chat completion (``fields``: those of :class:`Reply`)."""
        self.replies.append(Reply(content=content, **fields))

    def next_id(self, kind: str) -> str:
        """A fresh id ``f"{kind}-{n}"``, n counting from 1 per kind (``cmpl-1`` comes first)."""
        with self._lock:
            self._issued[kind] += 1
            return f"{kind}-{self._issued[kind]}"

    def servicer(self, service: str) -> Any:
        """The servicer of ``service`` (e.g. ``"xai_api.Files"``): an area's own state and
        scripting live on it, so each area is one module of ``services/``."""
        return self._servicers[service]

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

    def _rpc_handlers(self) -> list[grpc.GenericRpcHandler]:
        """One generic handler per service, built from its descriptor and its servicers."""
        served: dict[str, dict[str, grpc.RpcMethodHandler[Any, Any]]] = {}
        for kind in servicers():
            servicer = self._servicers[kind.service] = kind(self)
            rpcs = _pool().FindServiceByName(kind.service).methods_by_name
            handlers = served.setdefault(kind.service, {})
            for name in dir(kind):
                if name.startswith("_") or not callable(getattr(kind, name)):
                    continue  # a helper, or ``service``
                if name not in rpcs:
                    raise ValueError(
                        f"{kind.__module__}.{kind.__qualname__}.{name}: {kind.service} has no"
                        f" RPC {name!r} (its RPCs: {', '.join(sorted(rpcs))})"
                    )
                if name in handlers:
                    raise ValueError(f"{kind.service}/{name} has two servicers")
                rpc = rpcs[name]
                handlers[name] = _CARDINALITY[rpc.client_streaming, rpc.server_streaming](
                    getattr(servicer, name),
                    request_deserializer=message_class(rpc.input_type.full_name).FromString,
                    response_serializer=self._serialize,
                )
        return [grpc.method_handlers_generic_handler(s, h) for s, h in served.items()]

    def send_garbage(self, after: int = 0, data: bytes = b"\x0a\xff\xff\xff\x0f") -> None:
        """Send ``data`` instead of the response message that comes ``after`` others from now
        (the default bytes promise more than follow: undecodable)."""
        with self._lock:
            self._garbage = (after, data)

    def _serialize(self, message: Message) -> bytes:
        with self._lock:
            if self._garbage is not None:
                after, data = self._garbage
                self._garbage = (after - 1, data) if after else None
                if not after:
                    return data
        return message.SerializeToString()

    def _admit(
        self, method: str, request: Any, context: grpc.ServicerContext, *, management: bool = False
    ) -> None:
        """Record the call, check its key, apply faults and delay (aborting as scripted).

        A ``management`` call (the management API's services) must carry ``management_key``.
        """
        metadata = {key: str(value) for key, value in context.invocation_metadata()}
        with self._lock:
            self.attempts[method] += 1
            fault = self._faults.popleft() if self._faults else None
        if fault is not None:
            context.abort(*fault)
        key = self.management_key if management else self.api_key
        if metadata.get("authorization") != f"Bearer {key}":
            what = "management key" if management else "API key"
            context.abort(grpc.StatusCode.UNAUTHENTICATED, f"Invalid or missing {what}.")
        with self._lock:
            self.received.append(Received(method, request, metadata))
            number = len(self.received)
        # As api.x.ai does, a request id comes back in the trailing metadata.
        context.set_trailing_metadata((("x-request-id", f"req-{number}"),))
        self._sleep(self.delay, method, context)

    def _sleep(self, seconds: float, method: str, context: grpc.ServicerContext) -> None:
        """Wait ``seconds``; if the client cancels meanwhile, record it and abort CANCELLED."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not context.is_active():
                with self._lock:
                    self.cancelled.append(method)
                context.abort(grpc.StatusCode.CANCELLED, "client went away")
            time.sleep(0.005)
