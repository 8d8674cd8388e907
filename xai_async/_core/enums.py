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
    "EMBED_ENCODING_FORMAT",
    "FORMAT_TYPE",
    "GUIDELINE_BEHAVIOR",
    "GUIDELINE_CATEGORY",
    "IMAGE_ASPECT_RATIO",
    "IMAGE_DETAIL",
    "IMAGE_FORMAT",
    "IMAGE_QUALITY",
    "IMAGE_RESOLUTION",
    "INCLUDE_OPTION",
    "REASONING_EFFORT",
    "SEARCH_MODE",
    "SERVICE_TIER",
    "TOOL_MODE",
    "VIDEO_ASPECT_RATIO",
    "VIDEO_RESOLUTION",
    "name_table",
    "ratio_table",
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
SEARCH_MODE = {
    str(key).removesuffix("_search_mode"): member
    for key, member in name_table(xai_api.SearchMode).items()
}
EMBED_ENCODING_FORMAT = name_table(xai_api.EmbedEncodingFormat, "FORMAT_")


def ratio_table(enum_type: type[E], prefix: str, *, skip: tuple[str, ...] = ()) -> dict[str, E]:
    """Aspect ratios by their official spelling: ``IMG_ASPECT_RATIO_9_19_5`` -> ``"9:19.5"``.

    Args:
        enum_type: A generated aspect-ratio enum.
        prefix: What each member name starts with.
        skip: Keys left out (choices the official SDK does not offer by name).
    """
    table: dict[str, E] = {}
    for key, member in name_table(enum_type, prefix).items():
        ratio = str(key).replace("19_5", "19.5").replace("_", ":")
        if ratio not in skip:
            table[ratio] = member
    return table


# Image and video options: the official SDK's strings (``xai_api`` members are accepted too,
# which reaches the ones it leaves out, such as ``ImageAspectRatio.IMG_ASPECT_RATIO_AUTO``).
IMAGE_FORMAT = name_table(xai_api.ImageFormat, "IMG_FORMAT_")
IMAGE_ASPECT_RATIO = ratio_table(xai_api.ImageAspectRatio, "IMG_ASPECT_RATIO_", skip=("auto",))
IMAGE_RESOLUTION = name_table(xai_api.ImageResolution, "IMG_RESOLUTION_")
IMAGE_QUALITY = name_table(
    xai_api.ImageQuality, "IMG_QUALITY_", only=("IMG_QUALITY_LOW", "IMG_QUALITY_MEDIUM")
)
VIDEO_ASPECT_RATIO = ratio_table(xai_api.VideoAspectRatio, "")
VIDEO_RESOLUTION = name_table(xai_api.VideoResolution)
