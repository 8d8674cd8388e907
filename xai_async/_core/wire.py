"""protobuf's C codec (upb) underneath the betterproto2 types.

The SDK's public messages are betterproto2 dataclasses, but turning bytes into them (and back)
is done by protobuf's upb messages, generated from ``xai_async/proto/schema.binpb`` into a
**private** descriptor pool (never protobuf's default one, so the official ``xai-sdk``
installed beside us cannot clash: "duplicate file name"), and the generated converters of
``xai_async.proto.codec``. Everything loads on the first call, not at import.
"""

from __future__ import annotations

import datetime
import functools
import importlib.resources
import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Codec", "Members", "codec", "float32", "from_datetime", "record", "to_datetime"]

M = TypeVar("M")

_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)
_FLOAT32_MAX = 3.4028234663852886e38


@functools.cache
def _pool() -> Any:
    from google.protobuf import descriptor_pb2, descriptor_pool

    data = importlib.resources.files("xai_async.proto").joinpath("schema.binpb").read_bytes()
    pool = descriptor_pool.DescriptorPool()
    for file in descriptor_pb2.FileDescriptorSet.FromString(data).file:
        pool.Add(file)
    return pool


@dataclass(frozen=True)
class Codec(Generic[M]):
    """How one betterproto2 message class goes to bytes and back through upb."""

    full_name: str
    upb: Any  # the upb message class
    fill: Any  # (betterproto2 message, upb message) -> None
    read: Any  # upb message -> betterproto2 message
    without: dict[str, tuple[str, Any]]  # field -> (field, fill leaving it out)

    def encode(self, message: M) -> bytes:
        """The wire bytes of ``message``.

        Raises:
            ValueError: A value does not fit its wire type (int32 range, float32 range ...).
            TypeError: A field holds a value of the wrong type.
        """
        upb = self.upb()
        try:
            self.fill(message, upb)
        except (ValueError, TypeError) as error:
            raise type(error)(f"cannot encode {self.full_name}: {error}") from None
        return upb.SerializeToString()  # type: ignore[no-any-return]

    def encode_without(self, message: M, field: str, **overrides: Any) -> bytes:
        """The wire bytes of ``message`` leaving out ``field``, whose records go apart.

        ``overrides`` are set on top (e.g. ``n=1``); the message itself is left untouched.
        """
        _, fill = self.without[field]
        upb = self.upb()
        fill(message, upb)
        for key, value in overrides.items():
            setattr(upb, key, value)
        return upb.SerializeToString()  # type: ignore[no-any-return]

    def decode(self, data: bytes) -> M:
        """The message encoded in ``data`` (raises protobuf's ``DecodeError`` if malformed)."""
        return self.read(self.upb.FromString(data))  # type: ignore[no-any-return]


@functools.cache
def codec(message_type: type[M]) -> Codec[M]:
    """The codec of a betterproto2 message class of the schema."""
    from google.protobuf import message_factory

    from xai_async.proto.codec import CODECS, WITHOUT

    full_name, fill, read = CODECS[message_type]
    upb = message_factory.GetMessageClass(_pool().FindMessageTypeByName(full_name))
    without = {WITHOUT[message_type][0]: WITHOUT[message_type]} if message_type in WITHOUT else {}
    return Codec(full_name, upb, fill, read, without)


def record(field_number: int, data: bytes) -> bytes:
    """One length-delimited record of field ``field_number`` (a message or bytes) on the wire.

    Records of a repeated field may be concatenated to a message's other bytes in any order.
    """
    header = bytearray()
    value = (field_number << 3) | 2
    for number in (value, len(data)):
        while number > 0x7F:
            header.append((number & 0x7F) | 0x80)
            number >>= 7
        header.append(number)
    return bytes(header) + data


class Members(dict[int, Any]):
    """An enum's members by number.

    A number the enum does not declare becomes the nameless member betterproto2 makes for it
    (proto3 enums are open).
    """

    def __init__(self, enum: Any) -> None:
        super().__init__(enum._value2member_map_)
        self._enum = enum

    def __missing__(self, number: int) -> Any:
        return self._enum(number)


_last_timestamp: tuple[tuple[int, int], datetime.datetime] = ((0, 0), _EPOCH)


def to_datetime(timestamp: Any) -> datetime.datetime:
    """A ``google.protobuf.Timestamp`` as betterproto2 gives it: an aware UTC datetime.

    Microseconds are kept, nanoseconds truncated. The last one is remembered: a stream's
    chunks all carry the same ``created`` (datetimes are immutable, so sharing one is safe).
    """
    global _last_timestamp
    key = (timestamp.seconds, timestamp.nanos)
    last_key, value = _last_timestamp
    if key != last_key:
        value = _EPOCH + datetime.timedelta(seconds=key[0], microseconds=key[1] // 1000)
        _last_timestamp = (key, value)
    return value


def from_datetime(value: datetime.datetime, timestamp: Any) -> None:
    """Write an aware datetime into a ``google.protobuf.Timestamp`` (as betterproto2 does)."""
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"a Timestamp field takes a datetime, got {type(value).__name__}")
    if value.tzinfo is None:
        raise ValueError("datetime must be timezone aware")
    offset = value.astimezone(_UTC) - _EPOCH
    micros = (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds
    seconds, micros = divmod(micros, 1_000_000)
    timestamp.seconds = seconds
    timestamp.nanos = micros * 1000


def float32(value: float) -> float:
    """``value`` if a float32 field can hold it; upb would silently store infinity instead."""
    if isinstance(value, (int, float)) and math.isfinite(value) and abs(value) > _FLOAT32_MAX:
        raise ValueError(f"Value out of range for a float32 field: {value!r}")
    return value
