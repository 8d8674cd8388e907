"""The fake server's core: the schema, the shared state and faults, and the servicer registry.

Every module of ``services/`` is imported and each :class:`Servicer` it defines is served: the
service's descriptor gives each RPC's cardinality and message types, so a servicer only writes
the RPCs' behaviour.

The descriptors are the ones the package ships (``xai_async/proto/schema.binpb``), loaded into a
pool of this module's own: requests are decoded and responses encoded by **protobuf's** message
classes, never by the SDK's betterproto2 ones, so a client talking to this server is checked
against a second implementation of the wire format. Nothing beyond the runtime dependencies
(grpcio, protobuf) is needed.
"""

from __future__ import annotations

import collections
import functools
import importlib
import importlib.resources
import ipaddress
import pkgutil
import threading
import time
from collections.abc import Callable, Generator
from concurrent import futures
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, ClassVar, Generic, TypeVar

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import Message

from . import services

__all__ = [
    "API_KEY",
    "MANAGEMENT_KEY",
    "SERVER_THREAD_PREFIX",
    "FakeXai",
    "Output",
    "Received",
    "Reply",
    "Servicer",
    "enum_name",
    "enum_value",
    "message_class",
    "servicers",
]

#: The API key the server expects by default (``FakeXai(api_key=...)``). Not a secret.
API_KEY = "xai-test-key-6f1d2c0b9a8e7d6c5b4a3f2e1d0c9b8a"
#: The management key the server expects by default (``FakeXai(management_key=...)``).
MANAGEMENT_KEY = "xai-mgmt-test-key-0a1b2c3d4e5f60718293a4b5c6d7e8f9"
#: Names the server's worker threads, so leak checks can count only the client's.
SERVER_THREAD_PREFIX = "fake-xai-server"
#: How long leaving a ``with``/``async with`` block waits for the server to wind down.
STOP_WAIT = 5.0

T = TypeVar("T")


@functools.cache
def _pool() -> descriptor_pool.DescriptorPool:
    """The shipped schema in a private pool (not protobuf's default one, nor the SDK's)."""
    data = importlib.resources.files("xai_async.proto").joinpath("schema.binpb").read_bytes()
    pool = descriptor_pool.DescriptorPool()
    for file in descriptor_pb2.FileDescriptorSet.FromString(data).file:
        pool.Add(file)
    return pool


def message_class(full_name: str) -> Any:
    """The protobuf class of a message of the schema.

    Args:
        full_name: The message's full name, e.g. ``"xai_api.GetCompletionsRequest"``.

    Returns:
        protobuf's message class, as the server uses to decode requests and build responses
        (what :attr:`Received.request` holds, what scenario builders return).
    """
    return message_factory.GetMessageClass(_pool().FindMessageTypeByName(full_name))


def enum_value(enum_name: str, value_name: str) -> int:
    """The number of an enum value, e.g. ``enum_value("xai_api.MessageRole", "ROLE_USER")``."""
    return int(_pool().FindEnumTypeByName(enum_name).values_by_name[value_name].number)


def enum_name(enum_name: str, number: int) -> str:
    """The name of an enum value, e.g. ``enum_name("xai_api.MessageRole", 1) == "ROLE_USER"``."""
    return str(_pool().FindEnumTypeByName(enum_name).values_by_number[number].name)


@dataclass
class Received:
    """One call the server accepted (its key was right and no fault was injected).

    Attributes:
        method: The RPC's name, e.g. ``"GetCompletion"`` or ``"UploadFile"``.
        request: The request as a protobuf message (see :func:`message_class`); for a
            client-streaming RPC, its first message.
        metadata: The call's metadata (``authorization``, ``x-sdk-...``, your own headers).
    """

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


class _Ready(Generic[T]):
    """An awaitable that is done at once with ``value`` (what ``__aenter__`` returns).

    Starting and stopping the server never waits for the event loop, so the asynchronous
    context manager needs no coroutine: awaiting this object gives ``value`` without
    suspending, on asyncio and trio alike.
    """

    def __init__(self, value: T) -> None:
        self._value = value

    def __await__(self) -> Generator[Any, None, T]:
        yield from ()
        return self._value


def _loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _target(host: str, port: int) -> str:
    """``host:port``, with an IPv6 literal in brackets."""
    host = host.strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


#: Names of the status codes ``fail_next`` accepts as strings ("UNAVAILABLE", ...).
_STATUS_CODES = {code.name: code for code in grpc.StatusCode}


class FakeXai:
    """A fake xAI API server: every gRPC service of the API, in this process, on loopback.

    It answers like api.x.ai and the management API (chat, streaming, deferred and stored
    completions, files, collections and documents, batches, images, videos, embeddings, models,
    tokenize, sample, auth), believably when nothing is scripted, and as scripted otherwise; it
    can inject faults, and it records what it received. Use it to test your own code offline::

        from xai_sync import Client
        from xai_sync.chat import user
        from xai_sync.testing import FakeXai

        with FakeXai() as server:
            server.reply("Paris.")
            client = Client(**server.client_kwargs())
            chat = client.chat.create(model="grok-4")
            chat.append(user("Capital of France?"))
            assert chat.sample().content == "Paris."
            assert server.requests("GetCompletion")[0].model == "grok-4"

    ``async with FakeXai() as server:`` works the same (asyncio and trio): starting and stopping
    never block the event loop for long, the server runs on its own threads.

    The server listens on two ports of ``host`` (127.0.0.1 unless you say otherwise): a
    plaintext one (:attr:`address`, for ``use_insecure_channel=True``) and one served with
    gRPC *local credentials* (:attr:`local_address`, ``localhost:<port>``: a client given that
    host uses local credentials by itself, so code configured by ``XAI_API_HOST`` connects
    unchanged). API and management services share both ports; each checks its own key.

    Args:
        api_key: The key API calls must carry (default :data:`API_KEY`).
        tls: ``(private_key_pem, certificate_pem)``: also serve TLS on :attr:`tls_port`, as
            api.x.ai does.
        management_key: The key management calls (collections, batches) must carry (default
            :data:`MANAGEMENT_KEY`).
        host: The interface to listen on. Keep the default loopback address unless you know
            why: the plaintext port takes anyone's calls.
        port: The plaintext port (0: any free port, see :attr:`port`).
        local_port: The local-credentials port (0: any free port, see :attr:`local_port`).

    Raises:
        OSError: A port could not be bound (already in use ...).

    Attributes:
        received: Every call that reached a handler (key accepted, no fault), in order.
        cancelled: Methods whose calls the client cancelled while the server was working.
        uploads: The files ``Files/UploadFile`` received, in order.
        attempts: Calls per method, counted before faults and the key check.
        delay: Seconds each call waits before answering (cancellation is noticed meanwhile).
        chunk_delay: Seconds between streamed chunks.
        stop_stream_after: Abort streams with INTERNAL after this many chunks.
        replies: Scripted chat completions, used in order (see :meth:`reply`); when empty, the
            chat makes a believable one from the request (it echoes the user, calls the
            functions it is given, fills a response format's schema ...).
        stored: Completions of requests with ``store_messages``, by id (``GetStoredCompletion``).
        deferred: Deferred completions by request id (``StartDeferredCompletion``).
        pending_polls: PENDING answers a deferred completion gives before its status (a
            ``Reply.pending_polls`` overrides it).
        strict_response_ids: Whether an unknown ``previous_response_id`` is NOT_FOUND whatever
            it looks like. By default only ids of this server's form (``cmpl-N``) are checked;
            others are taken as stored before this server started.
        api_key: The key API calls must carry.
        management_key: The key management calls must carry.
        port: The plaintext port.
        local_port: The local-credentials port.
        tls_port: The TLS port, with ``tls``; else None.
    """

    def __init__(
        self,
        api_key: str = API_KEY,
        tls: tuple[bytes, bytes] | None = None,
        management_key: str = MANAGEMENT_KEY,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        local_port: int = 0,
    ) -> None:
        self.api_key = api_key
        #: The key of management calls (servicers pass ``_admit(..., management=True)``).
        self.management_key = management_key
        self.host = host.strip("[]")
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
        self._started = False
        handlers = self._rpc_handlers()  # first: a bad servicer fails before any port is bound
        big = 64 * 1024 * 1024  # room to test the client's own 20 MiB limits
        self._server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix=SERVER_THREAD_PREFIX),
            options=[
                ("grpc.max_receive_message_length", big),
                ("grpc.max_send_message_length", big),
                # Two servers must never share a port (grpc allows it by default on Linux).
                ("grpc.so_reuseport", 0),
            ],
        )
        self._server.add_generic_rpc_handlers(handlers)
        self.port = self._bind(port, None)
        # Local credentials only ever accept a peer on this machine: loopback it is.
        local_host = self.host if _loopback(self.host) else "127.0.0.1"
        self.local_port = self._bind(
            local_port,
            grpc.local_server_credentials(grpc.LocalConnectionType.LOCAL_TCP),
            local_host,
        )
        self.tls_port = (
            self._bind(0, grpc.ssl_server_credentials([tls])) if tls is not None else None
        )

    def _bind(
        self, port: int, credentials: grpc.ServerCredentials | None, host: str | None = None
    ) -> int:
        target = _target(self.host if host is None else host, port)
        try:
            if credentials is None:
                bound = self._server.add_insecure_port(target)
            else:
                bound = self._server.add_secure_port(target, credentials)
        except RuntimeError as error:  # grpcio raises on a port in use; older ones return 0
            self._server.stop(None)  # release the ports bound so far
            raise OSError(f"the fake xAI server cannot listen on {target}: {error}") from None
        if not bound:
            self._server.stop(None)
            raise OSError(f"the fake xAI server cannot listen on {target} (in use?)")
        return bound

    # -- addresses and clients --------------------------------------------------------------

    @property
    def address(self) -> str:
        """The plaintext address, ``host:port`` (use with ``use_insecure_channel=True``)."""
        return _target(self.host, self.port)

    @property
    def local_address(self) -> str:
        """``localhost:<local_port>``: served with gRPC local credentials.

        A client given a ``localhost:`` host uses local credentials by itself, so this is the
        address to put in ``XAI_API_HOST`` / ``api_host`` for code you do not want to change.
        """
        return f"localhost:{self.local_port}"

    def client_kwargs(self, *, plaintext: bool = False) -> dict[str, Any]:
        """Keyword arguments for ``Client(...)`` / ``AsyncClient(...)`` that point it here.

        Both the API and the management API (collections, batches) with their keys, e.g.
        ``Client(**server.client_kwargs())``; add your own (``timeout=`` ...) beside them.

        Args:
            plaintext: Use the plaintext port and ``use_insecure_channel=True`` instead of
                the local-credentials port (:attr:`local_address`).
        """
        host = self.address if plaintext else self.local_address
        kwargs: dict[str, Any] = {
            "api_key": self.api_key,
            "management_api_key": self.management_key,
            "api_host": host,
            "management_api_host": host,
        }
        if plaintext:
            kwargs["use_insecure_channel"] = True
        return kwargs

    def environment(self) -> dict[str, str]:
        """The environment variables that point a client created without arguments here.

        ``XAI_API_KEY``, ``XAI_API_HOST``, ``XAI_MANAGEMENT_KEY`` and
        ``XAI_MANAGEMENT_API_HOST`` (the hosts are :attr:`local_address`), e.g. for pytest's
        ``monkeypatch.setenv`` or a subprocess's ``env``.
        """
        return {
            "XAI_API_KEY": self.api_key,
            "XAI_API_HOST": self.local_address,
            "XAI_MANAGEMENT_KEY": self.management_key,
            "XAI_MANAGEMENT_API_HOST": self.local_address,
        }

    # -- lifetime ---------------------------------------------------------------------------

    def start(self) -> FakeXai:
        """Start serving (on the server's own threads; returns at once). Returns ``self``."""
        if not self._started:
            self._server.start()
            self._started = True
        return self

    def stop(self, timeout: float | None = STOP_WAIT) -> None:
        """Stop serving: calls in progress are cancelled, the ports are released.

        Args:
            timeout: Seconds to wait at most for the server's threads to wind down (None:
                as long as it takes).
        """
        self._server.stop(grace=None).wait(timeout)

    def __enter__(self) -> FakeXai:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __aenter__(self) -> _Ready[FakeXai]:
        # Plain methods returning an awaitable: starting and stopping never wait on the loop.
        return _Ready(self.start())

    def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> _Ready[None]:
        self.stop()
        return _Ready(None)

    def __repr__(self) -> str:
        return f"FakeXai(address={self.address!r}, local_address={self.local_address!r})"

    # -- scripting and faults ---------------------------------------------------------------

    def reply(self, content: str = "", **fields: Any) -> None:
        """Script the next chat completion; scripted replies are used in order.

        Args:
            content: What the assistant says.
            **fields: Any other field of :class:`Reply` (``tool_calls=[function_call(...)]``,
                ``reasoning_content=``, ``finish_reason=``, ``outputs=`` ...).
        """
        self.replies.append(Reply(content=content, **fields))

    def fail_next(self, count: int, code: grpc.StatusCode | str, details: str = "injected") -> None:
        """Abort the next ``count`` calls (of any method) with ``code``.

        Args:
            count: How many calls fail.
            code: A ``grpc.StatusCode`` or its name, e.g. ``"UNAVAILABLE"`` (which the client
                retries by itself) or ``"RESOURCE_EXHAUSTED"``.
            details: The status message the client sees.

        Raises:
            ValueError: ``code`` names no status code.
        """
        if isinstance(code, str):
            if code.upper() not in _STATUS_CODES:
                raise ValueError(f"`code` must name a grpc.StatusCode, got {code!r}")
            code = _STATUS_CODES[code.upper()]
        status = code
        with self._lock:
            self._faults.extend([(status, details)] * count)

    def send_garbage(self, after: int = 0, data: bytes = b"\x0a\xff\xff\xff\x0f") -> None:
        """Send ``data`` instead of the response message that comes ``after`` others from now.

        The default bytes promise more than follow: the client cannot decode them.
        """
        with self._lock:
            self._garbage = (after, data)

    def servicer(self, service: str) -> Any:
        """The servicer of ``service``, where an area's own state and scripting live.

        E.g. ``server.servicer("xai_api.Files").store.add("notes.txt", b"...")`` puts a file
        there, ``server.servicer("xai_api.Models")`` holds the model catalogue, and
        ``server.servicer("collections.Collections")`` the collections.
        """
        return self._servicers[service]

    def next_id(self, kind: str) -> str:
        """A fresh id ``f"{kind}-{n}"``, n counting from 1 per kind (``cmpl-1`` comes first)."""
        with self._lock:
            self._issued[kind] += 1
            return f"{kind}-{self._issued[kind]}"

    # -- what happened ----------------------------------------------------------------------

    def requests(self, method: str) -> list[Any]:
        """The requests of the calls to ``method`` (e.g. ``"GetCompletion"``) received so far."""
        with self._lock:
            return [call.request for call in self.received if call.method == method]

    def wait_for_cancel(self, method: str, timeout: float = 5.0) -> bool:
        """Wait until a call to ``method`` was cancelled by its client; False on timeout."""
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
