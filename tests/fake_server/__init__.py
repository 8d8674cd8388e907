"""The tests' name for the fake xAI server, which is a product now: ``xai_async.testing``.

The implementation lives in ``xai_async/_core/fake/`` (``server`` for the core, ``services/`` for
one servicer module per gRPC service, ``scenarios``, ``chat_defaults``); this package re-exports
it for the tests, plus what only the tests need: ``PROTOS``, the ``.proto`` sources the shipped
schema is generated from (not part of the wheel), and ``SERVER_THREAD_PREFIX``. ``core`` is the
server module itself, so a test that monkeypatches ``core.servicers`` changes what ``FakeXai``
serves.

The server decodes with protobuf's classes built from ``xai_async/proto/schema.binpb``; the SDK
with betterproto2 and its converters, so every test still checks the SDK's wire format against
a second implementation.
"""

from pathlib import Path

from xai_async._core.fake import chat_defaults, scenarios, services
from xai_async._core.fake import server as core
from xai_async._core.fake.server import (
    API_KEY,
    MANAGEMENT_KEY,
    SERVER_THREAD_PREFIX,
    FakeXai,
    Output,
    Received,
    Reply,
    enum_name,
    enum_value,
    message_class,
)

#: The checked-in ``.proto`` sources (``xai_async/proto/schema.binpb`` is compiled from them).
PROTOS = Path(__file__).resolve().parent.parent.parent / "protos"

__all__ = [
    "API_KEY",
    "MANAGEMENT_KEY",
    "PROTOS",
    "SERVER_THREAD_PREFIX",
    "FakeXai",
    "Output",
    "Received",
    "Reply",
    "chat_defaults",
    "core",
    "enum_name",
    "enum_value",
    "message_class",
    "scenarios",
    "services",
]
