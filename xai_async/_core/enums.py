"""Tables from the official SDK's argument strings to proto enum values.

They are derived from the generated enums rather than spelled out again: ``"high"`` ->
``ReasoningEffort.EFFORT_HIGH``.

A member's key is its name without the given prefix, lower-cased (``_4`` becomes the int
``4``); the zero member (``INVALID``/``UNSPECIFIED``) is never a choice. The keys are the
values of the Literal aliases in :mod:`xai_async._core.types` (tested).
"""

from __future__ import annotations

import enum
from typing import TypeVar

from xai_async.proto import xai_api

__all__ = [
    "AGENT_COUNT",
    "FORMAT_TYPE",
    "GUIDELINE_BEHAVIOR",
    "GUIDELINE_CATEGORY",
    "IMAGE_DETAIL",
    "INCLUDE_OPTION",
    "REASONING_EFFORT",
    "SERVICE_TIER",
    "TOOL_MODE",
    "name_table",
]

E = TypeVar("E", bound=enum.IntEnum)


def name_table(
    enum_type: type[E], prefix: str = "", *, only: tuple[str, ...] = ()
) -> dict[str | int, E]:
    """The choices of ``enum_type`` by argument string (or int), in declaration order.

    Args:
        enum_type: A generated betterproto2 enum.
        prefix: What each member name starts with that the argument string leaves out.
        only: Restrict the table to these member names (when the API offers a subset).
    """
    table: dict[str | int, E] = {}
    for member in enum_type:
        if member.value == 0 or (only and member.name not in only):
            continue
        key = member.name.removeprefix(prefix).lstrip("_").lower()
        table[int(key) if key.isdigit() else key] = member
    return table


IMAGE_DETAIL = name_table(xai_api.ImageDetail, "DETAIL_")
REASONING_EFFORT = name_table(xai_api.ReasoningEffort, "EFFORT_")
TOOL_MODE = name_table(xai_api.ToolMode)
# JSON_SCHEMA is chosen by passing a pydantic model class, not by name.
FORMAT_TYPE = name_table(xai_api.FormatType, only=("TEXT", "JSON_OBJECT"))
INCLUDE_OPTION = name_table(xai_api.IncludeOption)
AGENT_COUNT = name_table(xai_api.AgentCount)
SERVICE_TIER = name_table(xai_api.ServiceTier)
GUIDELINE_CATEGORY = name_table(xai_api.GuidelineCategory)
GUIDELINE_BEHAVIOR = name_table(xai_api.GuidelineBehavior)
