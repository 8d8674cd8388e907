"""Where generated images and videos may be kept: ``storage_options`` of ``image``/``video``.

The server can save what it generates to the Files API (and publish a public URL for it)
instead of only returning a short-lived URL. The options are a ``StorageOptions`` dict, as in
the official SDK, or the ``xai_api.StorageOptions`` message itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from xai_async._core.types import PublicUrlInput, PublicUrlOptions, StorageOptions
from xai_async._core.validate import text
from xai_async.proto import xai_api

__all__ = [
    "PublicUrlInput",
    "PublicUrlOptions",
    "StorageOptions",
    "StoredAsset",
    "storage_options_proto",
]

#: The largest lifetime accepted, in seconds (an int64 on the wire; a century is plenty).
_MAX_SECONDS = 100 * 365 * 24 * 3600


def _seconds(argument: str, value: object) -> int | None:
    """A lifetime as whole seconds, which must be positive.

    An int, or a ``timedelta`` cut to whole seconds (as the official SDK does).
    """
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        value = int(value.total_seconds())
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"`{argument}` must be an int (seconds) or a timedelta, got {type(value).__name__}"
        )
    if not 0 < value <= _MAX_SECONDS:
        raise ValueError(f"`{argument}` must be a positive number of seconds, got {value}")
    return value


def _public_url(value: object) -> xai_api.PublicUrlOptions | None:
    argument = "storage_options['public_url']"
    if value is None or value is False:
        return None
    if value is True:
        return xai_api.PublicUrlOptions()
    if not isinstance(value, Mapping):
        raise TypeError(
            f"`{argument}` must be True or a dict like {{'expires_after': 3600}}, "
            f"got {type(value).__name__}"
        )
    unknown = sorted(map(str, set(value) - {"expires_after"}))
    if unknown:
        raise ValueError(f"`{argument}` takes only 'expires_after'; got {', '.join(unknown)}")
    return xai_api.PublicUrlOptions(
        expires_after=_seconds(f"{argument}['expires_after']", value.get("expires_after"))
    )


def storage_options_proto(value: object) -> xai_api.StorageOptions | None:
    """Check ``storage_options`` (a dict, the message, or ``None``) and return the message.

    Raises:
        TypeError: It is neither a dict nor a ``StorageOptions`` message, or a value has the
            wrong type.
        ValueError: ``filename`` is missing or blank, a key is unknown, or a lifetime is not a
            positive whole number of seconds.
    """
    if value is None or isinstance(value, xai_api.StorageOptions):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(
            "`storage_options` must be a dict like {'filename': 'out.png'} or a "
            f"StorageOptions message, got {type(value).__name__}"
        )
    unknown = sorted(map(str, set(value) - {"filename", "expires_after", "public_url"}))
    if unknown:
        raise ValueError(
            "`storage_options` takes 'filename', 'expires_after' and 'public_url'; "
            f"got {', '.join(unknown)}"
        )
    if "filename" not in value:
        raise ValueError("`storage_options` needs a 'filename'")
    filename = text("storage_options['filename']", value["filename"])
    if not filename.strip():
        raise ValueError("`storage_options['filename']` must not be empty")
    return xai_api.StorageOptions(
        filename=filename,
        expires_after=_seconds("storage_options['expires_after']", value.get("expires_after")),
        public_url=_public_url(value.get("public_url")),
    )


class StoredAsset:
    """Where a generated image or video was stored (with ``storage_options``).

    Mixed into the image and video responses: ``_asset()`` is the generated image or video
    message, which carries ``file_output`` and ``storage_error``.
    """

    __slots__ = ()

    def _asset(self) -> xai_api.GeneratedImage | xai_api.GeneratedVideo:
        raise NotImplementedError

    @property
    def file_output(self) -> xai_api.FileOutput | None:
        """The stored file (with ``storage_options``), or ``None`` if none was stored."""
        return self._asset().file_output

    @property
    def storage_error(self) -> str | None:
        """Why storing failed, or ``None`` if it succeeded or was not asked for."""
        return self._asset().storage_error or None

    @property
    def public_url(self) -> str | None:
        """The stored file's public URL, or ``None`` if not asked for or not created."""
        output = self._asset().file_output
        return None if output is None else output.public_url or None

    @property
    def public_url_error(self) -> str | None:
        """Why the public URL could not be created, or ``None``."""
        output = self._asset().file_output
        return None if output is None else output.public_url_error or None
