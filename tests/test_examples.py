"""Every program of examples/sync and examples/aio, run against the fake server.

The examples are documentation that must keep working: each one runs here unchanged, the way a
user runs it. The client is made with no arguments and finds the server through ``XAI_API_KEY``
and ``XAI_API_HOST`` (a ``localhost:`` host: gRPC local credentials). Sync examples run as
scripts (``runpy``); async ones are imported and their ``main()`` run on asyncio and on trio.
``input()`` reads scripted lines, and pictures are saved under the test's tmp dir.

Each run checks what the example printed **and** what the server received (methods, request
fields, the messages sent back), so an example that silently stops doing its job fails here.
The checks live in ``tests/examples/``, one module per API area.
"""

from __future__ import annotations

import asyncio
import builtins
import importlib
import importlib.util
import pkgutil
import runpy
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trio

import tests.examples
from tests.examples.common import Example
from tests.fake_server import API_KEY, FakeXai
from xai_async._core.telemetry import spans as tracing

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RUNS = ("sync", "asyncio", "trio")


def _cases() -> list[Example]:
    found: list[Example] = []
    for info in pkgutil.iter_modules(tests.examples.__path__, "tests.examples."):
        found += getattr(importlib.import_module(info.name), "CASES", [])
    return found


CASES = _cases()


def test_every_example_is_tested() -> None:
    tested = {case.name for case in CASES}
    for side in ("sync", "aio"):
        found = {path.stem for path in (EXAMPLES / side).glob("*.py")} - {"__init__"}
        assert found == tested, side


# -- running one -----------------------------------------------------------------------------------


@pytest.fixture
def server(fake_xai: FakeXai, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeXai]:
    """The fake server, found by clients made with no arguments, as users make them."""
    monkeypatch.setenv("XAI_API_KEY", API_KEY)
    monkeypatch.setenv("XAI_API_HOST", fake_xai.local_address)
    monkeypatch.setenv("XAI_MANAGEMENT_KEY", fake_xai.management_key)
    monkeypatch.setenv("XAI_MANAGEMENT_API_HOST", fake_xai.local_address)
    yield fake_xai
    tracing.use_provider(None)  # the telemetry example gave the SDK a provider of its own


def scripted_input(lines: list[str]) -> Callable[..., str]:
    remaining: Iterator[str] = iter(lines)

    def fake_input(prompt: str = "") -> str:
        print(prompt, end="")
        line = next(remaining, None)
        if line is None:
            raise AssertionError(f"the example asked for more input than scripted: {lines}")
        print(line)  # echo, as a terminal shows what was typed
        return line

    return fake_input


def load(path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Import an example as a module, without running its ``__main__`` block."""
    name = f"example_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # pydantic finds its models' module here
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_example(
    case: Example,
    run: str,
    server: FakeXai,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    path = EXAMPLES / ("sync" if run == "sync" else "aio") / f"{case.name}.py"
    if case.setup is not None:
        case.setup(server)
    monkeypatch.setattr(sys, "argv", [str(path), *case.argv])
    monkeypatch.setattr(builtins, "input", scripted_input(case.inputs))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where mkdtemp() makes folders

    if run == "sync":
        runpy.run_path(str(path), run_name="__main__")
    else:
        main = load(path, monkeypatch).main
        if run == "asyncio":
            asyncio.run(main())
        else:
            trio.run(main)

    case.check(server, capsys.readouterr().out, case.argv, tmp_path)
