"""``client.auth``: information about the API key in use."""

from __future__ import annotations

from xai_async._core.io.async_transport import AsyncTransport
from xai_async.proto import services, xai_api
from xai_async.proto.google import protobuf

__all__ = ["AsyncAuthClient"]


class AsyncAuthClient:
    """Calls of the ``xai_api.Auth`` service."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def get_api_key_info(self, *, timeout: float | None = None) -> xai_api.ApiKey:
        """Return the key's metadata (redacted key, owner, team, ACLs, blocked/disabled state).

        Args:
            timeout: Seconds this call may take (default: the client's timeout).
        """
        return await self._transport.unary_unary(
            services.Auth.get_api_key_info, protobuf.Empty(), timeout=timeout
        )
