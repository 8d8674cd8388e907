"""Model names: the check every area applies to ``model=``, and ``Models`` requests.

``client.models`` returns the API's messages as they are (``xai_api.LanguageModel`` ...), as
the official SDK does; this module only checks the names asked for.
"""

from __future__ import annotations

from xai_async._core.validate import text
from xai_async.proto import xai_api

__all__ = ["get_model_request", "model_name"]


def model_name(value: object, argument: str = "model") -> str:
    """``value`` if it is a non-blank model name (``"grok-4"``, an alias ...)."""
    name = text(argument, value)
    if not name.strip():
        raise ValueError(
            f"`{argument}` must be a non-empty model name, e.g. 'grok-4'; got {name!r}"
        )
    return name


def get_model_request(name: object) -> xai_api.GetModelRequest:
    """The request for one model's details, by its name or one of its aliases."""
    return xai_api.GetModelRequest(name=model_name(name, "name"))
