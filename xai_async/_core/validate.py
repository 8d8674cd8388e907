"""Argument validators shared by every API area: bad input fails here, before the wire.

Each one names the argument in its message (``ValueError`` for a bad value, ``TypeError`` for
a bad type) and returns the value in the form the request wants.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

__all__ = [
    "choose",
    "date_range",
    "exclusive",
    "flag",
    "optional_bool",
    "optional_float",
    "optional_int",
    "optional_name",
    "optional_str",
    "required_int",
    "sequence_of",
    "text",
    "text_list",
    "timeout_seconds",
    "utc",
]

T = TypeVar("T")


def choose(argument: str, value: object, allowed: Mapping[Any, T]) -> T:
    """Map an enum-like string (or int) to its proto value, or say what is allowed."""
    try:
        return allowed[value]
    except (KeyError, TypeError):
        choices = ", ".join(repr(key) for key in allowed)
        raise ValueError(f"`{argument}` must be one of {choices}; got {value!r}") from None


INT32_MAX = 2**31 - 1


def optional_int(
    argument: str, value: object, minimum: int = 0, maximum: int = INT32_MAX
) -> int | None:
    """``value`` as an int within ``minimum..maximum`` (an int32 by default), or ``None``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"`{argument}` must be an int, got {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise ValueError(f"`{argument}` must be between {minimum} and {maximum}, got {value}")
    return value


def required_int(argument: str, value: object, minimum: int = 0) -> int:
    """``value`` as an int of at least ``minimum``."""
    if value is None:
        raise TypeError(f"`{argument}` must be an int, got None")
    return optional_int(argument, value, minimum)  # type: ignore[return-value]


def optional_float(
    argument: str, value: object, minimum: float = -math.inf, maximum: float = math.inf
) -> float | None:
    """``value`` as a finite float within ``minimum..maximum``, or ``None``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"`{argument}` must be a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"`{argument}` must be finite, got {value}")
    if not minimum <= value <= maximum:
        raise ValueError(f"`{argument}` must be between {minimum:g} and {maximum:g}, got {value}")
    return float(value)


def optional_bool(argument: str, value: object) -> bool | None:
    """``value`` if it is a bool or ``None``."""
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"`{argument}` must be a bool, got {type(value).__name__}")
    return value


def optional_str(argument: str, value: object) -> str | None:
    """``value`` if it is a string that can travel (UTF-8), or ``None``."""
    if value is None:
        return None
    return text(argument, value)


def text(argument: str, value: object) -> str:
    """``value`` if it is a string that UTF-8 can encode (no lone surrogates)."""
    if not isinstance(value, str):
        raise TypeError(f"`{argument}` must be a string, got {type(value).__name__}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError(
                f"`{argument}` contains a character UTF-8 cannot encode (a lone surrogate "
                f"at position {error.start})"
            ) from None
    return value


def sequence_of(argument: str, value: object, kind: type[T]) -> list[T]:
    """``value`` as a list whose items are all ``kind`` (``None`` is empty).

    A lone string is refused: it would otherwise pass as a sequence of characters.
    """
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"`{argument}` must be a sequence of {kind.__name__}")
    items = list(value)
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(
                f"`{argument}` must contain {kind.__name__} items, got {type(item).__name__}"
            )
    return items


#: The longest deadline accepted (a week): past that, gRPC's deadline arithmetic misbehaves.
MAX_TIMEOUT = 7 * 24 * 3600.0


def timeout_seconds(timeout: object, argument: str = "timeout") -> float:
    """``timeout`` (seconds, or a ``timedelta``) as seconds; it must be positive and finite."""
    if isinstance(timeout, datetime.timedelta):
        timeout = timeout.total_seconds()
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"`{argument}` must be a number of seconds, got {type(timeout).__name__}")
    if not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError(
            f"`{argument}` must be a positive, finite number of seconds, got {timeout}"
        )
    if timeout > MAX_TIMEOUT:
        raise ValueError(
            f"`{argument}` must be at most {MAX_TIMEOUT:g} seconds (a week), got {timeout}"
        )
    return float(timeout)


def flag(argument: str, value: object) -> bool:
    """``value`` if it is a bool (``None`` is refused: it would silently mean ``False``)."""
    if not isinstance(value, bool):
        raise TypeError(f"`{argument}` must be a bool, got {type(value).__name__}")
    return value


def optional_name(argument: str, value: object) -> str | None:
    """``value`` as a non-blank string, or ``None``."""
    name = optional_str(argument, value)
    if name is not None and not name.strip():
        raise ValueError(f"`{argument}` must not be empty; leave it out (None) instead")
    return name


def text_list(
    argument: str,
    value: object,
    *,
    most: int | None = None,
    domains: bool = False,
    handles: bool = False,
) -> list[str]:
    """``value`` as a list of non-blank strings (``None`` is empty; a lone str is refused).

    Args:
        argument: The argument's name, for the error messages.
        value: What the caller passed.
        most: The most items allowed.
        domains: Items are domains: ``"example.com"``, not ``"https://example.com"``.
        handles: Items are X handles: ``"xai"``, not ``"@xai"``.
    """
    items = sequence_of(argument, value, str)
    if most is not None and len(items) > most:
        raise ValueError(f"`{argument}` takes at most {most} items, got {len(items)}")
    for position, item in enumerate(items):
        text(argument, item)
        if not item.strip():
            raise ValueError(f"`{argument}` item {position} is empty")
        if domains and "://" in item:
            raise ValueError(
                f"`{argument}` takes domains without a scheme (like 'example.com'), "
                f"got {item[:60]!r}"
            )
        if handles and item.startswith("@"):
            raise ValueError(
                f"`{argument}` takes X handles without '@' (like 'xai'), got {item[:60]!r}"
            )
    return items


def exclusive(first: str, first_value: list[str], second: str, second_value: list[str]) -> None:
    """Refuse an allow-list together with a block-list (the API takes one or the other)."""
    if first_value and second_value:
        raise ValueError(f"`{first}` and `{second}` cannot be used together; pass one of them")


_UTC = datetime.timezone.utc


def utc(argument: str, value: object) -> datetime.datetime | None:
    """``value`` as an aware UTC datetime, or ``None``; a naive one is taken as UTC.

    That is what the official SDK's protobuf conversion does with naive datetimes.
    """
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"`{argument}` must be a datetime.datetime, got {type(value).__name__}")
    if value.utcoffset() is None:
        return value.replace(tzinfo=_UTC)
    try:
        return value.astimezone(_UTC)
    except OverflowError:
        raise ValueError(f"`{argument}` is out of range once converted to UTC: {value}") from None


def date_range(
    from_date: object, to_date: object
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """``from_date`` and ``to_date`` in UTC; the first may not come after the second."""
    start, end = utc("from_date", from_date), utc("to_date", to_date)
    if start is not None and end is not None and start > end:
        raise ValueError(
            f"`from_date` ({start.isoformat()}) is after `to_date` ({end.isoformat()})"
        )
    return start, end
