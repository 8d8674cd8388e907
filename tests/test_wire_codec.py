"""The wire codec (protobuf's upb + generated converters) agrees with betterproto2 everywhere.

For every message of the schema, Hypothesis draws protobuf messages from the fake server's
independent pool (the strategy of ``test_cross_codec``). For each:

1. decode: the converter's output equals betterproto2's own parse of the same bytes;
2. encode: what the converter writes decodes, in protobuf, to the original message, and, in
   betterproto2, to the same dataclass;
3. what betterproto2 writes, the converter reads back to an equal dataclass.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest
from google.protobuf import descriptor_pool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fake_server import message_class
from tests.test_cross_codec import (
    CHAT_CLOSURE,
    CHAT_MESSAGES,
    SCHEMA_MESSAGES,
    betterproto_class,
    protobuf_messages,
)
from xai_async._core import wire
from xai_async.proto import services, xai_api
from xai_async.proto.codec import CODECS


def assert_wire_codec_agrees(pb: Any) -> None:
    bp_class = betterproto_class(pb.DESCRIPTOR.full_name)
    codec = wire.codec(bp_class)
    data = pb.SerializeToString()

    reference = bp_class.parse(data)
    decoded = codec.decode(data)
    assert type(decoded) is bp_class
    assert decoded == reference

    ours = codec.encode(reference)
    assert type(pb).FromString(ours) == pb
    assert bp_class.parse(ours) == reference

    assert codec.decode(bytes(reference)) == reference


# The schema, plus the well-known types it imports (Timestamp).
EVERY_MESSAGE = sorted({*SCHEMA_MESSAGES, *CHAT_CLOSURE})


@pytest.mark.parametrize("full_name", CHAT_MESSAGES)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_chat_messages(full_name: str, data: st.DataObject) -> None:
    assert_wire_codec_agrees(data.draw(protobuf_messages(full_name), label=full_name))


@pytest.mark.parametrize("full_name", EVERY_MESSAGE)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_schema_message(full_name: str, data: st.DataObject) -> None:
    assert_wire_codec_agrees(data.draw(protobuf_messages(full_name), label=full_name))


def test_every_message_class_and_every_method_has_a_codec() -> None:
    classes = {betterproto_class(name) for name in SCHEMA_MESSAGES}
    assert classes <= set(CODECS)
    for service in vars(services).values():
        for method in vars(service).values() if isinstance(service, type) else ():
            if isinstance(method, services.Method):
                assert method.request_type in CODECS
                assert method.response_type in CODECS


def test_betterproto2_keeps_no_per_instance_state_beyond_fields() -> None:
    # The converters build instances with object.__new__ and one __dict__: that is only valid
    # while betterproto2's __post_init__ sets nothing but _unknown_fields (true of 0.10).
    for cls in CODECS:
        names = {field.name for field in dataclasses.fields(cls)}
        assert set(vars(cls())) == names | {"_unknown_fields"}, cls.__name__


def test_the_schema_stays_out_of_protobufs_default_pool() -> None:
    wire.codec(xai_api.GetCompletionsRequest).encode(xai_api.GetCompletionsRequest(model="m"))
    with pytest.raises(KeyError):
        descriptor_pool.Default().FindFileByName("xai/api/v1/chat.proto")


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"max_tokens": 2**32 + 5}, "out of range"),
        ({"seed": 2**31}, "out of range"),
        ({"seed": 2**70}, "out of range"),
        ({"temperature": 1e300}, "float32"),
        ({"top_p": -1e39}, "float32"),
    ],
)
def test_values_that_do_not_fit_their_wire_type_are_refused(
    fields: dict[str, Any], match: str
) -> None:
    request = xai_api.GetCompletionsRequest(model="m", **fields)
    with pytest.raises(ValueError, match=match):
        wire.codec(xai_api.GetCompletionsRequest).encode(request)


def test_unknown_enum_numbers_become_the_same_nameless_member() -> None:
    pb = message_class("xai_api.GetChatCompletionChunk")(service_tier=77)
    codec = wire.codec(xai_api.GetChatCompletionChunk)
    decoded = codec.decode(pb.SerializeToString())
    assert decoded.service_tier == 77
    assert decoded == xai_api.GetChatCompletionChunk.parse(pb.SerializeToString())
    assert codec.encode(decoded) == pb.SerializeToString()


def test_timestamps_are_aware_utc_datetimes_both_ways() -> None:
    created = datetime.datetime(2024, 2, 29, 12, 30, 5, 123456, tzinfo=datetime.timezone.utc)
    codec = wire.codec(xai_api.GetChatCompletionResponse)
    data = codec.encode(xai_api.GetChatCompletionResponse(created=created))
    pb = message_class("xai_api.GetChatCompletionResponse").FromString(data)
    assert (pb.created.seconds, pb.created.nanos) == (1709209805, 123456000)
    assert codec.decode(data).created == created
    naive = xai_api.GetChatCompletionResponse(created=created.replace(tzinfo=None))
    with pytest.raises(ValueError, match="timezone aware"):
        codec.encode(naive)


def test_unknown_fields_kept_by_betterproto2_are_written_back() -> None:
    extra = b"\xf8\x3f\x07"  # field 1023, varint 7: not in the schema
    message = xai_api.Message.parse(bytes(xai_api.Message(name="x")) + extra)
    assert message._unknown_fields == extra
    data = wire.codec(xai_api.Message).encode(message)
    assert data.endswith(extra)
