"""This SDK against the official one (xai-sdk 1.21) and bare grpcio, on one fake server.

Every measurement runs in a fresh process (``bench/workloads.py``), the same user code for
both SDKs; the fake server runs in its own process. Rounds are interleaved (ours, official,
ours, official, ...) so drift on a busy machine hits both alike, and the table reports the
median of the rounds as ratios to the official SDK measured in the same run (trio against our
own asyncio). Prints a Markdown table.

Uploads get a table of their own: MB/s and peak RSS uploading one 200 MB file (written to a
temporary folder by this script, removed afterwards; 50 MB with ``--quick``), from its path,
with the same user code for both SDKs. To compare like with like, both SDKs talk to a fake
server of its own on its ``localhost:PORT`` port, served with gRPC local credentials: that is
the one non-TLS channel on which the official SDK sends the API key with an upload (on an
insecure channel it sends none, so the server would refuse its uploads), and ours sends it on
every channel. Peak RSS is the workload process's (``ru_maxrss``), imports and channel included.

Run: ``nox -s bench`` (``-- --quick`` for one short round). The official SDK is installed in
the bench session's own environment only.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.fake_server

WORKLOADS = ROOT / "bench" / "workloads.py"

#: (row, workload, loop, count in a full run)
VERSUS_OFFICIAL = [
    ("sync unary (20-message chat)", "sync_unary", None, 400),
    ("asyncio unary", "async_unary", "asyncio", 400),
    ("asyncio 32 concurrent", "async_concurrent", "asyncio", 960),
    ("sync stream (chunks)", "sync_stream", None, 3),
    ("asyncio stream (chunks)", "async_stream", "asyncio", 3),
]
#: (row, workload, count): ours on trio against ours on asyncio.
TRIO = [
    ("unary", "async_unary", 400),
    ("32 concurrent", "async_concurrent", 960),
    ("stream (chunks)", "async_stream", 3),
    ("1,000 concurrent streams", "many_streams", 1000),
]
#: (row, workload, loop): one upload of the big file, ours against the official SDK.
UPLOADS = [
    ("sync", "sync_upload", None),
    ("asyncio", "async_upload", "asyncio"),
]
#: The size of the uploaded file in a full run.
UPLOAD_MB = 200
IMPORTS = {
    "grpc": "import grpc",
    "ours": "from xai_sync import Client",
    "official": "from xai_sdk import Client",
}


def _serve(ports: Any, stop: Any) -> None:
    from tests.fake_server import FakeXai

    server = FakeXai().start()
    ports.put(server.address)
    stop.wait()
    server.stop()


def _serve_uploads(ports: Any, stop: Any) -> None:
    """A fake server for the uploads alone, on its local-credentials port; it forgets them."""
    from tests.fake_server import FakeXai

    server = FakeXai().start()
    ports.put(server.local_address)
    store = server.servicer("xai_api.Files").store
    while not stop.wait(0.5):  # 200 MB an upload: keep the server's memory flat
        server.uploads.clear()
        with store.lock:
            store.files.clear()
    server.stop()


def _measure_uploads(
    rounds: int, scale: float, context: Any
) -> dict[tuple[str, str, str | None], list[dict[str, float]]]:
    """Interleaved uploads of one big file: ours and the official SDK's, ours on trio too."""
    results: dict[tuple[str, str, str | None], list[dict[str, float]]] = {}
    ports, stop = context.Queue(), context.Event()
    server = context.Process(target=_serve_uploads, args=(ports, stop), daemon=True)
    server.start()
    with tempfile.TemporaryDirectory(prefix="xai-bench-") as folder:
        path = Path(folder) / "upload.bin"
        with path.open("wb") as out:
            for _ in range(max(1, int(UPLOAD_MB * scale))):
                out.write(os.urandom(1_000_000))
        os.environ["XAI_BENCH_UPLOAD_FILE"] = str(path)  # workloads.UPLOAD_FILE
        try:
            address = ports.get(timeout=60)
            for _ in range(rounds):
                for _row, workload, loop in UPLOADS:
                    for impl in ("ours", "official"):
                        results.setdefault((impl, workload, loop), []).append(
                            _measure(impl, workload, address, 1, loop)
                        )
                results.setdefault(("ours", "async_upload", "trio"), []).append(
                    _measure("ours", "async_upload", address, 1, "trio")
                )
        finally:
            stop.set()
            server.join(timeout=10)
    return results


#: Tracing states of the cost-when-off table (workloads.TRACING), and the calls measured.
TRACING_STATES = ("absent", "disabled", "no-provider")
TRACED_WORKLOADS = [
    ("sync unary", "sync_unary", None, 1500),
    ("asyncio unary", "async_unary", "asyncio", 1500),
]
OVERHEAD_CALLS = 200_000


def _measure_tracing(rounds: int, scale: float, context: Any) -> dict[tuple[str, str], list[Any]]:
    """Interleaved: a call's bookkeeping per tracing state (and bare), then whole calls."""
    ports, stop = context.Queue(), context.Event()
    server = context.Process(target=_serve, args=(ports, stop), daemon=True)
    server.start()
    results: dict[tuple[str, str], list[Any]] = {}
    try:
        address = ports.get(timeout=60)
        for _ in range(rounds * 3):
            for state in ("bare", *TRACING_STATES):
                n = max(1, int(OVERHEAD_CALLS * scale))
                results.setdefault((state, "call_overhead"), []).append(
                    _measure(state, "call_overhead", address, n, None)
                )
        for _ in range(rounds):
            for _row, workload, loop, count in TRACED_WORKLOADS:
                for state in TRACING_STATES:
                    n = max(1, int(count * scale))
                    results.setdefault((state, workload), []).append(
                        _measure(f"ours-tracing-{state}", workload, address, n, loop)
                    )
    finally:
        stop.set()
        server.join(timeout=10)
    return results


def _report_tracing(results: dict[tuple[str, str], list[Any]]) -> None:
    bare = _median(results[("bare", "call_overhead")], "cpu")
    print(
        "\n| tracing off: client CPU per call | OpenTelemetry absent | "
        "XAI_SDK_DISABLE_TRACING=1 | installed, no provider |"
    )
    print("|---|---|---|---|")
    costs = [_median(results[(state, "call_overhead")], "cpu") - bare for state in TRACING_STATES]
    print(
        f"| the hook (Front.call, span checks) over the same build without it "
        f"({bare * 1e6:.2f} µs) | "
        + " | ".join(f"**{cost * 1e6:+.2f} µs**" for cost in costs)
        + " |"
    )
    for row, workload, _loop, _count in TRACED_WORKLOADS:
        cpus = [_median(results[(state, workload)], "cpu") for state in TRACING_STATES]
        print(
            f"| {row}, whole call (ratio to absent) | {cpus[0] * 1e6:.1f} µs | "
            + " | ".join(f"{cpu * 1e6:.1f} µs ({cpu / cpus[0]:.2f}x)" for cpu in cpus[1:])
            + " |"
        )


def _measure(impl: str, workload: str, address: str, count: int, loop: str | None) -> Any:
    command = [sys.executable, str(WORKLOADS), impl, workload, address, str(count)]
    if loop is not None:
        command.append(loop)
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[1:])} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _import(statement: str) -> dict[str, float]:
    code = (
        "import time, resource, json\n"
        "start = time.perf_counter()\n"
        f"{statement}\n"
        "took = time.perf_counter() - start\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': took, 'rss_mib': rss}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/"
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _median(samples: list[dict[str, float]], key: str) -> float:
    return statistics.median(sample[key] for sample in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--tracing-only", action="store_true", help="only the cost of tracing while it is off"
    )
    arguments = parser.parse_args()
    rounds = 1 if arguments.quick else arguments.rounds
    scale = 0.25 if arguments.quick else 1.0
    context = multiprocessing.get_context("spawn")
    if arguments.tracing_only:
        _report_tracing(_measure_tracing(rounds, scale, context))
        return

    imports: dict[str, list[dict[str, float]]] = {name: [] for name in IMPORTS}
    for _ in range(3 if arguments.quick else 9):
        for name, statement in IMPORTS.items():
            imports[name].append(_import(statement))

    ports, stop = context.Queue(), context.Event()
    server = context.Process(target=_serve, args=(ports, stop), daemon=True)
    server.start()
    results: dict[tuple[str, str, str | None], list[dict[str, float]]] = {}
    try:
        address = ports.get(timeout=60)
        for _ in range(rounds):
            for _row, workload, loop, count in VERSUS_OFFICIAL:
                for impl in ("ours", "official"):
                    n = max(1, int(count * scale))
                    results.setdefault((impl, workload, loop), []).append(
                        _measure(impl, workload, address, n, loop)
                    )
            results.setdefault(("grpc", "sync_unary", None), []).append(
                _measure("grpc", "sync_unary", address, max(1, int(400 * scale)), None)
            )
            for _row, workload, count in TRIO:
                # The other asyncio figures were measured against the official SDK above.
                loops = ("asyncio", "trio") if workload == "many_streams" else ("trio",)
                for loop in loops:
                    results.setdefault(("ours", workload, loop), []).append(
                        _measure("ours", workload, address, max(1, int(count * scale)), loop)
                    )
    finally:
        stop.set()
        server.join(timeout=10)

    uploads = _measure_uploads(rounds, scale, context)
    tracing = _measure_tracing(rounds, scale, context)
    _report(results, imports, rounds)
    _report_uploads(uploads, max(1, int(UPLOAD_MB * scale)))
    _report_tracing(tracing)


def _report(
    results: dict[tuple[str, str, str | None], list[dict[str, float]]],
    imports: dict[str, list[dict[str, float]]],
    rounds: int,
) -> None:
    print(
        f"\n{platform.node()}: {platform.machine()}, {multiprocessing.cpu_count()} cores, "
        f"Python {platform.python_version()}; medians of {rounds} interleaved round(s)\n"
    )
    print("| workload | ours | official | ratio (ours/official) |")
    print("|---|---|---|---|")
    for row, workload, loop, _count in VERSUS_OFFICIAL:
        ours, official = results[("ours", workload, loop)], results[("official", workload, loop)]
        unit = "chunks/s" if "stream" in workload else "calls/s"
        per = "chunk" if "stream" in workload else "call"
        rate_ours, rate_official = _median(ours, "rate"), _median(official, "rate")
        cpu_ours, cpu_official = _median(ours, "cpu"), _median(official, "cpu")
        print(
            f"| {row}: {unit} | {rate_ours:,.0f} | {rate_official:,.0f} | "
            f"**{rate_ours / rate_official:.2f}x** |"
        )
        print(
            f"| {row}: client CPU per {per} | {cpu_ours * 1e6:,.1f} µs | "
            f"{cpu_official * 1e6:,.1f} µs | **{cpu_ours / cpu_official:.2f}x** |"
        )
    grpc_cpu = _median(results[("grpc", "sync_unary", None)], "cpu")
    print(f"| bare grpcio sync unary: client CPU per call | {grpc_cpu * 1e6:,.1f} µs | | |")
    seconds = {name: statistics.median(s["seconds"] for s in v) for name, v in imports.items()}
    rss = {name: statistics.median(s["rss_mib"] for s in v) for name, v in imports.items()}
    print(
        f"| `from … import Client`: import time | {seconds['ours'] * 1000:.0f} ms | "
        f"{seconds['official'] * 1000:.0f} ms | **{seconds['ours'] / seconds['official']:.2f}x** |"
    )
    print(
        f"| `from … import Client`: RSS | {rss['ours']:.0f} MiB | {rss['official']:.0f} MiB | "
        f"**{rss['ours'] / rss['official']:.2f}x** |"
    )
    print(f"| `import grpc` alone | {seconds['grpc'] * 1000:.0f} ms, {rss['grpc']:.0f} MiB | | |")

    print("\n| ours on trio vs ours on asyncio | asyncio | trio | ratio (trio/asyncio) |")
    print("|---|---|---|---|")
    for row, workload, _count in TRIO:
        aio, trio = results[("ours", workload, "asyncio")], results[("ours", workload, "trio")]
        if workload == "many_streams":
            time_aio, time_trio = _median(aio, "seconds"), _median(trio, "seconds")
            print(
                f"| {row}: seconds | {time_aio:.2f} s | {time_trio:.2f} s | "
                f"**{time_trio / time_aio:.2f}x** |"
            )
            print(
                f"| {row}: most threads | {_median(aio, 'threads'):.0f} | "
                f"{_median(trio, 'threads'):.0f} | |"
            )
            continue
        rate_aio, rate_trio = _median(aio, "rate"), _median(trio, "rate")
        unit = "chunks/s" if "stream" in workload else "calls/s"
        print(
            f"| {row}: {unit} | {rate_aio:,.0f} | {rate_trio:,.0f} | "
            f"**{rate_trio / rate_aio:.2f}x** |"
        )


def _report_uploads(
    results: dict[tuple[str, str, str | None], list[dict[str, float]]], megabytes: int
) -> None:
    print(
        f"\n| upload of a {megabytes} MB file (local credentials) | ours | official | "
        "ratio (ours/official) |"
    )
    print("|---|---|---|---|")
    for row, workload, loop in UPLOADS:
        ours, official = results[("ours", workload, loop)], results[("official", workload, loop)]
        rate_ours, rate_official = _median(ours, "rate"), _median(official, "rate")
        rss_ours, rss_official = _median(ours, "rss_mib"), _median(official, "rss_mib")
        before_ours, before_official = (
            _median(ours, "rss_before_mib"),
            _median(official, "rss_before_mib"),
        )
        print(
            f"| {row}: MB/s | {rate_ours:,.0f} | {rate_official:,.0f} | "
            f"**{rate_ours / rate_official:.2f}x** |"
        )
        print(
            f"| {row}: peak RSS (before the upload) | {rss_ours:.0f} MiB ({before_ours:.0f}) | "
            f"{rss_official:.0f} MiB ({before_official:.0f}) | "
            f"**{rss_ours / rss_official:.2f}x** |"
        )
        print(
            f"| {row}: client CPU per MB | {_median(ours, 'cpu') * 1e3:.1f} ms | "
            f"{_median(official, 'cpu') * 1e3:.1f} ms | "
            f"**{_median(ours, 'cpu') / _median(official, 'cpu'):.2f}x** |"
        )
    trio = results[("ours", "async_upload", "trio")]
    print(
        f"| trio (ours only): MB/s, peak RSS (before) | {_median(trio, 'rate'):,.0f} MB/s, "
        f"{_median(trio, 'rss_mib'):.0f} MiB ({_median(trio, 'rss_before_mib'):.0f}) | | |"
    )


if __name__ == "__main__":
    main()
