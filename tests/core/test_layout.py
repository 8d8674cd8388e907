"""Rules of the layout, checked rather than claimed."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import xai_async

CORE = Path(xai_async.__file__).parent / "_core"
#: The hand-written async/sync pairs of _core/io: (async module, sync module).
TWINS = [
    ("xai_async._core.io.async_transport", "xai_async._core.io.transport"),
    ("xai_async._core.io.async_primitives", "xai_async._core.io.primitives"),
    ("xai_async._core.io.async_download", "xai_async._core.io.download"),
]


def test_the_core_outside_io_never_awaits() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        if "io" in path.relative_to(CORE).parts[:-1]:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.AsyncFunctionDef, ast.Await, ast.AsyncFor, ast.AsyncWith)):
                offenders.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert not offenders, "async code in _core outside io/: " + ", ".join(offenders)


def _sync_name(name: str) -> str:
    return re.sub(r"^(Async(?=[A-Z])|async_)", "", name).replace("aclose", "close")


def _public(module: Any) -> dict[str, Any]:
    return {_sync_name(name): getattr(module, name) for name in module.__all__}


def _shape(function: Any) -> list[tuple[str, Any, Any]]:
    """Parameter names, kinds and defaults (annotations differ by design: AsyncIterable...)."""
    return [
        (_sync_name(p.name), p.kind, p.default)
        for p in inspect.signature(function).parameters.values()
    ]


def _members(cls: type) -> dict[str, Any]:
    special = {"__init__", "__aenter__", "__aexit__", "__aiter__", "__anext__"}
    renamed = {"__aenter__": "__enter__", "__aexit__": "__exit__"}
    renamed |= {"__aiter__": "__iter__", "__anext__": "__next__"}
    return {
        _sync_name(renamed.get(name, name)): member
        for name, member in vars(cls).items()
        if callable(member)
        and (not name.startswith("_") or name in special | set(renamed.values()))
    }


@pytest.mark.parametrize(("async_name", "sync_name"), TWINS)
def test_io_twins_have_the_same_public_shape(async_name: str, sync_name: str) -> None:
    async_module = importlib.import_module(async_name)
    sync_module = importlib.import_module(sync_name)
    async_public, sync_public = _public(async_module), _public(sync_module)
    assert sorted(async_public) == sorted(sync_public)
    for name, async_object in async_public.items():
        sync_object = sync_public[name]
        if inspect.isclass(async_object):
            async_members, sync_members = _members(async_object), _members(sync_object)
            assert sorted(async_members) == sorted(sync_members), name
            for member, function in async_members.items():
                assert _shape(function) == _shape(sync_members[member]), f"{name}.{member}"
        elif inspect.isfunction(async_object):
            assert inspect.iscoroutinefunction(async_object), name
            assert not inspect.iscoroutinefunction(sync_object), name
            assert _shape(async_object) == _shape(sync_object), name


def test_sync_package_mirrors_every_module_outside_the_shared_core() -> None:
    import xai_sync

    package = Path(xai_async.__file__).parent
    mirrored = {
        path.relative_to(package)
        for path in package.rglob("*.py")
        if path.relative_to(package).parts[0] not in ("_core", "proto")
    }
    sync_package = Path(xai_sync.__file__).parent
    assert {path.relative_to(sync_package) for path in sync_package.rglob("*.py")} == mirrored
