"""Every public name of both packages imports in a fresh interpreter, whatever comes first.

The package ``__getattr__`` once recursed on ``from xai_sync import chat`` (the tests never saw
it because they import the client first): each import here runs in its own interpreter.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import xai_async
import xai_sync
from xai_async._core.areas import OFFICIAL_AREAS, OFFICIAL_MODULES

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (xai_async, xai_sync)


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _lazy_names(package: str) -> list[str]:
    """The names a package loads on first use: what it lists but has not bound at import."""
    code = f"import {package}; print(*sorted(set(dir({package})) - set(vars({package}))))"
    result = _fresh(code)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def _snippets() -> list[str]:
    snippets = []
    for package in PACKAGES:
        pkg = package.__name__
        snippets.append(f"from {pkg} import *")
        for name in _lazy_names(pkg):
            snippets.append(f"from {pkg} import {name}; assert {name} is not None")
            snippets.append(f"import {pkg}; assert {pkg}.{name} is not None")
            if importlib.util.find_spec(f"{pkg}.{name}") is not None:
                snippets.append(f"import {pkg}.{name}")
    return snippets


def test_every_public_name_imports_in_a_fresh_interpreter() -> None:
    snippets = _snippets()
    # Every area and alias is among them, for both packages.
    for pkg in ("xai_async", "xai_sync"):
        for name in ("chat", "auth", "client", "types", "aio", "sync", "proto"):
            assert f"from {pkg} import {name}; assert {name} is not None" in snippets
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_fresh, snippets))
    failures = [
        f"{snippet}\n{result.stderr.strip().splitlines()[-1:]}"
        for snippet, result in zip(snippets, results, strict=True)
        if result.returncode != 0
    ]
    assert not failures, "\n".join(failures)


def test_all_names_in_reverse_and_shuffled_orders_in_one_interpreter() -> None:
    code = """
import random
import importlib
for seed in (1, 2, 3):
    order = [(pkg, name) for pkg in ("xai_sync", "xai_async")
             for name in dir(importlib.import_module(pkg))]
    random.Random(seed).shuffle(order)
    for pkg, name in order:
        getattr(importlib.import_module(pkg), name)
"""
    result = _fresh(code)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("package", ["xai_async", "xai_sync"])
def test_every_official_module_is_here(package: str) -> None:
    missing = [
        name for name in OFFICIAL_MODULES if importlib.util.find_spec(f"{package}.{name}") is None
    ]
    assert missing == []


def test_unknown_names_are_plain_attribute_errors() -> None:
    for package in PACKAGES:
        with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
            package.nonsense  # type: ignore[attr-defined]  # noqa: B018


def test_official_import_paths_have_counterparts() -> None:
    import xai_async.chat
    import xai_async.client
    import xai_sync.chat
    import xai_sync.client

    # ``from xai_sdk.aio.chat import Chat`` / ``from xai_sdk.aio.client import Client``
    assert xai_async.chat.Chat is xai_async.chat.AsyncChat
    assert xai_async.client.Client is xai_async.AsyncClient
    # ``import xai_sdk`` -> ``import xai_sync as xai_sdk`` (or xai_async): both namespaces.
    for xai_sdk in PACKAGES:
        assert xai_sdk.sync.chat.Chat is xai_sync.chat.Chat  # type: ignore[attr-defined]
        assert xai_sdk.aio.chat.Chat is xai_async.chat.AsyncChat  # type: ignore[attr-defined]
        assert xai_sdk.sync.Client is xai_sync.Client  # type: ignore[attr-defined]
        assert xai_sdk.aio.AsyncClient is xai_async.AsyncClient  # type: ignore[attr-defined]
        assert xai_sdk.chat.user is xai_async.chat.user  # type: ignore[attr-defined]
    assert set(OFFICIAL_AREAS) <= set(OFFICIAL_MODULES)
