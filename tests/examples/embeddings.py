"""Check of the embeddings example: the ranking it prints is the one the vectors give."""

from __future__ import annotations

import math
from pathlib import Path

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai, enum_name
from xai_async._core.fake.services.embeddings import key_of, vector_for


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / (math.hypot(*a) * math.hypot(*b))


def check_embeddings(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["ListEmbeddingModels", "Embed", "Embed"]
    texts, picture = requests(server, "Embed")
    assert texts.model == picture.model == "v1"
    assert "Embedding model: v1\n" in out

    # Notes ranked by closeness to the question, as the server's vectors say.
    question, *notes = (item.string for item in texts.input)
    assert question == "Who looks after the light?"
    assert enum_name("xai_api.EmbedEncodingFormat", texts.encoding_format) == "FORMAT_FLOAT"
    scores = [(_cosine(vector_for(f"text:{question}"), vector_for(f"text:{n}")), n) for n in notes]
    lines = [f"  {score:+.3f}  {note}" for score, note in sorted(scores, reverse=True)]
    assert f"Closest to {question!r}:\n" + "\n".join(lines) + "\n" in out
    assert "(4 texts embedded by v1)\n" in out

    # The picture, by URL, against two captions, the vectors sent as base64.
    assert [item.WhichOneof("input") for item in picture.input] == ["image_url", "string", "string"]
    assert picture.input[0].image_url.image_url.startswith("https://upload.wikimedia.org/")
    assert enum_name("xai_api.EmbedEncodingFormat", picture.encoding_format) == "FORMAT_BASE64"
    image, *captions = (vector_for(key_of(item)) for item in picture.input)
    best = max(picture.input[1:], key=lambda item: _cosine(image, vector_for(key_of(item))))
    assert f"Best caption for the picture: {best.string!r}\n" in out
    assert len(captions) == 2
    assert "(8 dimensions, 1 image embedded)\n" in out


CASES = [Example("embeddings", check_embeddings)]
