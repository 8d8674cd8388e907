"""Types of argument values: ``Literal`` aliases and ``TypedDict`` parameters.

As in ``xai_sdk.types``; one copy shared by ``xai_async`` and ``xai_sync``.
"""

from xai_async._core.types import (
    AgentCount,
    AllModels,
    ChatModel,
    Guideline,
    GuidelineBehavior,
    GuidelineCategory,
    ImageAspectRatio,
    ImageDetail,
    ImageFormat,
    ImageGenerationModel,
    ImageQuality,
    ImageResolution,
    IncludeOption,
    ReasoningEffort,
    ResponseFormat,
    SearchMode,
    ServiceTier,
    ToolMode,
    VideoAspectRatio,
    VideoGenerationModel,
    VideoResolution,
)

__all__ = [
    "AgentCount",
    "AllModels",
    "ChatModel",
    "Guideline",
    "GuidelineBehavior",
    "GuidelineCategory",
    "ImageAspectRatio",
    "ImageDetail",
    "ImageFormat",
    "ImageGenerationModel",
    "ImageQuality",
    "ImageResolution",
    "IncludeOption",
    "ReasoningEffort",
    "ResponseFormat",
    "SearchMode",
    "ServiceTier",
    "ToolMode",
    "VideoAspectRatio",
    "VideoGenerationModel",
    "VideoResolution",
]
