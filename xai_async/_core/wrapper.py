"""The base of every response wrapper: it holds a betterproto2 message and exposes ``.proto``."""

from __future__ import annotations

from typing import Generic, TypeVar

import betterproto2

__all__ = ["ProtoWrapper", "present", "proto_name"]

M = TypeVar("M", bound=betterproto2.Message)
T = TypeVar("T")


class ProtoWrapper(Generic[M]):
    """A read-only view of one message.

    ``.proto`` is the message itself (a betterproto2 dataclass), for anything the view does
    not cover.
    """

    __slots__ = ("_proto",)

    def __init__(self, proto: M) -> None:
        self._proto = proto

    @property
    def proto(self) -> M:
        """The underlying message (a betterproto2 dataclass)."""
        return self._proto

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._proto!r})"


def present(value: T | None, empty: type[T]) -> T:
    """``value``, or an empty message where it is unset (betterproto2 leaves those ``None``).

    Not ``value or empty()``: a betterproto2 message's truth test walks all of its fields,
    which made it the largest cost of folding a streamed chunk.
    """
    return empty() if value is None else value


def proto_name(value: int) -> str:
    """The name an enum value has in the ``.proto`` (what the official SDK reports)."""
    name = getattr(value, "proto_name", None) or getattr(value, "name", "")
    return str(name) if name else f"UNKNOWN({int(value)})"
