"""Types of argument values: ``Literal`` aliases and ``TypedDict`` parameters.

As in ``xai_sdk.types``; one copy shared by ``xai_async`` and ``xai_sync``.
"""

from xai_async._core.types import (
    AgentCount,
    Guideline,
    GuidelineBehavior,
    GuidelineCategory,
    ImageDetail,
    IncludeOption,
    ReasoningEffort,
    ResponseFormat,
    ServiceTier,
    ToolMode,
)

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
