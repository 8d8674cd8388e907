"""Everything about a connection that is decided before any I/O: host, credentials, options.

Shared by both packages. :class:`ChannelSettings` is built once per client from the
constructor's arguments (validated here, so bad input fails before anything is sent); the
transports only turn it into grpcio channels. The API key lives in exactly two places — the
call-credentials plugin and, for plaintext channels, the per-call metadata — and neither ever
shows up in a ``repr``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import grpc
import grpc.aio

from xai_async._core.validate import timeout_seconds
from xai_async._core.version import __version__

__all__ = [
    "DEFAULT_SERVICE_CONFIG",
    "DEFAULT_TIMEOUT",
    "ChannelSettings",
    "default_channel_options",
    "resolve_api_key",
]

#: Seconds every RPC may take unless the client or the call says otherwise.
DEFAULT_TIMEOUT = 900.0

_MIB = 1 << 20
_HEADER_TOKEN = re.compile(r"[\x21-\x7e]+")  # what an API key can be, in a header
_METADATA_KEY = re.compile(r"[0-9a-z_.-]+")
_METADATA_VALUE = re.compile(r"[\x20-\x7e]*")
USER_AGENT = f"xai-async-python/{__version__}"

#: Retry UNAVAILABLE: 5 attempts, backoff 0.1 s doubling up to 1 s (as the xAI SDK documents).
DEFAULT_SERVICE_CONFIG = json.dumps(
    {
        "methodConfig": [
            {
                "name": [{}],
                "retryPolicy": {
                    "maxAttempts": 5,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "1s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ]
    }
)


def default_channel_options() -> list[tuple[str, Any]]:
    """The channel options every client starts from; the user's own options win over these."""
    return [
        ("grpc.max_send_message_length", 20 * _MIB),
        ("grpc.max_receive_message_length", 20 * _MIB),
        ("grpc.enable_retries", 1),
        ("grpc.service_config", DEFAULT_SERVICE_CONFIG),
        ("grpc.keepalive_time_ms", 30_000),
        ("grpc.keepalive_timeout_ms", 10_000),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),
        ("grpc.primary_user_agent", USER_AGENT),
    ]


def resolve_api_key(value: str | None, env_var: str, argument: str) -> str | None:
    """Return the key given, else the one in ``env_var``; reject an empty or non-string key."""
    if value is None:
        value = os.environ.get(env_var)
        if value is None:
            return None
        source = f"the {env_var} environment variable"
    else:
        source = f"`{argument}`"
    if not isinstance(value, str):
        raise TypeError(f"`{argument}` must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"The xAI API key from {source} is empty.")
    if not _HEADER_TOKEN.fullmatch(value):
        # Never echo the key: say what is wrong with it instead.
        raise ValueError(
            f"The xAI API key from {source} contains whitespace, control or non-ASCII "
            "characters (a stray newline or quote?); it cannot be sent in a header."
        )
    return value


def _validate_metadata(metadata: object) -> tuple[tuple[str, str], ...]:
    if metadata is None:
        return ()
    if isinstance(metadata, (str, bytes)) or not isinstance(metadata, Sequence):
        raise TypeError("`metadata` must be a sequence of (key, value) string pairs")
    pairs: list[tuple[str, str]] = []
    for pair in metadata:
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(isinstance(part, str) for part in pair)
        ):
            raise TypeError(f"`metadata` entries must be (key, value) string pairs, got {pair!r}")
        key, value = pair
        if not _METADATA_KEY.fullmatch(key) or key.endswith("-bin"):
            raise ValueError(
                f"`metadata` keys must be lower-case ASCII letters, digits, '-', '_' or '.' "
                f"(and not end in '-bin'), got {key!r}"
            )
        if not _METADATA_VALUE.fullmatch(value):
            raise ValueError(f"`metadata` value for {key!r} must be printable ASCII")
        pairs.append((key, value))
    return tuple(pairs)


def _merge_options(user_options: object) -> tuple[tuple[str, Any], ...]:
    if user_options is None:
        user_options = []
    if isinstance(user_options, (str, bytes)) or not isinstance(user_options, Sequence):
        raise TypeError("`channel_options` must be a sequence of (name, value) pairs")
    for option in user_options:
        if (
            not isinstance(option, (tuple, list))
            or len(option) != 2
            or not isinstance(option[0], str)
        ):
            raise TypeError(
                f"`channel_options` entries must be (name, value) pairs, got {option!r}"
            )
    overridden = {name for name, _ in user_options}
    defaults = [opt for opt in default_channel_options() if opt[0] not in overridden]
    return tuple(defaults) + tuple((name, value) for name, value in user_options)


class _ApiKeyAuth(grpc.AuthMetadataPlugin):
    """Adds ``authorization: Bearer <key>`` to every call of a secure channel."""

    def __init__(self, api_key: str) -> None:
        self._header = (("authorization", f"Bearer {api_key}"),)

    def __call__(
        self, context: grpc.AuthMetadataContext, callback: grpc.AuthMetadataPluginCallback
    ) -> None:
        callback(self._header, None)

    def __repr__(self) -> str:
        return "_ApiKeyAuth(<redacted>)"


@dataclass(frozen=True, repr=False)
class ChannelSettings:
    """How to reach one API host; built by :meth:`create`, consumed by the transports.

    Attributes:
        target: ``host[:port]`` to dial (port 443 is implied for a bare host name).
        options: Channel options, defaults merged with the user's.
        credentials: Channel credentials, or ``None`` for a plaintext channel.
        metadata: Metadata sent with every call (includes the key only on plaintext channels).
        timeout: Default deadline of every call, in seconds.
    """

    target: str
    options: tuple[tuple[str, Any], ...]
    credentials: grpc.ChannelCredentials | None
    metadata: tuple[tuple[str, str], ...] = field(default=())
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def create(
        cls,
        *,
        api_key: str,
        host: str,
        metadata: object = None,
        channel_options: object = None,
        timeout: object = None,
        use_insecure_channel: bool = False,
        argument: str = "api_host",
    ) -> ChannelSettings:
        """Validate the client's arguments and decide credentials, options and metadata."""
        if not isinstance(host, str) or not host.strip():
            raise ValueError(f"`{argument}` must be a non-empty host name, got {host!r}")
        user_metadata = _validate_metadata(metadata)
        options = _merge_options(channel_options)
        seconds = DEFAULT_TIMEOUT if timeout is None else timeout_seconds(timeout)
        sdk_metadata = (
            ("xai-sdk-version", f"python/{__version__}"),
            (
                "xai-sdk-language",
                f"python/{sys.version_info.major}.{sys.version_info.minor}",
            ),
        )
        call_metadata = user_metadata + sdk_metadata
        credentials: grpc.ChannelCredentials | None
        if use_insecure_channel:
            # Plaintext channels cannot carry call credentials: send the key as metadata.
            credentials = None
            call_metadata = (("authorization", f"Bearer {api_key}"), *call_metadata)
        else:
            call_credentials = grpc.metadata_call_credentials(_ApiKeyAuth(api_key))
            channel_credentials = (
                grpc.local_channel_credentials()
                if host.startswith("localhost:")
                else grpc.ssl_channel_credentials()
            )
            credentials = grpc.composite_channel_credentials(channel_credentials, call_credentials)
        return cls(host, options, credentials, call_metadata, seconds)

    def open_channel(self) -> grpc.Channel:
        """A grpcio synchronous channel to the target (it connects lazily)."""
        if self.credentials is None:
            return grpc.insecure_channel(self.target, options=self.options)
        return grpc.secure_channel(self.target, self.credentials, options=self.options)

    def open_aio_channel(self) -> grpc.aio.Channel:
        """A ``grpc.aio`` channel, bound to the running asyncio loop (it connects lazily)."""
        if self.credentials is None:
            return grpc.aio.insecure_channel(self.target, options=self.options)
        return grpc.aio.secure_channel(self.target, self.credentials, options=self.options)

    def deadline(self, timeout: float | None) -> float:
        """The timeout of one call: its own ``timeout=`` if given, else the client's."""
        return self.timeout if timeout is None else timeout_seconds(timeout)

    def __repr__(self) -> str:
        secure = "plaintext" if self.credentials is None else "secure"
        return f"ChannelSettings(target={self.target!r}, {secure}, timeout={self.timeout})"
