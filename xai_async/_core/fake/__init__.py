"""A fake xAI API server, for testing code that uses the SDK (public as ``xai_async.testing``).

Real gRPC on loopback, every service of the API and of the management API, an independent
codec (protobuf's classes built from the shipped descriptors, never the SDK's betterproto2
ones), scriptable replies and faults, and a record of what it received:

- ``server`` holds :class:`FakeXai` (the server, its shared state and faults) and the
  servicer registry: each module of ``services/`` serves one gRPC service, and all are served;
- ``scenarios`` builds the protobuf pieces of scripted chat replies (tool calls, image
  envelopes, citations);
- ``chat_defaults`` is what the chat says when nothing is scripted;
- ``cli`` is ``python -m xai_async.testing``.

Synchronous by design (grpc's threaded server): nothing here awaits, and the asynchronous
context manager of :class:`FakeXai` never suspends.
"""

from .cli import main
from .scenarios import (
    collections_citation,
    function_call,
    image_envelope,
    server_tool_call,
    tiny_png,
    web_citation,
    x_citation,
)
from .server import (
    API_KEY,
    MANAGEMENT_KEY,
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
    "FakeXai",
    "Output",
    "Received",
    "Reply",
    "collections_citation",
    "enum_name",
    "enum_value",
    "function_call",
    "image_envelope",
    "main",
    "message_class",
    "server_tool_call",
    "tiny_png",
    "web_citation",
    "x_citation",
]
