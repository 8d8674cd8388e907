"""Everything about a connection that is decided before any I/O: host, credentials, options.

Shared by both packages. :class:`ChannelSettings` is built once per client from the
constructor's arguments (validated here, so bad input fails before anything is sent); the
transports only turn it into grpcio channels. The API key lives in exactly two places — the
call-credentials plugin and, for plaintext channels, the per-call metadata — and neither ever
shows up in a ``repr``.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import grpc
import grpc.aio

from xai_async._core.validate import timeout_seconds
from xai_async._core.version import __version__

__all__ = [
    "DEFAULT_API_HOST",
    "DEFAULT_MANAGEMENT_HOST",
    "DEFAULT_SERVICE_CONFIG",
    "DEFAULT_TIMEOUT",
    "ChannelSettings",
    "default_channel_options",
    "resolve_api_key",
    "resolve_host",
    "validate_target",
]

#: The xAI hosts: the defaults of ``api_host`` and ``management_api_host``.
DEFAULT_API_HOST = "api.x.ai"
DEFAULT_MANAGEMENT_HOST = "management-api.x.ai"

#: Seconds every RPC may take unless the client or the call says otherwise.
DEFAULT_TIMEOUT = 27 * 60.0  # the official SDK's default deadline

_MIB = 1 << 20
_HEADER_TOKEN = re.compile(r"[\x21-\x7e]+")  # what an API key can be, in a header
_METADATA_KEY = re.compile(r"[0-9a-z_.-]+")
_METADATA_VALUE = re.compile(r"[\x20-\x7e]*")
USER_AGENT = f"xai-async-python/{__version__}"
#: Headers the SDK or gRPC set: a user's copy would be sent twice or silently dropped.
_RESERVED_METADATA = frozenset(
    {
        "authorization",
        "content-type",
        "te",
        "user-agent",
        "host",
        "xai-sdk-version",
        "xai-sdk-language",
    }
)
#: gRPC's default limit for a call's headers is 8 KiB; the SDK's own need a little of it.
_MAX_METADATA_BYTES = 7 * 1024

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


def resolve_host(value: str | None, env_var: str, default: str) -> str:
    """The host given, else the one in ``env_var`` (if set and not blank), else ``default``."""
    if value is not None:
        return value
    return os.environ.get(env_var, "").strip() or default


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


_HOST_NAME = re.compile(
    r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?"
)


def validate_target(target: object, argument: str) -> str:
    """Check ``host[:port]`` (IPv6 in brackets) and return the host part."""
    expected = f"`{argument}` must be 'host' or 'host:port' (e.g. 'api.x.ai', 'localhost:50051')"
    if not isinstance(target, str):
        raise TypeError(f"{expected}, got {type(target).__name__}")
    if any(c in target for c in "/ \t@?#"):
        raise ValueError(f"{expected} (no scheme, path or spaces); got {target!r}")
    if target.startswith("["):
        host, bracket, rest = target[1:].partition("]")
        port = rest.removeprefix(":") if rest.startswith(":") else None
        if not bracket or (rest and port is None):
            raise ValueError(f"{expected}; got {target!r}")
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(f"{expected}; got {target!r}") from None
    else:
        host, colon, port_text = target.partition(":")
        port = port_text if colon else None
        if not _HOST_NAME.fullmatch(host):
            raise ValueError(f"{expected}; got {target!r}")
    if port is not None and not (port.isdigit() and 0 < int(port) < 65536):
        raise ValueError(f"{expected}; the port must be 1-65535, got {target!r}")
    return host


def _is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (no DNS lookup: only literal loopback names)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _validate_metadata(metadata: object) -> tuple[tuple[str, str], ...]:
    """The user's metadata, checked.

    Errors name the entry's position, never its value: a header value may well be a secret.
    """
    if metadata is None:
        return ()
    if isinstance(metadata, (str, bytes)) or not isinstance(metadata, Sequence):
        raise TypeError("`metadata` must be a sequence of (key, value) string pairs")
    pairs: list[tuple[str, str]] = []
    for position, pair in enumerate(metadata):
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(isinstance(part, str) for part in pair)
        ):
            raise TypeError(
                f"`metadata` entries must be (key, value) string pairs; entry {position} is not"
            )
        key, value = pair
        if not _METADATA_KEY.fullmatch(key) or key.endswith("-bin"):
            raise ValueError(
                f"`metadata` keys must be lower-case ASCII letters, digits, '-', '_' or '.' "
                f"(and not end in '-bin'); entry {position} has another key"
            )
        if key in _RESERVED_METADATA or key.startswith("grpc-"):
            raise ValueError(
                f"`metadata` key {key!r} (entry {position}) is set by the SDK or by gRPC; "
                "pass the API key as api_key=..., not as metadata"
                if key == "authorization"
                else f"`metadata` key {key!r} (entry {position}) is reserved by gRPC"
            )
        if not _METADATA_VALUE.fullmatch(value):
            raise ValueError(f"`metadata` value of {key!r} must be printable ASCII")
        pairs.append((key, value))
    if sum(len(key) + len(value) for key, value in pairs) > _MAX_METADATA_BYTES:
        raise ValueError(
            f"`metadata` is larger than {_MAX_METADATA_BYTES} bytes, more than gRPC sends"
        )
    return tuple(pairs)


def _check_option(name: str, value: object) -> None:
    """GRPC takes an int (a C int) or a string per option, and fails late on anything else."""
    if isinstance(value, str):
        if name == "grpc.service_config":
            try:
                parsed = json.loads(value)
            except ValueError as error:
                raise ValueError(f"`channel_options` {name!r} is not JSON: {error}") from None
            if not isinstance(parsed, dict):
                raise ValueError(f"`channel_options` {name!r} must be a JSON object")
        return
    if isinstance(value, int) and -(2**31) <= value < 2**31:
        return
    raise TypeError(
        f"`channel_options` {name!r} must be an int (32-bit) or a string, "
        f"got {type(value).__name__}"
    )


def _merge_options(user_options: object) -> tuple[tuple[str, Any], ...]:
    if user_options is None:
        user_options = []
    if isinstance(user_options, (str, bytes)) or not isinstance(user_options, Sequence):
        raise TypeError("`channel_options` must be a sequence of (name, value) pairs")
    for position, option in enumerate(user_options):
        if (
            not isinstance(option, (tuple, list))
            or len(option) != 2
            or not isinstance(option[0], str)
        ):
            raise TypeError(
                f"`channel_options` entries must be (name, value) pairs; entry {position} is not"
            )
        _check_option(*option)
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
        """Validate the client's arguments and decide credentials, options and metadata.

        Warns (``UserWarning``) when the key would travel in plaintext to a host that is not
        this machine's loopback.
        """
        hostname = validate_target(host, argument)
        if not isinstance(use_insecure_channel, bool):
            raise TypeError(
                "`use_insecure_channel` must be True or False, got "
                f"{type(use_insecure_channel).__name__} (a string like 'false' would turn "
                "TLS off)"
            )
        if use_insecure_channel and not _is_loopback(hostname):
            warnings.warn(
                f"plaintext channel to {hostname!r}: the API key is sent unencrypted "
                "(use_insecure_channel=True is meant for a local server)",
                UserWarning,
                stacklevel=3,
            )
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
