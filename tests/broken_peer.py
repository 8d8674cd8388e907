"""A deliberately broken gRPC server: plain HTTP/2 (the ``h2`` library) on 127.0.0.1.

It answers every call with whatever frames the test scripts, so the SDK can be shown wrong
answers no real gRPC server library would send: a unary call with no message or with two, a
length prefix that promises more bytes than follow, a stream that ends without a gRPC status.
"""

from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass, field

import h2.config
import h2.connection
import h2.events


def frame(message: bytes, *, length: int | None = None) -> bytes:
    """One gRPC length-prefixed message (``length`` may lie)."""
    return struct.pack(">?I", False, len(message) if length is None else length) + message


@dataclass
class Script:
    """What the peer answers to each call."""

    data: list[bytes] = field(default_factory=list)  # DATA frames, in order
    status: int | None = 0  # grpc-status in trailers; None: end without trailers
    reset: bool = False  # end the HTTP/2 stream with RST_STREAM instead


class BrokenPeer:
    """Serves ``script`` on 127.0.0.1 until stopped (one thread per connection)."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._listener.getsockname()[1]}"
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        self._stopped = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        config = h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        conn = h2.connection.H2Connection(config=config)
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        with sock:
            while not self._stopped:
                try:
                    data = sock.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.StreamEnded):
                        self._answer(conn, event.stream_id)
                    elif isinstance(event, h2.events.DataReceived):
                        conn.acknowledge_received_data(
                            event.flow_controlled_length, event.stream_id
                        )
                sock.sendall(conn.data_to_send())

    def _answer(self, conn: h2.connection.H2Connection, stream_id: int) -> None:
        script = self.script
        conn.send_headers(stream_id, [(":status", "200"), ("content-type", "application/grpc")])
        for chunk in script.data:
            conn.send_data(stream_id, chunk)
        if script.reset:
            conn.reset_stream(stream_id)
        elif script.status is None:
            conn.end_stream(stream_id)
        else:
            conn.send_headers(stream_id, [("grpc-status", str(script.status))], end_stream=True)
