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
]


@pytest.mark.parametrize(("alias", "table"), PAIRS)
def test_each_alias_lists_exactly_the_table_keys(alias: Any, table: dict[Any, Any]) -> None:
    assert set(get_args(alias)) == set(table)


def test_tables_map_to_the_right_members() -> None:
    assert enums.REASONING_EFFORT["high"] is xai_api.ReasoningEffort.EFFORT_HIGH
    assert enums.AGENT_COUNT[16] is xai_api.AgentCount._16
    assert enums.INCLUDE_OPTION["inline_citations"] is xai_api.IncludeOption.INLINE_CITATIONS
    assert enums.GUIDELINE_CATEGORY["profanity"] is xai_api.GuidelineCategory.PROFANITY
    # The zero member (INVALID / UNSPECIFIED) is never a choice.
    assert all(member.value != 0 for _, table in PAIRS for member in table.values())
