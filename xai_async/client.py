"""The client: one object holding the connections, with a sub-client per API area."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from typing_extensions import Self

from xai_async._core import areas
from xai_async._core.channel import (
    DEFAULT_API_HOST,
    DEFAULT_MANAGEMENT_HOST,
    ChannelSettings,
    resolve_api_key,
    resolve_host,
    validate_target,
)
from xai_async._core.io.async_transport import AsyncTransport

if TYPE_CHECKING:
    from .auth import AsyncAuthClient
    from .batch import AsyncBatchClient
    from .chat import AsyncChatClient
    from .collections import AsyncCollectionsClient
    from .embeddings import AsyncEmbeddingsClient
    from .files import AsyncFilesClient
    from .image import AsyncImageClient
    from .models import AsyncModelsClient
    from .sample import AsyncSampleClient
    from .tokenize import AsyncTokenizeClient
    from .video import AsyncVideoClient

__all__ = ["AsyncClient"]


class AsyncClient:
    """Client of the xAI API.

    Each API area is a sub-client (``client.chat``, ``client.auth``), built on first use.

    Args:
        api_key: Your xAI API key; defaults to the ``XAI_API_KEY`` environment variable.
        management_api_key: Management API key; defaults to ``XAI_MANAGEMENT_KEY``.
        api_host: ``host[:port]`` of the API (a ``localhost:`` host uses local credentials);
            defaults to the ``XAI_API_HOST`` environment variable, else ``api.x.ai``.
        management_api_host: ``host[:port]`` of the Management API; defaults to
            ``XAI_MANAGEMENT_API_HOST``, else ``management-api.x.ai``.
        metadata: ``(key, value)`` pairs sent with every call.
        channel_options: gRPC channel options, merged over the defaults (yours win): e.g.
            ``[("grpc.enable_retries", 0)]`` turns retries off, a ``grpc.service_config``
            replaces the default retry policy.
        timeout: Seconds each call may take unless the call says otherwise (default 27 minutes).
        use_insecure_channel: Plaintext instead of TLS (the key is still sent on every call).

    Raises:
        ValueError: No API key given or set, or another argument is invalid.
    """

    # The sub-clients: each annotation names the class of the area module of the same name
    # (``.chat``), which ``__getattr__`` builds on first use. An area adds one line here.
    auth: AsyncAuthClient
    batch: AsyncBatchClient
    chat: AsyncChatClient
    collections: AsyncCollectionsClient
    embeddings: AsyncEmbeddingsClient
    files: AsyncFilesClient
    image: AsyncImageClient
    models: AsyncModelsClient
    sample: AsyncSampleClient
    tokenize: AsyncTokenizeClient
    video: AsyncVideoClient

    def __init__(
        self,
        api_key: str | None = None,
        management_api_key: str | None = None,
        *,
        api_host: str | None = None,
        management_api_host: str | None = None,
        metadata: Sequence[tuple[str, str]] | None = None,
        channel_options: Sequence[tuple[str, Any]] | None = None,
        timeout: float | None = None,
        use_insecure_channel: bool = False,
    ) -> None:
        api_host = resolve_host(api_host, "XAI_API_HOST", DEFAULT_API_HOST)
        management_api_host = resolve_host(
            management_api_host, "XAI_MANAGEMENT_API_HOST", DEFAULT_MANAGEMENT_HOST
        )
        key = resolve_api_key(api_key, "XAI_API_KEY", "api_key")
        if key is None:
            raise ValueError(
                "No xAI API key: pass api_key=... or set the XAI_API_KEY environment variable."
            )
        common: dict[str, Any] = {
            "metadata": metadata,
            "channel_options": channel_options,
            "timeout": timeout,
            "use_insecure_channel": use_insecure_channel,
        }
        management_key = resolve_api_key(
            management_api_key, "XAI_MANAGEMENT_KEY", "management_api_key"
        )
        management = None
        validate_target(management_api_host, "management_api_host")  # used or not: checked
        if management_key is not None:
            # Each host's security is decided from that host: the public management host
            # never inherits a plaintext channel meant for a local API server.
            public = management_api_host == DEFAULT_MANAGEMENT_HOST
            management = ChannelSettings.create(
                api_key=management_key,
                host=management_api_host,
                argument="management_api_host",
                **{**common, "use_insecure_channel": use_insecure_channel and not public},
            )
        self._transport = AsyncTransport(
            ChannelSettings.create(api_key=key, host=api_host, **common), management
        )

    if not TYPE_CHECKING:  # type checkers read the annotations above instead

        def __getattr__(self, name: str) -> Any:
            # Called only for names not found normally: sub-clients before their first use.
            if name.startswith("_"):  # e.g. ``_transport`` while __init__ failed
                raise AttributeError(name)
            return areas.sub_client(self, name, self._transport)

    def __repr__(self) -> str:
        transport = vars(self).get("_transport")  # a half-built client has none: no raise
        if transport is None:
            return f"<{type(self).__name__} (not constructed)>"
        settings = transport.settings
        return f"{type(self).__name__}(api_host={settings.target!r}, timeout={settings.timeout})"

    async def aclose(self) -> None:
        """Close the connections; the client cannot be used afterwards. Idempotent."""
        await self._transport.aclose()

    close = aclose  # the official SDK's name

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


#: The official SDK's name for the async client (``xai_sdk.aio.client.Client``).
Client = AsyncClient
