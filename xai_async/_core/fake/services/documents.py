"""``xai_api.Documents``: search over the documents of the fake collections (the API host).

``Search`` reads the collections of ``collections.Collections`` (documents whose indexing
failed are left out) and cuts each document into chunks by paragraph. A chunk's score depends
on the retrieval mode: ``keyword`` is the share of the query's words found in it, ``semantic``
the cosine similarity of the word counts of chunk and query, ``hybrid`` (the default) their
mean. Chunks that share no word with the query never match; the best ``limit`` (10 if unset)
come back, best first. Each search is recorded in ``searches`` as ``(query, mode)``. An unknown
collection is NOT_FOUND; an empty query or no collection is INVALID_ARGUMENT.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import grpc

from ..server import Servicer, message_class
from .collections import chunk_text, searchable

DEFAULT_LIMIT = 10


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``."""
    return re.findall(r"[a-z0-9]+", text.lower())


def score(mode: str, query: list[str], chunk: list[str]) -> float:
    """How well ``chunk`` matches ``query`` (both as words) in a retrieval ``mode``."""
    wanted = set(query)
    keyword = len(wanted & set(chunk)) / len(wanted) if wanted else 0.0
    if mode == "keyword":
        return keyword
    left, right = Counter(query), Counter(chunk)
    dot = sum(count * right[word] for word, count in left.items())
    norms = math.sqrt(sum(c * c for c in left.values())) * math.sqrt(
        sum(c * c for c in right.values())
    )
    semantic = dot / norms if norms else 0.0
    return semantic if mode == "semantic" else (keyword + semantic) / 2


class DocumentsServicer(Servicer):
    """The Documents service.

    Attributes:
        searches: ``(query, retrieval mode)`` of every search, in order.
    """

    service = "xai_api.Documents"

    def __init__(self, server: Any) -> None:
        super().__init__(server)
        self.searches: list[tuple[str, str]] = []

    def Search(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("Search", request, context)
        if not request.query.strip():
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "query is empty")
        ids = list(request.source.collection_ids)
        if not ids:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no collection to search")
        limit = request.limit if request.HasField("limit") else DEFAULT_LIMIT
        if limit <= 0:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "limit must be positive")
        mode = (request.WhichOneof("retrieval_mode") or "hybrid_retrieval").removesuffix(
            "_retrieval"
        )
        self.searches.append((request.query, mode))
        collections = self.server.servicer("collections.Collections")
        found: dict[tuple[str, int], tuple[float, str, list[str]]] = {}
        query = words(request.query)
        for collection_id in ids:
            documents = searchable(collections, collection_id)
            if documents is None:
                context.abort(grpc.StatusCode.NOT_FOUND, f"Collection {collection_id!r} not found.")
            for file_id, text in documents:
                for number, chunk in enumerate(chunk_text(text)):
                    value = score(mode, query, words(chunk))
                    if value <= 0:
                        continue
                    _, _, where = found.setdefault((file_id, number), (value, chunk, []))
                    where.append(collection_id)
        ranked = sorted(found.items(), key=lambda item: (-item[1][0], item[0]))
        response = message_class("xai_api.SearchResponse")()
        for (file_id, number), (value, chunk, where) in ranked[:limit]:
            response.matches.add(
                file_id=file_id,
                chunk_id=f"{file_id}-chunk-{number}",
                chunk_content=chunk,
                score=value,
                collection_ids=where,
            )
        return response
