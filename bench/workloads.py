"""One measurement in a fresh process: ``python bench/workloads.py IMPL WORKLOAD ADDRESS COUNT``.

IMPL is ``ours`` (xai_sync / xai_async), ``official`` (xai_sdk 1.21) or ``grpc`` (bare grpcio
with protobuf's classes). The SDK workloads are the same user code for both SDKs: only the
imports differ, as the compatibility promise says. Prints one JSON object: ``rate`` (calls or
chunks per second, wall clock), ``cpu`` (client CPU seconds per call or chunk, all threads of
this process), and extras (``threads``: the most threads seen).

The upload workloads send the file named by ``$XAI_BENCH_UPLOAD_FILE`` (made by ``run.py``)
COUNT times to ADDRESS, a ``localhost:PORT`` served with gRPC local credentials: ``rate`` is
MB/s, ``cpu`` client CPU seconds per MB, ``rss_mib`` the process's peak RSS and
``rss_before_mib`` its RSS before the first measured upload.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.fake_server

API_KEY = "xai-test-key-6f1d2c0b9a8e7d6c5b4a3f2e1d0c9b8a"
#: The fake server echoes the last user message: this prompt makes a 2,000-chunk answer.
LONG_PROMPT = " ".join(["word"] * 1998)
CONCURRENCY = 32
MANY_STREAMS = 1000


def _sdk(impl: str) -> Any:
    """The SDK's names, imported as a user of that SDK would."""
    if impl == "ours":
        import xai_async
        import xai_sync
        from xai_sync.chat import assistant, system, user

        return xai_sync.Client, xai_async.AsyncClient, system, user, assistant
    if impl == "official":
        import xai_sdk
        from xai_sdk.chat import assistant, system, user

        return xai_sdk.Client, xai_sdk.AsyncClient, system, user, assistant
    raise SystemExit(f"no SDK {impl!r}")


def _history(system: Any, user: Any, assistant: Any) -> list[Any]:
    """A 20-message conversation of realistic length (about 200 characters a message)."""
    sentence = "The quick brown fox jumps over the lazy dog while the ship sails on. "
    messages = [system("You are a helpful pirate. " + sentence)]
    for turn in range(19):
        make = user if turn % 2 == 0 else assistant
        messages.append(make(f"Turn {turn}: " + sentence * 3))
    return messages


class Meter:
    """Wall time, CPU time and the most threads, over one measured stretch."""

    def __init__(self) -> None:
        self.threads = threading.active_count()

    def __enter__(self) -> Meter:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def sample_threads(self) -> None:
        self.threads = max(self.threads, threading.active_count())

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu

    def result(self, count: int) -> dict[str, float]:
        return {
            "rate": count / self.wall,
            "cpu": self.cpu / count,
            "seconds": self.wall,
            "threads": self.threads,
        }


# -- SDK workloads: the same code for both SDKs ------------------------------------------------


def sync_unary(impl: str, address: str, count: int) -> dict[str, float]:
    client_class, _, system, user, assistant = _sdk(impl)
    client = client_class(api_key=API_KEY, api_host=address, use_insecure_channel=True)
    chat = client.chat.create("grok-3", messages=_history(system, user, assistant))
    for _ in range(20):
        chat.sample()
    with Meter() as meter:
        for _ in range(count):
            chat.sample()
    client.close()
    return meter.result(count)


def sync_stream(impl: str, address: str, count: int) -> dict[str, float]:
    client_class, _, _, user, _ = _sdk(impl)
    client = client_class(api_key=API_KEY, api_host=address, use_insecure_channel=True)
    chat = client.chat.create("grok-3", messages=[user(LONG_PROMPT)])
    chunks = sum(1 for _ in chat.stream())
    with Meter() as meter:
        for _ in range(count):
            for _response, _chunk in chat.stream():
                pass
    client.close()
    return meter.result(count * chunks)


async def _async_unary(impl: str, address: str, count: int, concurrency: int) -> dict[str, float]:
    _, client_class, system, user, assistant = _sdk(impl)
    client = client_class(api_key=API_KEY, api_host=address, use_insecure_channel=True)
    chat = client.chat.create("grok-3", messages=_history(system, user, assistant))
    for _ in range(20):
        await chat.sample()

    async def worker(calls: int) -> None:
        for _ in range(calls):
            await chat.sample()

    with Meter() as meter:
        await _gather([lambda: worker(count // concurrency)] * concurrency)
    await client.close()
    return meter.result(count // concurrency * concurrency)


async def _async_stream(impl: str, address: str, count: int) -> dict[str, float]:
    _, client_class, _, user, _ = _sdk(impl)
    client = client_class(api_key=API_KEY, api_host=address, use_insecure_channel=True)
    chat = client.chat.create("grok-3", messages=[user(LONG_PROMPT)])
    chunks = 0
    async for _ in chat.stream():
        chunks += 1
    with Meter() as meter:
        for _ in range(count):
            async for _response, _chunk in chat.stream():
                pass
    await client.close()
    return meter.result(count * chunks)


async def _many_streams(impl: str, address: str, count: int) -> dict[str, float]:
    """``count`` short streams at once: time and threads (a thread per call would show)."""
    _, client_class, _, user, _ = _sdk(impl)
    client = client_class(api_key=API_KEY, api_host=address, use_insecure_channel=True)
    chat = client.chat.create("grok-3", messages=[user("a short answer")])
    meter = Meter()

    async def one() -> None:
        async for _ in chat.stream():
            meter.sample_threads()

    with meter:
        await _gather([one] * count)
    await client.close()
    return meter.result(count)


async def _gather(jobs: list[Callable[[], Any]]) -> None:
    """Run the jobs concurrently on whichever loop runs (asyncio or trio), via anyio."""
    import anyio

    async with anyio.create_task_group() as group:
        for job in jobs:
            group.start_soon(job)


def _on_loop(loop: str, coroutine: Callable[[], Any]) -> dict[str, float]:
    if loop == "trio":
        import trio

        result: dict[str, float] = trio.run(coroutine)
        return result
    return asyncio.run(coroutine())


def async_unary(impl: str, address: str, count: int, loop: str = "asyncio") -> dict[str, float]:
    return _on_loop(loop, lambda: _async_unary(impl, address, count, 1))


def async_concurrent(
    impl: str, address: str, count: int, loop: str = "asyncio"
) -> dict[str, float]:
    return _on_loop(loop, lambda: _async_unary(impl, address, count, CONCURRENCY))


def async_stream(impl: str, address: str, count: int, loop: str = "asyncio") -> dict[str, float]:
    return _on_loop(loop, lambda: _async_stream(impl, address, count))


def many_streams(impl: str, address: str, count: int, loop: str = "asyncio") -> dict[str, float]:
    return _on_loop(loop, lambda: _many_streams(impl, address, count))


# -- uploads: the same code for both SDKs -------------------------------------------------------

#: The environment variable naming the file the upload workloads send.
UPLOAD_FILE = "XAI_BENCH_UPLOAD_FILE"


def _peak_rss_mib() -> float:
    """This process's peak RSS: ``VmHWM``, which exec resets (``ru_maxrss`` keeps the peak of
    the process that forked this one, when that was higher)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _upload_result(meter: Meter, path: str, count: int, rss_before: float) -> dict[str, float]:
    result = meter.result(os.path.getsize(path) * count / 1e6)  # MB/s, CPU seconds per MB
    result.update(rss_mib=_peak_rss_mib(), rss_before_mib=rss_before)
    return result


def sync_upload(impl: str, address: str, count: int) -> dict[str, float]:
    client_class, *_ = _sdk(impl)
    path = os.environ[UPLOAD_FILE]
    client = client_class(api_key=API_KEY, api_host=address)  # "localhost:": local credentials
    client.files.upload(b"warm-up", filename="warm-up.txt")
    rss_before = _peak_rss_mib()
    with Meter() as meter:
        for _ in range(count):
            client.files.upload(path)
    client.close()
    return _upload_result(meter, path, count, rss_before)


async def _async_upload(impl: str, address: str, count: int) -> dict[str, float]:
    _, client_class, *_ = _sdk(impl)
    path = os.environ[UPLOAD_FILE]
    client = client_class(api_key=API_KEY, api_host=address)
    await client.files.upload(b"warm-up", filename="warm-up.txt")
    rss_before = _peak_rss_mib()
    with Meter() as meter:
        for _ in range(count):
            await client.files.upload(path)
    await client.close()
    return _upload_result(meter, path, count, rss_before)


def async_upload(impl: str, address: str, count: int, loop: str = "asyncio") -> dict[str, float]:
    return _on_loop(loop, lambda: _async_upload(impl, address, count))


# -- the bare grpcio baseline ------------------------------------------------------------------


def grpc_unary(address: str, count: int) -> dict[str, float]:
    import grpc

    from tests.fake_server import enum_value, message_class

    request = message_class("xai_api.GetCompletionsRequest")(model="grok-3", n=1)
    roles = [enum_value("xai_api.MessageRole", r) for r in ("ROLE_USER", "ROLE_ASSISTANT")]
    sentence = "The quick brown fox jumps over the lazy dog while the ship sails on. "
    system = request.messages.add(role=enum_value("xai_api.MessageRole", "ROLE_SYSTEM"))
    system.content.add(text="You are a helpful pirate. " + sentence)
    for turn in range(19):
        request.messages.add(role=roles[turn % 2]).content.add(text=f"Turn {turn}: " + sentence * 3)
    response_class = message_class("xai_api.GetChatCompletionResponse")
    metadata = (("authorization", f"Bearer {API_KEY}"),)
    with grpc.insecure_channel(address) as channel:
        call = channel.unary_unary(
            "/xai_api.Chat/GetCompletion",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response_class.FromString,
        )
        for _ in range(20):
            call(request, metadata=metadata)
        with Meter() as meter:
            for _ in range(count):
                call(request, metadata=metadata)
    return meter.result(count)


WORKLOADS: dict[str, Callable[..., dict[str, float]]] = {
    "sync_unary": sync_unary,
    "sync_stream": sync_stream,
    "async_unary": async_unary,
    "async_concurrent": async_concurrent,
    "async_stream": async_stream,
    "many_streams": many_streams,
    "sync_upload": sync_upload,
    "async_upload": async_upload,
}


# -- telemetry: what tracing costs while it is off ------------------------------------------------

#: How OpenTelemetry stands in a process: the states in which the SDK must cost nothing.
TRACING = {
    "absent": "OpenTelemetry not installed (its import blocked)",
    "disabled": "installed, XAI_SDK_DISABLE_TRACING=1",
    "no-provider": "installed, no tracer provider set",
}


class _NoOpenTelemetry:
    """A meta-path finder that makes ``opentelemetry`` unimportable, as if not installed."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.split(".")[0] == "opentelemetry":
            raise ModuleNotFoundError(name)


def _tracing_state(state: str) -> None:
    """Put this process in ``state`` (a key of TRACING) before the SDK is imported."""
    if state == "absent":
        sys.meta_path.insert(0, _NoOpenTelemetry())
    elif state == "disabled":
        os.environ["XAI_SDK_DISABLE_TRACING"] = "1"
    elif state != "no-provider":
        raise SystemExit(f"no tracing state {state!r}")


def call_overhead(state: str, address: str, count: int) -> dict[str, float]:
    """CPU of one call's own bookkeeping (Front.call, start, metadata, end), without the RPC.

    ``state`` ``bare`` builds the Call directly, skipping Front.call and its tracing hook: the
    same build without the hook. Every other state goes through Front.call.
    """
    _tracing_state("absent" if state == "bare" else state)
    import xai_sync
    from xai_async._core.io.front import Call
    from xai_async.proto import services
    from xai_sync.chat import user

    client = xai_sync.Client(api_key=API_KEY, api_host=address, use_insecure_channel=True)
    front = client._transport._front
    request = client.chat.create("grok-3", messages=[user("hi")])._request()
    method = services.Chat.GetCompletion
    settings = front.hosts[method.host]
    if state == "bare":

        def make() -> Any:
            return Call(method, settings, settings.deadline(None), front.observers)
    else:

        def make() -> Any:
            return front.call(method, None, request, None)

    for _ in range(1000):
        make()
    with Meter() as meter:
        for _ in range(count):
            call = make()
            call.start()
            call.metadata  # noqa: B018 (what a carrier reads)
            call.succeeded()
    client.close()
    return meter.result(count)


def main() -> None:
    impl, workload, address, count = sys.argv[1:5]
    if impl.startswith("ours-tracing-"):  # ours, with OpenTelemetry in a given state
        impl = "ours"
        _tracing_state(sys.argv[1].removeprefix("ours-tracing-"))
    if workload == "call_overhead":
        print(json.dumps(call_overhead(impl, address, int(count))))
        return
    loop = sys.argv[5] if len(sys.argv) > 5 else None
    if impl == "grpc":
        result = grpc_unary(address, int(count))
    elif loop is not None:
        result = WORKLOADS[workload](impl, address, int(count), loop)
    else:
        result = WORKLOADS[workload](impl, address, int(count))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
