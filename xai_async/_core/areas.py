"""How the packages find their API areas: lazily, by module name, with no table to keep.

An area is a module of the package (``xai_async/chat.py`` -> ``client.chat`` and
``xai_async.chat``). The client declares each sub-client once, as a class annotation (which
is also what type checkers read); the first access imports the module, builds the sub-client
from the annotated class and caches it. Names the official SDK has but this version does not
yet raise :class:`~xai_async._core.errors.NotYetImplementedError` instead of a bare
``AttributeError``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from typing import Any

from xai_async._core.errors import NotYetImplementedError
from xai_async._core.version import __version__

__all__ = ["OFFICIAL_AREAS", "OFFICIAL_MODULES", "module_attribute", "public_names", "sub_client"]

#: The official SDK's sub-clients (``client.image`` ...).
OFFICIAL_AREAS = (
    "auth",
    "batch",
    "chat",
    "collections",
    "files",
    "image",
    "models",
    "tokenize",
    "video",
)
#: The official SDK's other public modules (``xai_sdk.tools`` ...).
OFFICIAL_MODULES = (*OFFICIAL_AREAS, "cost", "search", "telemetry", "tools", "types")


def _not_yet(what: str) -> NotYetImplementedError:
    return NotYetImplementedError(
        f"{what} exists in the official xai-sdk but is not implemented in xai-async "
        f"{__version__} yet."
    )


def module_attribute(package: str, name: str, lazy: Mapping[str, tuple[str, str | None]]) -> Any:
    """The package attribute ``name``, loaded on first use (a module ``__getattr__``).

    Args:
        package: The package's ``__name__``.
        name: The attribute asked for.
        lazy: ``name -> (module, attribute)``; a relative module is relative to ``package``;
            attribute ``None`` means the module itself.

    Returns:
        An entry of ``lazy``, else the public submodule ``name`` (an API area).
    """
    if name in lazy:
        module_name, attribute = lazy[name]
        module = importlib.import_module(module_name, package)
        return module if attribute is None else getattr(module, attribute)
    # importlib, never ``from . import name``: the latter calls this hook again (recursion).
    if not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}") is not None:
        return importlib.import_module(f"{package}.{name}")
    if name in OFFICIAL_MODULES:
        raise _not_yet(f"`{package}.{name}`")
    raise AttributeError(f"module {package!r} has no attribute {name!r}")


def public_names(package: str, names: list[str], lazy: Mapping[str, Any]) -> list[str]:
    """What ``dir(package)`` lists: its names, the lazy ones and its public submodules."""
    spec = importlib.util.find_spec(package)
    locations = spec.submodule_search_locations if spec is not None else None
    modules: list[str] = []
    if locations:
        import pkgutil

        modules = [info.name for info in pkgutil.iter_modules(locations)]
    return sorted({*names, *lazy, *(m for m in modules if not m.startswith("_"))})


def sub_client(client: object, name: str, *args: Any) -> Any:
    """Build the sub-client ``name`` of ``client`` from its class annotation, and cache it.

    ``AsyncClient`` annotates ``chat: AsyncChatClient``: the class named there is looked up
    in the area module of the same name (``<package>.chat``) and called with ``args``.
    """
    cls = type(client)
    declared = _declaration(cls, name) if not name.startswith("_") else None
    if declared is None:
        if name in OFFICIAL_AREAS:
            raise _not_yet(f"`client.{name}`")
        raise AttributeError(f"{cls.__name__!r} object has no attribute {name!r}")
    owner, annotation = declared
    package = owner.__module__.rpartition(".")[0]
    area = importlib.import_module(f"{package}.{name}")
    instance = getattr(area, str(annotation))(*args)
    vars(client)[name] = instance  # later reads find it without calling __getattr__
    return instance


def _declaration(cls: type, name: str) -> tuple[type, Any] | None:
    """The class that annotates ``name`` (the SDK's client, even in a user's subclass)."""
    for klass in cls.__mro__:
        annotation = vars(klass).get("__annotations__", {}).get(name)
        if annotation is not None:
            return klass, annotation
    return None
