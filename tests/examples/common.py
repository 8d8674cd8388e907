"""What every example check shares: the case record and readers of what the server received."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fake_server import FakeXai

__all__ = ["Example", "methods", "requests"]


@dataclass
class Example:
    name: str
    check: Callable[..., None]
    argv: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    #: Prepares the fake server before the run (e.g. scripts a reply or a fault).
    setup: Callable[[FakeXai], None] | None = None

    @property
    def id(self) -> str:
        return "-".join([self.name, *(arg.lstrip("-") for arg in self.argv)])


def methods(server: FakeXai) -> list[str]:
    return [call.method for call in server.received]


def requests(server: FakeXai, *names: str) -> list[Any]:
    """The requests of the calls to any of ``names``, in order."""
    return [call.request for call in server.received if call.method in names]
