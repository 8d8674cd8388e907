"""Benchmarks, each reported as a ratio against a baseline measured in the same run.

1. Import time: ``python -c "import xai_sync"`` (and ``xai_async``) against ``import grpc``.
2. Unary latency: ``chat.sample()`` against a bare grpcio call of the same RPC, with protobuf's
   own classes, to the same fake server (sync, asyncio and trio against their bare
   counterparts: grpcio sync for sync and trio, grpc.aio for asyncio).
3. Streaming throughput: ``chat.stream()`` of a long answer against the bare grpcio stream.

The fake server runs in its own process, so the client's costs are not hidden by (or added
to) the server's in one GIL.

Run: ``nox -s bench`` (``-- --quick`` for fewer repetitions).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
import grpc.aio
import trio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.fake_server

from tests.fake_server import API_KEY, FakeXai, enum_value, message_class
from xai_async import AsyncClient
from xai_async.chat import user
from xai_sync import Client

METADATA = (("authorization", f"Bearer {API_KEY}"),)
STREAM_WORDS = 2000


def _median_seconds(run: Callable[[], Any], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_imports(repeat: int) -> None:
    statements = (
        "import grpc",
        "import xai_sync",
        "from xai_sync import Client",
        "from xai_async import AsyncClient",
    )
    samples: dict[str, list[float]] = {code: [] for code in statements}
    for _ in range(repeat):  # interleaved, so drift hits every statement alike
        for code in statements:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            samples[code].append(time.perf_counter() - start)
    base = statistics.median(samples["import grpc"])
    for code in statements:
        took = statistics.median(samples[code])
        command = f"python -c '{code}'"
        print(f"{command:<44}{took * 1000:8.1f} ms  ratio {took / base:5.2f}x")


def _serve(ports: Any, stop: Any) -> None:
    """Child process: run the fake server until told to stop (own process, own GIL)."""
    server = FakeXai().start()
    ports.put(server.address)
    stop.wait()
    server.stop()


def _raw_request(prompt: str) -> bytes:
    request = message_class("xai_api.GetCompletionsRequest")(model="grok-3", n=1)
    message = request.messages.add(role=enum_value("xai_api.MessageRole", "ROLE_USER"))
    message.content.add(text=prompt)
    return bytes(request.SerializeToString())


def measure_calls(address: str, calls: int, streams: int) -> dict[str, float]:
    """One round: the median seconds per call / per stream of every client and baseline."""
    response_class = message_class("xai_api.GetChatCompletionResponse")
    chunk_class = message_class("xai_api.GetChatCompletionChunk")
    # The fake server echoes the prompt: a long prompt makes a long streamed answer.
    long_prompt = " ".join(["word"] * STREAM_WORDS)
    short, long = _raw_request("hi"), _raw_request(long_prompt)
    kwargs = {"api_key": API_KEY, "api_host": address, "use_insecure_channel": True}
    unary_path, stream_path = "/xai_api.Chat/GetCompletion", "/xai_api.Chat/GetCompletionChunk"
    results: dict[str, float] = {}

    # -- bare grpcio (sync): the baseline for xai_sync and trio ------------------------------
    with grpc.insecure_channel(address) as channel:
        unary = channel.unary_unary(unary_path, None, response_class.FromString)
        stream = channel.unary_stream(stream_path, None, chunk_class.FromString)
        unary(short, metadata=METADATA)
        results["grpc sync unary"] = _median_seconds(lambda: unary(short, metadata=METADATA), calls)
        results["grpc sync stream"] = _median_seconds(
            lambda: sum(1 for _ in stream(long, metadata=METADATA)), streams
        )

    # -- xai_sync ---------------------------------------------------------------------------
    with Client(**kwargs) as client:
        chat = client.chat.create("grok-3", messages=[user("hi")])
        long_chat = client.chat.create("grok-3", messages=[user(long_prompt)])
        chat.sample()
        results["xai_sync unary"] = _median_seconds(chat.sample, calls)
        results["xai_sync stream"] = _median_seconds(
            lambda: sum(1 for _ in long_chat.stream()), streams
        )

    # -- bare grpc.aio: the baseline for asyncio --------------------------------------------
    async def aio_baseline() -> None:
        async with grpc.aio.insecure_channel(address) as channel:
            unary = channel.unary_unary(unary_path, None, response_class.FromString)
            stream = channel.unary_stream(stream_path, None, chunk_class.FromString)
            await unary(short, metadata=METADATA)
            results["grpc.aio unary"] = await _per_call_async(
                lambda: unary(short, metadata=METADATA), calls
            )

            async def drain() -> None:
                async for _ in stream(long, metadata=METADATA):
                    pass

            results["grpc.aio stream"] = await _per_call_async(drain, streams)

    asyncio.run(aio_baseline())

    # -- xai_async on asyncio and on trio ---------------------------------------------------
    async def sdk(label: str) -> None:
        async with AsyncClient(**kwargs) as client:
            chat = client.chat.create("grok-3", messages=[user("hi")])
            long_chat = client.chat.create("grok-3", messages=[user(long_prompt)])
            await chat.sample()
            results[f"{label} unary"] = await _per_call_async(chat.sample, calls)

            async def drain() -> None:
                async for _ in long_chat.stream():
                    pass

            results[f"{label} stream"] = await _per_call_async(drain, streams)

    asyncio.run(sdk("xai_async/asyncio"))
    trio.run(sdk, "xai_async/trio")
    return results


def bench_calls(address: str, calls: int, streams: int, rounds: int) -> None:
    # Several short rounds, medians of the rounds: drift on a busy machine hits all alike.
    rounds_results = [measure_calls(address, calls, streams) for _ in range(rounds)]
    results = {
        label: statistics.median(r[label] for r in rounds_results) for label in rounds_results[0]
    }
    for kind in ("unary", "stream"):
        unit = "per call" if kind == "unary" else f"per {STREAM_WORDS}-chunk stream"
        print(f"\n{kind} ({unit}, median of {len(rounds_results)} rounds):")
        for label, baseline in (
            ("xai_sync", "grpc sync"),
            ("xai_async/asyncio", "grpc.aio"),
            ("xai_async/trio", "grpc sync"),
        ):
            took, base = results[f"{label} {kind}"], results[f"{baseline} {kind}"]
            print(
                f"  {label:<18}{took * 1000:9.3f} ms   vs {baseline:<9} {base * 1000:9.3f} ms"
                f"   ratio {took / base:5.2f}x"
            )


async def _per_call_async(run: Callable[[], Any], count: int) -> float:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        await run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    quick = parser.parse_args().quick
    bench_imports(repeat=5 if quick else 15)
    context = multiprocessing.get_context("spawn")
    ports, stop = context.Queue(), context.Event()
    server = context.Process(target=_serve, args=(ports, stop), daemon=True)
    server.start()
    try:
        address = ports.get(timeout=60)
        if quick:
            bench_calls(address, calls=50, streams=2, rounds=1)
        else:
            bench_calls(address, calls=100, streams=3, rounds=5)
    finally:
        stop.set()
        server.join(timeout=10)


if __name__ == "__main__":
    main()
