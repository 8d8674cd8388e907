"""Public type aliases of argument values (``xai_async.types`` / ``xai_sync.types``).

The string values are the official SDK's. The tables that turn them into proto enums live in
:mod:`xai_async._core.enums`, derived from the generated enums, and a test keeps each alias
equal to its table.
"""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

__all__ = [
    "AgentCount",
    "Guideline",
    "GuidelineBehavior",
    "GuidelineCategory",
    "ImageDetail",
    "IncludeOption",
    "ReasoningEffort",
    "ResponseFormat",
    "ServiceTier",
    "ToolMode",
]

ImageDetail = Literal["auto", "low", "high"]
ReasoningEffort = Literal["none", "low", "medium", "high", "xhigh"]
ToolMode = Literal["auto", "none", "required"]
ResponseFormat = Literal["text", "json_object"]
ServiceTier = Literal["default", "priority"]
AgentCount = Literal[4, 16]
GuidelineCategory = Literal["nsfw", "violence", "profanity"]
GuidelineBehavior = Literal["decline"]
IncludeOption = Literal[
    "web_search_call_output",
    "x_search_call_output",
    "code_execution_call_output",
    "collections_search_call_output",
    "attachment_search_call_output",
    "mcp_call_output",
    "inline_citations",
    "verbose_streaming",
    "code_execution_files_output",
]


class Guideline(TypedDict):
    """A content policy for ``chat.create(guidelines=[...])``."""

    type: Literal["policy"]
    category: GuidelineCategory
    behavior: GuidelineBehavior
