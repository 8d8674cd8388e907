"""What a transport needs to know about one RPC: its path, its message types, its shape.

Requests and responses are encoded and decoded by protobuf's C codec through generated
converters (:mod:`xai_async._core.wire`); betterproto2's own codec is not on the wire path.

The table of every method of the xAI API (``xai_async.proto.services``) is generated from
``protos/`` and built from these classes; the transports take them instead of stubs, so one
table serves asyncio, trio and the sync package. Each method also says which host serves it
(the API host, or the management host for collections), so callers never choose a channel.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from xai_async._core import wire

if TYPE_CHECKING:
    import betterproto2

# Bound by name: importing betterproto2 (and the pydantic it loads) waits for the first message.
RequestT = TypeVar("RequestT", bound="betterproto2.Message")
ResponseT = TypeVar("ResponseT", bound="betterproto2.Message")

__all__ = ["Cardinality", "Encoded", "Host", "Method"]


class Cardinality(enum.Enum):
    """Which side of the call streams."""

    UNARY_UNARY = "unary_unary"
    UNARY_STREAM = "unary_stream"
    STREAM_UNARY = "stream_unary"
    STREAM_STREAM = "stream_stream"


@dataclass(frozen=True)
class Encoded(Generic[RequestT]):
    """A request already in wire form, e.g. a chat whose history was encoded as it grew.

    Attributes:
        message_type: The request type the bytes encode.
        data: The wire bytes.
    """

    message_type: type[RequestT]
    data: bytes


class Host(enum.Enum):
    """Which of the client's two hosts serves a method."""

    API = "api"
    MANAGEMENT = "management"


@dataclass(frozen=True)
class Method(Generic[RequestT, ResponseT]):
    """One RPC of the API, e.g. ``/xai_api.Chat/GetCompletion``."""

    path: str
    request_type: type[RequestT]
    response_type: type[ResponseT]
    cardinality: Cardinality
    host: Host = Host.API

    @cached_property
    def _request_codec(self) -> wire.Codec[RequestT]:
        return wire.codec(self.request_type)

    @cached_property
    def _response_codec(self) -> wire.Codec[ResponseT]:
        return wire.codec(self.response_type)

    def serialize(self, request: RequestT | Encoded[RequestT]) -> bytes:
        """Encode a request, refusing a message of the wrong type before it reaches the wire."""
        if type(request) is Encoded and request.message_type is self.request_type:
            return request.data
        if not isinstance(request, self.request_type):
            raise TypeError(
                f"{self.path} takes a {self.request_type.__name__}, got {type(request).__name__}"
            )
        return self._request_codec.encode(request)

    def deserialize(self, data: bytes) -> ResponseT:
        """Decode a response."""
        return self._response_codec.decode(data)

    def bind(self, channel: Any) -> Any:
        """This method's grpcio multi-callable on ``channel`` (sync or ``grpc.aio``).

        Requests go in already encoded (see :meth:`serialize`) and responses come out as
        bytes: the transport decodes them (:meth:`deserialize`) where it sees a failure, on
        the thread that consumes them, not inside grpc.
        """
        factory = getattr(channel, self.cardinality.value)
        return factory(self.path, request_serializer=None, response_deserializer=None)
