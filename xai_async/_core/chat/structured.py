"""Structured output: a JSON schema from a Python type, and the answer read back as that type.

A pydantic model class is used as it is (the user has pydantic, since they wrote the model).
Any other type pydantic understands (a dataclass, a ``TypedDict``, ``list[int]`` ...) goes
through ``pydantic.TypeAdapter``: pydantic is then imported, on first use only, and its absence
is an ``ImportError`` that names the extra to install.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

from xai_async.proto import xai_api

__all__ = ["PYDANTIC_EXTRA", "json_schema_format", "shape_of"]

PYDANTIC_EXTRA = 'pip install "xai-async[pydantic]"'


def _is_model(shape: object) -> bool:
    return (
        isinstance(shape, type)
        and callable(getattr(shape, "model_json_schema", None))
        and callable(getattr(shape, "model_validate_json", None))
    )


def _adapter(shape: object, argument: str) -> Any:
    try:
        pydantic = importlib.import_module("pydantic")
    except ImportError:
        raise ImportError(
            f"`{argument}` as a Python type needs pydantic: {PYDANTIC_EXTRA}"
        ) from None
    try:
        return pydantic.TypeAdapter(shape)
    except pydantic.PydanticSchemaGenerationError as error:
        raise TypeError(
            f"`{argument}` must be a pydantic model class or a type pydantic can validate "
            f"(a dataclass, a TypedDict ...), got {shape!r}: {error}"
        ) from None


def shape_of(shape: object, argument: str = "shape") -> tuple[dict[str, Any], Callable[[str], Any]]:
    """The JSON schema of ``shape``, and a function that reads a JSON answer as ``shape``.

    Raises:
        TypeError: ``shape`` is not a type pydantic can describe.
        ImportError: ``shape`` is no pydantic model and pydantic is not installed.
    """
    if _is_model(shape):
        model: Any = shape
        return model.model_json_schema(), model.model_validate_json
    if not isinstance(shape, type) and getattr(shape, "__origin__", None) is None:
        raise TypeError(
            f"`{argument}` must be a pydantic model class or another type (a dataclass, a "
            f"TypedDict ...), got {type(shape).__name__}"
        )
    adapter = _adapter(shape, argument)
    return adapter.json_schema(), adapter.validate_json


def json_schema_format(schema: dict[str, Any]) -> xai_api.ResponseFormat:
    """The response format asking for JSON that follows ``schema``."""
    return xai_api.ResponseFormat(
        format_type=xai_api.FormatType.JSON_SCHEMA, schema=json.dumps(schema)
    )
