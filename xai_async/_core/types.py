"""Public type aliases of argument values (``xai_async.types`` / ``xai_sync.types``).

The string values are the official SDK's. The tables that turn them into proto enums live in
:mod:`xai_async._core.enums`, derived from the generated enums, and a test keeps each alias
equal to its table.
"""

from __future__ import annotations

import datetime
from typing import Literal

from typing_extensions import NotRequired, TypedDict

__all__ = [
    "EmbeddingEncodingFormat",
    "AgentCount",
    "AllModels",
    "ChatModel",
    "DocumentRetrievalMode",
    "FileIdKeyframe",
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
    "Keyframe",
    "PublicUrlInput",
    "PublicUrlOptions",
    "ReasoningEffort",
    "ReferenceAudio",
    "ResponseFormat",
    "SearchMode",
    "ServiceTier",
    "StorageOptions",
    "ToolMode",
    "UrlKeyframe",
    "VideoAspectRatio",
    "VideoGenerationModel",
    "VideoResolution",
    "VoiceAudioRef",
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

#: Live search (``SearchParameters(mode=...)``): let the model decide, always, or never.
SearchMode = Literal["auto", "on", "off"]
EmbeddingEncodingFormat = Literal["float", "base64"]
#: How ``collections_search`` ranks documents (``xai_sdk.collections.DocumentRetrievalMode``).
DocumentRetrievalMode = Literal["hybrid", "semantic", "keyword"]

# Model names the official SDK lists, so editors complete them; any other name is accepted
# wherever a model is asked for (``AllModels`` ends with ``str``).
ChatModel = Literal[
    "grok-4",
    "grok-4-0709",
    "grok-4-latest",
    "grok-4-1-fast",
    "grok-4-1-fast-reasoning",
    "grok-4-1-fast-reasoning-latest",
    "grok-4-1-fast-non-reasoning",
    "grok-4-1-fast-non-reasoning-latest",
    "grok-4-fast",
    "grok-4-fast-reasoning",
    "grok-4-fast-reasoning-latest",
    "grok-4-fast-non-reasoning",
    "grok-4-fast-non-reasoning-latest",
    "grok-4.20-0309-reasoning",
    "grok-4.20",
    "grok-4.20-0309",
    "grok-4.20-reasoning-latest",
    "grok-4.20-0309-non-reasoning",
    "grok-4.20-non-reasoning",
    "grok-4.20-non-reasoning-latest",
    "grok-4.20-multi-agent",
    "grok-4.20-multi-agent-0309",
    "grok-4.20-multi-agent-latest",
    "grok-4.3",
    "grok-4.3-latest",
    "grok-4.5",
    "grok-4.5-latest",
    "grok-4.6",
    "grok-code-fast-1",
    "grok-build-0.1",
    "grok-3",
    "grok-3-latest",
    "grok-3-mini",
    "grok-3-fast",
    "grok-3-fast-latest",
    "grok-3-mini-fast",
    "grok-3-mini-fast-latest",
]
ImageGenerationModel = Literal[
    "grok-imagine-image",
    "grok-imagine-image-2.0",
    "grok-imagine-image-quality",
]
VideoGenerationModel = Literal["grok-imagine-video", "grok-imagine-video-1.5"]
AllModels = ChatModel | ImageGenerationModel | VideoGenerationModel | str

# Image and video generation settings, as the official SDK spells them (a subset of the
# proto enums: the API takes no "auto" aspect ratio or "high" quality from this SDK).
ImageFormat = Literal["base64", "url"]
ImageAspectRatio = Literal[
    "1:1",
    "3:4",
    "4:3",
    "9:16",
    "16:9",
    "2:3",
    "3:2",
    "9:19.5",
    "19.5:9",
    "9:20",
    "20:9",
    "1:2",
    "2:1",
]
ImageResolution = Literal["1k", "2k"]
ImageQuality = Literal["low", "medium"]
VideoAspectRatio = Literal["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"]
VideoResolution = Literal["480p", "720p", "1080p"]


class Guideline(TypedDict):
    """A content policy for ``chat.create(guidelines=[...])``."""

    type: Literal["policy"]
    category: GuidelineCategory
    behavior: GuidelineBehavior


# -- video and storage options (TypedDicts of the official ``xai_sdk.types``) ---


class UrlKeyframe(TypedDict):
    """A frame the video passes through: an image by URL (or ``data:`` URL) at a time.

    ``timestamp`` is in seconds and falls strictly inside the clip (``0 < t < duration``).
    """

    image_url: str
    timestamp: float


class FileIdKeyframe(TypedDict):
    """A frame the video passes through: an image by Files API id at a time (in seconds)."""

    image_file_id: str
    timestamp: float


#: One entry of ``keyframes``: one image source and a timestamp.
Keyframe = UrlKeyframe | FileIdKeyframe


class VoiceAudioRef(TypedDict):
    """Reference audio: a preset voice of the xAI voice catalog, e.g. ``{"voice_id": "ara"}``."""

    voice_id: str


#: One entry of ``reference_audios`` (only preset voices so far).
ReferenceAudio = VoiceAudioRef


class PublicUrlOptions(TypedDict, total=False):
    """A public URL for the stored file.

    Attributes:
        expires_after: Seconds (or a ``timedelta``) until the public URL stops working, on its
            own clock; without it the URL lives as long as the file.
    """

    expires_after: datetime.timedelta | int


#: ``True`` for a public URL with the defaults, or its options.
PublicUrlInput = bool | PublicUrlOptions


class StorageOptions(TypedDict):
    """Keep a generated asset in the Files API.

    Attributes:
        filename: Name of the stored file (required).
        expires_after: Seconds (or a ``timedelta``) until the file is deleted; kept for good
            without it.
        public_url: ``True`` (or ``{"expires_after": seconds}``) to also publish the file at a
            public URL; left out (or ``False``) keeps it private.
    """

    filename: str
    expires_after: NotRequired[datetime.timedelta | int]
    public_url: NotRequired[PublicUrlInput]
