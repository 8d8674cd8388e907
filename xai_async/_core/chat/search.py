"""Live search settings: ``SearchParameters`` and the sources it searches.

``chat.create(search_parameters=SearchParameters(sources=[web_source(), x_source()]))``. Every
value is checked when the object is made (and again when it becomes a message, since the
dataclass stays mutable), so a mistake fails where it is written, before anything is sent.

The checks shared with the server-side tools (lists of names, dates) live here too.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import betterproto2

from xai_async._core import enums, validate
from xai_async._core.types import SearchMode
from xai_async.proto import xai_api

__all__ = [
    "SearchMode",
    "SearchParameters",
    "news_source",
    "rss_source",
    "web_source",
    "x_source",
]

#: The most websites a web or news source may allow or exclude (the official docs' limit).
MAX_WEBSITES = 5


@dataclass
class SearchParameters:
    """How the model searches live data: which sources, when, over which dates.

    Pass it as ``chat.create(search_parameters=...)``. With no ``sources`` the server searches
    the web and X.

    Attributes:
        sources: Where to search: made with ``web_source()``, ``news_source()``,
            ``x_source()`` or ``rss_source()``.
        mode: ``"auto"`` (the model decides; the default), ``"on"`` (always search) or
            ``"off"`` (never).
        from_date: Only content from this moment on (a naive datetime is taken as UTC).
        to_date: Only content up to this moment (a naive datetime is taken as UTC).
        return_citations: Return the URLs of the sources used (default ``True``).
        max_search_results: The most search results the model considers (server default
            when ``None``).

    Raises:
        TypeError: A field has the wrong type (the message names it).
        ValueError: A field has a bad value, or ``from_date`` is after ``to_date``.
    """

    sources: Sequence[xai_api.Source] | None = None
    mode: SearchMode = "auto"
    from_date: datetime.datetime | None = None
    to_date: datetime.datetime | None = None
    return_citations: bool = True
    max_search_results: int | None = None

    def __post_init__(self) -> None:
        if self.sources is not None and not isinstance(self.sources, Sequence):
            # A generator would be used up by the check below and send no sources later.
            self.sources = validate.sequence_of("sources", self.sources, xai_api.Source)
        self.to_proto()  # check now: the mistake is on this line, not at chat.create

    def to_proto(self) -> xai_api.SearchParameters:
        """The ``SearchParameters`` message that ``chat.create`` sends.

        Raises:
            TypeError: A field has the wrong type (the message names it).
            ValueError: A field has a bad value, or ``from_date`` is after ``to_date``.
        """
        sources = validate.sequence_of("sources", self.sources, xai_api.Source)
        for position, source in enumerate(sources):
            if betterproto2.which_one_of(source, "source")[0] == "":
                raise ValueError(
                    f"`sources` item {position} is an empty Source; make sources with "
                    "web_source(), news_source(), x_source() or rss_source()"
                )
        from_date, to_date = validate.date_range(self.from_date, self.to_date)
        return xai_api.SearchParameters(
            mode=validate.choose("mode", self.mode, enums.SEARCH_MODE),
            sources=sources,
            from_date=from_date,
            to_date=to_date,
            return_citations=validate.flag("return_citations", self.return_citations),
            max_search_results=validate.optional_int(
                "max_search_results", self.max_search_results, minimum=1
            ),
        )


def web_source(
    country: str | None = None,
    excluded_websites: Sequence[str] | None = None,
    allowed_websites: Sequence[str] | None = None,
    *,
    safe_search: bool = True,
) -> xai_api.Source:
    """A web search source for ``SearchParameters(sources=[...])``.

    Args:
        country: Favour results from this country (an ISO code such as ``"US"``).
        excluded_websites: At most 5 domains to leave out (``"example.com"``, no scheme).
        allowed_websites: At most 5 domains to search exclusively (no scheme); fewer
            results may come back when they hold little. Not with ``excluded_websites``.
        safe_search: Filter out unsafe content (default ``True``).

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: Too many websites, a URL instead of a domain, an empty string, or
            both ``excluded_websites`` and ``allowed_websites``.
    """
    excluded = validate.text_list(
        "excluded_websites", excluded_websites, most=MAX_WEBSITES, domains=True
    )
    allowed = validate.text_list(
        "allowed_websites", allowed_websites, most=MAX_WEBSITES, domains=True
    )
    validate.exclusive("excluded_websites", excluded, "allowed_websites", allowed)
    return xai_api.Source(
        web=xai_api.WebSource(
            country=validate.optional_name("country", country),
            excluded_websites=excluded,
            allowed_websites=allowed,
            safe_search=validate.flag("safe_search", safe_search),
        )
    )


def news_source(
    country: str | None = None,
    excluded_websites: Sequence[str] | None = None,
    *,
    safe_search: bool = True,
) -> xai_api.Source:
    """A news search source for ``SearchParameters(sources=[...])``.

    Args:
        country: Favour news from this country (an ISO code such as ``"US"``).
        excluded_websites: At most 5 domains to leave out (``"example.com"``, no scheme).
        safe_search: Filter out unsafe content (default ``True``).

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: Too many websites, a URL instead of a domain, or an empty string.
    """
    return xai_api.Source(
        news=xai_api.NewsSource(
            country=validate.optional_name("country", country),
            excluded_websites=validate.text_list(
                "excluded_websites", excluded_websites, most=MAX_WEBSITES, domains=True
            ),
            safe_search=validate.flag("safe_search", safe_search),
        )
    )


def x_source(
    included_x_handles: Sequence[str] | None = None,
    excluded_x_handles: Sequence[str] | None = None,
    post_favorite_count: int | None = None,
    post_view_count: int | None = None,
) -> xai_api.Source:
    """An X (Twitter) search source for ``SearchParameters(sources=[...])``.

    Args:
        included_x_handles: Only posts by these accounts (handles without ``@``).
        excluded_x_handles: No posts by these accounts (handles without ``@``).
        post_favorite_count: Only posts with at least this many favourites.
        post_view_count: Only posts with at least this many views.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: A handle starting with ``@`` or empty, or a negative count.
    """
    return xai_api.Source(
        x=xai_api.XSource(
            included_x_handles=validate.text_list(
                "included_x_handles", included_x_handles, handles=True
            ),
            excluded_x_handles=validate.text_list(
                "excluded_x_handles", excluded_x_handles, handles=True
            ),
            post_favorite_count=validate.optional_int("post_favorite_count", post_favorite_count),
            post_view_count=validate.optional_int("post_view_count", post_view_count),
        )
    )


def rss_source(links: Sequence[str]) -> xai_api.Source:
    """An RSS feed source for ``SearchParameters(sources=[...])``.

    Args:
        links: The feeds' http(s) URLs (at least one).

    Raises:
        TypeError: ``links`` is not a sequence of strings.
        ValueError: No link, or one that is not an http(s) URL.
    """
    if links is None:
        raise TypeError("`links` must be a sequence of str, got None")
    urls = validate.text_list("links", links)
    if not urls:
        raise ValueError("`links` must hold at least one feed URL")
    for position, url in enumerate(urls):
        if not url.lower().startswith(("https://", "http://")):
            raise ValueError(f"`links` item {position} must be an http(s) URL, got {url[:40]!r}")
    return xai_api.Source(rss=xai_api.RssSource(links=urls))
