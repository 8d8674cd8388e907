"""Live search settings for ``chat.create(search_parameters=...)``.

As in ``xai_sdk.search``: ``SearchParameters`` and the ``web_source``/``news_source``/
``x_source``/``rss_source`` it searches. Shared by both packages: they only make messages.
"""

from xai_async._core.chat.search import (
    SearchMode,
    SearchParameters,
    news_source,
    rss_source,
    web_source,
    x_source,
)

__all__ = [
    "SearchMode",
    "SearchParameters",
    "news_source",
    "rss_source",
    "web_source",
    "x_source",
]
