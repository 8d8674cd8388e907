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
        replies: Scripted chat completions, used in order (see :meth:`reply`).
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
        self._garbage: tuple[int, bytes] | None = None
        self._lock = threading.Lock()
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

    def _rpc_handlers(self) -> list[grpc.GenericRpcHandler]:
        """One generic handler per service, built from its descriptor and its servicers."""
        served: dict[str, dict[str, grpc.RpcMethodHandler[Any, Any]]] = {}
        for kind in servicers():
            servicer = kind(self)
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
