"""A fake xAI API server: real gRPC on 127.0.0.1, an independent codec, scripted replies, faults.

It decodes and encodes with **protobuf's own** message classes, built from the descriptors
``grpc_tools.protoc`` compiles out of ``protos/`` — never with the SDK's betterproto2 classes —
so every test also checks the SDK's wire format against a second implementation.

Each gRPC service is one servicer module in ``services/`` (see ``core.Servicer``); adding an API
area means adding one such module and nothing else. ``scenarios`` builds the protobuf pieces of
scripted chat replies (tool calls, image envelopes, citations); ``chat_defaults`` is what the chat
says when nothing is scripted.
"""

from .core import (
    API_KEY,
    MANAGEMENT_KEY,
    PROTOS,
    SERVER_THREAD_PREFIX,
    FakeXai,
    Output,
    Received,
    Reply,
    enum_name,
    enum_value,
    message_class,
)

__all__ = [
    "API_KEY",
    "MANAGEMENT_KEY",
    "PROTOS",
    "SERVER_THREAD_PREFIX",
    "FakeXai",
    "Output",
    "Received",
    "Reply",
    "enum_name",
    "enum_value",
    "message_class",
]
