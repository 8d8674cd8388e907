"""Message helpers: ``user("hi", image(url))`` and friends build the request's messages.

Shared by both packages, so a message made with ``xai_async.chat.user`` works with a
``xai_sync`` client and vice versa.
"""

from __future__ import annotations

from typing import overload

from xai_async._core import enums, validate
from xai_async._core.types import ImageDetail
from xai_async.proto import xai_api

__all__ = [
    "Content",
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

#: A part of a message: plain text, or a content proto made by ``text``/``image``/``file``.
Content = str | xai_api.Content
_ROLE = xai_api.MessageRole


def text(content: str) -> xai_api.Content:
    """A text part of a message."""
    return xai_api.Content(text=validate.text("content", content))


def image(image_url: str, *, detail: ImageDetail | None = "auto") -> xai_api.Content:
    """An image part of a message, by URL or ``data:`` URL (base64).

    Args:
        image_url: ``https://…`` or ``data:image/png;base64,…``.
        detail: Resolution the model sees: ``"auto"`` (default), ``"low"`` or ``"high"``.
    """
    if not isinstance(image_url, str):
        raise TypeError(f"`image_url` must be a string, got {type(image_url).__name__}")
    if not image_url.lower().startswith(("https://", "http://", "data:image/")):
        raise ValueError(
            f"`image_url` must be an http(s) URL or a data:image/... URL, got {image_url[:40]!r}"
        )
    validate.text("image_url", image_url)
    level = validate.choose("detail", "auto" if detail is None else detail, enums.IMAGE_DETAIL)
    return xai_api.Content(image_url=xai_api.ImageUrlContent(image_url=image_url, detail=level))


@overload
def file(file_id: str) -> xai_api.Content: ...
@overload
def file(
    *, data: bytes, filename: str | None = ..., mime_type: str | None = ...
) -> xai_api.Content: ...
@overload
def file(
    *, url: str, filename: str | None = ..., mime_type: str | None = ...
) -> xai_api.Content: ...
def file(
    file_id: str | None = None,
    *,
    data: bytes | None = None,
    url: str | None = None,
    filename: str | None = None,
    mime_type: str | None = None,
) -> xai_api.Content:
    """A file part of a message: an uploaded file's id, inline bytes, or a public URL.

    Exactly one of ``file_id``, ``data`` or ``url`` must be given; ``filename`` and
    ``mime_type`` describe inline bytes or a URL.
    """
    given = [
        name for name, v in (("file_id", file_id), ("data", data), ("url", url)) if v is not None
    ]
    if len(given) != 1:
        raise ValueError(
            f"Exactly one of `file_id`, `data` or `url` must be given; got {given or 'none'}"
        )
    if file_id is not None:
        if filename is not None or mime_type is not None:
            raise ValueError("`filename`/`mime_type` only apply to `data` or `url`, not `file_id`")
        return xai_api.Content(file=xai_api.FileContent(file_id=validate.text("file_id", file_id)))
    if data is not None and not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"`data` must be bytes, got {type(data).__name__}")
    if url is not None and not validate.text("url", url).lower().startswith(
        ("https://", "http://")
    ):
        raise ValueError(f"`url` must be an http(s) URL, got {url[:40]!r}")
    validate.optional_str("filename", filename)
    validate.optional_str("mime_type", mime_type)
    content = xai_api.FileContent(
        data=bytes(data) if data is not None else b"",
        url=url or "",
        filename=filename or "",
        mime_type=mime_type or "",
    )
    return xai_api.Content(file=content)


def _parts(args: tuple[Content, ...]) -> list[xai_api.Content]:
    parts = []
    for arg in args:
        if isinstance(arg, str):
            parts.append(text(arg))
        elif isinstance(arg, xai_api.Content):
            parts.append(arg)
        else:
            raise TypeError(
                f"Message parts must be strings or content from text()/image()/file(), "
                f"got {type(arg).__name__}"
            )
    return parts


def user(*args: Content) -> xai_api.Message:
    """A message from the user, made of strings and ``image``/``file`` parts."""
    return xai_api.Message(role=_ROLE.ROLE_USER, content=_parts(args))


def assistant(*args: Content) -> xai_api.Message:
    """A message from the assistant (e.g. to replay an earlier answer)."""
    return xai_api.Message(role=_ROLE.ROLE_ASSISTANT, content=_parts(args))


def system(*args: Content) -> xai_api.Message:
    """A system prompt."""
    return xai_api.Message(role=_ROLE.ROLE_SYSTEM, content=_parts(args))


def developer(*args: Content) -> xai_api.Message:
    """A developer message (models newer than grok-4.1; older ones treat it as system)."""
    return xai_api.Message(role=_ROLE.ROLE_DEVELOPER, content=_parts(args))


def tool_result(result: str, tool_call_id: str | None = None) -> xai_api.Message:
    """The result of a client-side tool call, to append after the model asked for it."""
    return xai_api.Message(
        role=_ROLE.ROLE_TOOL,
        content=[xai_api.Content(text=validate.text("result", result))],
        tool_call_id=validate.optional_str("tool_call_id", tool_call_id),
    )


def required_tool(name: str) -> xai_api.ToolChoice:
    """A tool choice that forces the model to call the tool ``name``."""
    if not validate.text("name", name):
        raise ValueError("`name` must name a tool, got an empty string")
    return xai_api.ToolChoice(function_name=name)
