"""Test your code against a fake xAI server: in your tests, or from the command line.

:class:`FakeXai` is a real gRPC server on loopback that serves every service of the xAI API and
of the management API (chat, files, collections, batches, images, videos, embeddings, models,
tokenize ...). It answers believably when nothing is scripted, says what you script
(:meth:`FakeXai.reply`, per-area state through :meth:`FakeXai.servicer`), injects faults
(:meth:`FakeXai.fail_next`, ``delay``, :meth:`FakeXai.send_garbage`) and records every call it
received (:attr:`FakeXai.received`, :meth:`FakeXai.requests`) as protobuf messages decoded
independently of the SDK. It needs nothing beyond the SDK's own dependencies::

    with FakeXai() as server:  # or: async with FakeXai() as server:
        server.reply("Paris.")
        client = Client(**server.client_kwargs())
        ...

``xai_async.testing`` and ``xai_sync.testing`` export the same objects; the server is
synchronous (its own threads), so one ``FakeXai`` serves ``Client`` and ``AsyncClient`` alike,
on asyncio and trio.

From the command line, ``python -m xai_async.testing --port 50051`` serves until Ctrl-C and
prints the environment variables (``XAI_API_HOST=localhost:50051``, ``XAI_API_KEY`` ...) that
point an unchanged program at it.
"""

from __future__ import annotations

from xai_async._core.fake import (
    API_KEY,
    MANAGEMENT_KEY,
    FakeXai,
    Output,
    Received,
    Reply,
    collections_citation,
    enum_name,
    enum_value,
    function_call,
    image_envelope,
    main,
    message_class,
    server_tool_call,
    tiny_png,
    web_citation,
    x_citation,
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

if __name__ == "__main__":
    raise SystemExit(main())
