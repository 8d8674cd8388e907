"""Chat logic without I/O, shared by ``xai_async.chat`` and ``xai_sync.chat``.

``messages`` builds messages, ``request`` the request and conversation, ``response`` wraps
what comes back, ``accumulate`` folds a stream; the packages add only the wire calls.
"""

from xai_async._core.chat.accumulate import BatchAccumulator, StreamAccumulator
from xai_async._core.chat.messages import (
    Content,
    assistant,
    developer,
    file,
    image,
    required_tool,
    system,
    text,
    tool_result,
    user,
)
from xai_async._core.chat.request import BaseChat, BaseChatClient
from xai_async._core.chat.response import (
    Chunk,
    CompactContextResponse,
    CompletionOutputChunk,
    ImageGenerationOutput,
    Response,
)

__all__ = [
    "BaseChat",
    "BaseChatClient",
    "BatchAccumulator",
    "Chunk",
    "CompactContextResponse",
    "CompletionOutputChunk",
    "Content",
    "ImageGenerationOutput",
    "Response",
    "StreamAccumulator",
    "assistant",
    "developer",
    "file",
    "image",
    "required_tool",
    "system",
    "text",
    "tool_result",
    "user",
]
