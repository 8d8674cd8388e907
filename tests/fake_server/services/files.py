"""``xai_api.Files``: the client-streaming upload (kept in ``FakeXai.uploads``)."""

from __future__ import annotations

from typing import Any

import grpc

from ..core import Servicer, message_class


class FilesServicer(Servicer):
    service = "xai_api.Files"

    def UploadFile(self, chunks: Any, context: grpc.ServicerContext) -> Any:
        """Expects an ``init`` chunk, then data chunks; answers with the assembled file."""
        server = self.server
        server._admit("UploadFile", None, context)
        name, data = "", bytearray()
        try:
            for number, chunk in enumerate(chunks):
                kind = chunk.WhichOneof("chunk")
                if (kind == "init") != (number == 0):
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "init must come first, once")
                if kind == "init":
                    name = chunk.init.name
                else:
                    data += chunk.data
                server._sleep(server.chunk_delay, "UploadFile", context)
        except grpc.RpcError:
            pass  # the request stream broke: decided below
        if not context.is_active():
            with server._lock:
                server.cancelled.append("UploadFile")
            context.abort(grpc.StatusCode.CANCELLED, "client went away")
        with server._lock:
            server.uploads.append(bytes(data))
        return message_class("xai_api.File")(id="file-1", filename=name, size=len(data))
