"""The argument-string tables are derived from the generated enums and match the aliases."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from xai_async._core import enums, types
from xai_async.proto import xai_api

PAIRS = [
    (types.ImageDetail, enums.IMAGE_DETAIL),
    (types.ReasoningEffort, enums.REASONING_EFFORT),
    (types.ToolMode, enums.TOOL_MODE),
    (types.ResponseFormat, enums.FORMAT_TYPE),
    (types.IncludeOption, enums.INCLUDE_OPTION),
    (types.AgentCount, enums.AGENT_COUNT),
    (types.ServiceTier, enums.SERVICE_TIER),
    (types.GuidelineCategory, enums.GUIDELINE_CATEGORY),
    (types.GuidelineBehavior, enums.GUIDELINE_BEHAVIOR),
    (types.SearchMode, enums.SEARCH_MODE),
    (types.EmbeddingEncodingFormat, enums.EMBED_ENCODING_FORMAT),
    (types.ImageFormat, enums.IMAGE_FORMAT),
    (types.ImageAspectRatio, enums.IMAGE_ASPECT_RATIO),
    (types.ImageResolution, enums.IMAGE_RESOLUTION),
    (types.ImageQuality, enums.IMAGE_QUALITY),
    (types.VideoAspectRatio, enums.VIDEO_ASPECT_RATIO),
    (types.VideoResolution, enums.VIDEO_RESOLUTION),
]


@pytest.mark.parametrize(("alias", "table"), PAIRS)
def test_each_alias_lists_exactly_the_table_keys(alias: Any, table: dict[Any, Any]) -> None:
    assert set(get_args(alias)) == set(table)


def test_tables_map_to_the_right_members() -> None:
    assert enums.REASONING_EFFORT["high"] is xai_api.ReasoningEffort.EFFORT_HIGH
    assert enums.AGENT_COUNT[16] is xai_api.AgentCount._16
    assert enums.INCLUDE_OPTION["inline_citations"] is xai_api.IncludeOption.INLINE_CITATIONS
    assert enums.GUIDELINE_CATEGORY["profanity"] is xai_api.GuidelineCategory.PROFANITY
    assert enums.SEARCH_MODE["on"] is xai_api.SearchMode.ON_SEARCH_MODE
    assert enums.EMBED_ENCODING_FORMAT["base64"] is xai_api.EmbedEncodingFormat.FORMAT_BASE64
    assert enums.IMAGE_ASPECT_RATIO["9:19.5"] is xai_api.ImageAspectRatio.IMG_ASPECT_RATIO_9_19_5
    assert enums.IMAGE_ASPECT_RATIO["19.5:9"] is xai_api.ImageAspectRatio.IMG_ASPECT_RATIO_19_5_9
    assert enums.IMAGE_FORMAT["base64"] is xai_api.ImageFormat.IMG_FORMAT_BASE64
    assert enums.IMAGE_RESOLUTION["2k"] is xai_api.ImageResolution.IMG_RESOLUTION_2K
    assert enums.IMAGE_QUALITY["medium"] is xai_api.ImageQuality.IMG_QUALITY_MEDIUM
    assert enums.VIDEO_ASPECT_RATIO["16:9"] is xai_api.VideoAspectRatio._16_9
    assert enums.VIDEO_RESOLUTION["1080p"] is xai_api.VideoResolution._1080P
    # Choices the official SDK does not name are reached through the enum members only.
    assert "auto" not in enums.IMAGE_ASPECT_RATIO
    assert "high" not in enums.IMAGE_QUALITY
    # The zero member (INVALID / UNSPECIFIED) is never a choice.
    assert all(member.value != 0 for _, table in PAIRS for member in table.values())
