"""Which models your API key can use: language, embedding and image generation models.

Lists each kind with what it takes in and gives out, then looks one model up by an alias: the
answer carries the model's full name, its context length and its prices (in the API's price
units: token prices per million tokens, image prices per image).

Run: ``XAI_API_KEY=... python examples/sync/models.py``
"""

from collections.abc import Iterable
from enum import Enum

from xai_sync import Client


def modalities(values: Iterable[Enum]) -> str:
    """``[Modality.TEXT, Modality.IMAGE]`` -> ``text+image``."""
    return "+".join(value.name.lower() for value in values)


def list_models(client: Client) -> None:
    print("Language models:")
    for model in client.models.list_language_models():
        aliases = ", ".join(model.aliases) or "no aliases"
        print(
            f"  {model.name} ({aliases}): {modalities(model.input_modalities)} -> "
            f"{modalities(model.output_modalities)}, up to {model.max_prompt_length:,} "
            "prompt tokens"
        )
    print("Embedding models:")
    for embedding_model in client.models.list_embedding_models():
        print(f"  {embedding_model.name}: {modalities(embedding_model.input_modalities)}")
    print("Image generation models:")
    for image_model in client.models.list_image_generation_models():
        print(f"  {image_model.name}: {image_model.image_price} per image")


def look_up_by_alias(client: Client, alias: str) -> None:
    model = client.models.get_language_model(alias)
    created = f"{model.created:%Y-%m-%d}" if model.created is not None else "unknown"
    print(f"{alias!r} is {model.name}, version {model.version}, created {created}")
    print(
        f"  prices: prompt {model.prompt_text_token_price}, cached prompt "
        f"{model.cached_prompt_token_price}, completion {model.completion_text_token_price}"
    )


def main() -> None:
    with Client() as client:
        list_models(client)
        look_up_by_alias(client, "grok-4")


if __name__ == "__main__":
    main()
