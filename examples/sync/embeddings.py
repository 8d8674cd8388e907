"""Semantic search with embeddings: rank texts by meaning, and match a picture to captions.

Not in the official SDK. The first embedding model your key can use (from
``client.models.list_embedding_models()``) turns a question and a few notes into vectors;
cosine similarity ranks the notes by closeness to the question. Then a picture, given by URL
with ``image_input``, is compared with two captions; those vectors travel as base64
(``encoding_format="base64"``), smaller on the wire, and arrive as floats all the same.

Run: ``XAI_API_KEY=... python examples/sync/embeddings.py``
"""

import math
from collections.abc import Sequence

from xai_sync import Client
from xai_sync.embeddings import image_input

NOTES = [
    "The keeper trims the lamp's wick every evening at dusk.",
    "Fishing boats come back into the harbour before a storm.",
    "Lemon cake needs two eggs, butter, sugar and poppy seeds.",
]
QUESTION = "Who looks after the light?"
PICTURE = "https://upload.wikimedia.org/wikipedia/commons/2/23/Phare_du_Petit_Minou.jpg"
CAPTIONS = ["A lighthouse on a rocky shore", "A plate of lemon cake"]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """How alike two vectors point: 1 the same way, 0 unrelated, -1 opposite."""
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.hypot(*a) * math.hypot(*b))


def rank_notes(client: Client, model: str) -> None:
    response = client.embeddings.embed([QUESTION, *NOTES], model=model)
    question, *notes = response.vectors  # vectors[i] embeds input i
    scores = [cosine(question, note) for note in notes]
    print(f"Closest to {QUESTION!r}:")
    for score, note in sorted(zip(scores, NOTES, strict=True), reverse=True):
        print(f"  {score:+.3f}  {note}")
    print(f"({response.usage.num_text_embeddings} texts embedded by {response.model})")


def match_picture(client: Client, model: str) -> None:
    response = client.embeddings.embed(
        [image_input(PICTURE), *CAPTIONS], model=model, encoding_format="base64"
    )
    picture, *captions = response.vectors
    best = max(range(len(CAPTIONS)), key=lambda i: cosine(picture, captions[i]))
    print(f"Best caption for the picture: {CAPTIONS[best]!r}")
    print(f"({len(picture)} dimensions, {response.usage.num_image_embeddings} image embedded)")


def main() -> None:
    with Client() as client:
        model = client.models.list_embedding_models()[0].name
        print(f"Embedding model: {model}")
        rank_notes(client, model)
        match_picture(client, model)


if __name__ == "__main__":
    main()
