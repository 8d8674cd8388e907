"""What commands print: plain text when piped, tables on a terminal, JSON when asked.

Only a terminal gets colour, tables drawn by ``rich`` (when it is installed: the ``cli``
extra) and progress bars; anything piped is plain text with no escape sequences, lists as
tab-separated lines with no header, so ``cut`` and ``awk`` read them.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import enum
import importlib.util
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

__all__ = ["Output", "proto_dict"]


def _has_rich() -> bool:
    """Whether ``rich`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec("rich") is not None
    except (ImportError, ValueError):  # a broken or blocked installation counts as none
        return False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass
class Output:
    """Where and how a command prints.

    Attributes:
        json: Print machine output (``--json``): JSON documents on stdout.
        fancy: stdout is a terminal, ``rich`` is installed and ``--plain`` was not given.
        terminal: stdout is a terminal.
        progress: Show progress on stderr (see :mod:`.progress`).
        rich_progress: Draw it with ``rich`` (else plain text).
        stderr_terminal: stderr is a terminal (plain progress redraws one line there).
    """

    json: bool
    fancy: bool
    terminal: bool
    progress: bool
    rich_progress: bool
    stderr_terminal: bool

    @classmethod
    def create(cls, args: argparse.Namespace) -> Output:
        """Decide from the options and from what stdout and stderr are."""
        rich = not args.plain and _has_rich()
        terminal, stderr_terminal = _isatty(sys.stdout), _isatty(sys.stderr)
        show = args.progress == "always" or (args.progress == "auto" and stderr_terminal)
        return cls(
            json=bool(getattr(args, "json", False)),
            fancy=rich and terminal,
            terminal=terminal,
            progress=show,
            rich_progress=show and rich and stderr_terminal,
            stderr_terminal=stderr_terminal,
        )

    def write(self, text: str) -> None:
        """Print ``text`` on stdout as it is, at once (streamed tokens)."""
        sys.stdout.write(text)
        sys.stdout.flush()

    def line(self, text: str = "") -> None:
        """Print one line on stdout."""
        print(text, flush=True)

    def note(self, text: str) -> None:
        """Print a remark for the person (not the data) on stderr."""
        print(text, file=sys.stderr, flush=True)

    def dump(self, value: object) -> None:
        """Print ``value`` as an indented JSON document on stdout."""
        self.line(json.dumps(value, indent=2, ensure_ascii=False, default=_json_default))

    def record(self, value: Mapping[str, Any]) -> None:
        """Print one object: JSON with ``--json``, else ``key: value`` lines."""
        if self.json:
            self.dump(value)
            return
        width = max((len(key) for key in value), default=0)
        for key, item in value.items():
            self.line(f"{key + ':':<{width + 1}} {_cell(item)}")

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[object]], records: Sequence[Any]
    ) -> None:
        """Print a list: JSON (``records``) with ``--json``, else a table of ``rows``.

        A table on a terminal (drawn by ``rich`` when it can), tab-separated lines with no
        header when piped.
        """
        if self.json:
            self.dump(list(records))
            return
        cells = [[_cell(value) for value in row] for row in rows]
        if not self.terminal:
            for row in cells:
                self.line("\t".join(cell.replace("\t", " ") for cell in row))
            return
        if self.fancy:
            from rich.console import Console
            from rich.table import Table

            table = Table(*headers, box=None, header_style="bold")
            for row in cells:
                table.add_row(*row)
            Console().print(table)
            return
        widths = [max(len(text) for text in column) for column in zip(headers, *cells, strict=True)]
        for row in [list(headers), *cells]:
            self.line(
                "  ".join(
                    text.ljust(width) for text, width in zip(row, widths, strict=True)
                ).rstrip()
            )


def _cell(value: object) -> str:
    """How a value reads in a table cell or after ``key:``."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


def _json_default(value: object) -> object:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def proto_dict(message: Any, *, defaults: bool = True) -> dict[str, Any]:
    """A betterproto2 message as a JSON-ready dict: snake_case keys, enum names, numbers.

    protobuf's JSON mapping writes 64-bit integers as strings; here they are numbers again.

    Args:
        message: The message.
        defaults: Include fields left at their default (stable keys for ``--json``).
    """
    import betterproto2

    casing = betterproto2.Casing.SNAKE
    mapped = message.to_dict(casing=casing, include_default_values=defaults)
    native = message.to_dict(
        casing=casing,
        include_default_values=defaults,
        output_format=betterproto2.OutputFormat.PYTHON,
    )
    merged: dict[str, Any] = _numbers(mapped, native)
    return merged


#: ``int`` subclasses that are not numbers in JSON (enums keep their names).
_NOT_NUMBERS = (bool, enum.Enum)


def _numbers(mapped: Any, native: Any) -> Any:
    """``mapped`` with the integers it spells as strings taken from ``native``."""
    if isinstance(mapped, dict) and isinstance(native, dict):
        return {key: _numbers(value, native.get(key)) for key, value in mapped.items()}
    if isinstance(mapped, list) and isinstance(native, list) and len(mapped) == len(native):
        return [_numbers(a, b) for a, b in zip(mapped, native, strict=True)]
    if isinstance(mapped, str) and isinstance(native, int) and not isinstance(native, _NOT_NUMBERS):
        return native
    return mapped
