"""OpenTelemetry tracing of every call: the switches, and the hook the transports call.

OpenTelemetry is optional. :func:`tracing_hook` tells once per process whether it is installed
(without importing it); when it is not, the transports hold no hook and a call pays one
``is None`` check. When it is, :mod:`.spans` (the only module that imports OpenTelemetry) gives
each call a CLIENT span, unless ``XAI_SDK_DISABLE_TRACING`` says otherwise *when the call
starts* (the official SDK reads it once, at import).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable, Mapping
from functools import cache
from types import ModuleType
from typing import Any

__all__ = [
    "Operation",
    "should_disable_sensitive_attributes",
    "tracing_disabled",
    "tracing_hook",
]

_TRUE = ("1", "true")


def _environment_reader(name: str) -> Callable[[], bool]:
    """A reader of a ``1``/``true`` switch, fast when the variable is not set.

    ``os.environ.get`` raises and catches a ``KeyError`` inside for a missing variable (about
    1 µs); the mapping under ``os.environ`` answers in 0.03 µs. Tracing reads a switch per
    call, so it looks there when it can (CPython's ``os._Environ``), else asks ``os.environ``.
    """
    environ: Any = os.environ
    data, encode = getattr(environ, "_data", None), getattr(environ, "encodekey", None)
    if not isinstance(data, dict) or encode is None:
        return lambda: os.environ.get(name, "0").lower() in _TRUE
    key = encode(name)

    def read() -> bool:
        value = data.get(key)
        return value is not None and environ.decodevalue(value).lower() in _TRUE

    return read


_tracing_off = _environment_reader("XAI_SDK_DISABLE_TRACING")
_sensitive_off = _environment_reader("XAI_SDK_DISABLE_SENSITIVE_TELEMETRY_ATTRIBUTES")


def tracing_disabled() -> bool:
    """Whether ``XAI_SDK_DISABLE_TRACING`` is ``1`` or ``true`` (read now, not at import)."""
    return _tracing_off()


def should_disable_sensitive_attributes() -> bool:
    """Whether ``XAI_SDK_DISABLE_SENSITIVE_TELEMETRY_ATTRIBUTES`` is ``1`` or ``true``.

    When it is, spans carry no prompt, completion, usage, id or user: only the operation, the
    model and the server.
    """
    return _sensitive_off()


class Operation:
    """What a public call is, for its span, when its RPC alone does not say.

    Args:
        name: The span's name without the model (``"chat.parse"``); ``None`` keeps the
            RPC's own name (``chat.sample`` for ``GetCompletion`` ...).
        attributes: Client-side facts no request carries (``gen_ai.conversation.id``).
    """

    __slots__ = ("attributes", "name")

    def __init__(self, name: str | None, attributes: Mapping[str, Any] | None = None) -> None:
        self.name = name
        self.attributes = attributes or {}

    def __repr__(self) -> str:
        return f"Operation({self.name!r})"


@cache
def tracing_hook() -> ModuleType | None:
    """:mod:`.spans`, which gives each call its span, or ``None`` without OpenTelemetry.

    Decided once per process; looking for the package does not import it.
    """
    try:
        installed = importlib.util.find_spec("opentelemetry") is not None
    except (ImportError, ValueError):  # ValueError: blocked in sys.modules
        installed = False
    if not installed:
        return None
    try:
        return importlib.import_module("xai_async._core.telemetry.spans")
    except ImportError:  # a part of OpenTelemetry without its API
        return None
