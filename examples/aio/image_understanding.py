"""Show Grok pictures: a message can mix text with images, by URL or inline as base64.

``image(url, detail=...)`` adds a picture to a message; ``"high"`` detail lets the model see
small features. A local picture goes inline as a ``data:`` URL. ``usage.prompt_image_tokens``
says what the pictures cost.

Run: ``XAI_API_KEY=... python examples/aio/image_understanding.py``
"""

import asyncio
import base64

from xai_async import AsyncClient
from xai_async.chat import image, user

MODEL = "grok-4"
MOUNTAINS = [
    "https://upload.wikimedia.org/wikipedia/commons/6/60/Matterhorn_from_Domh%C3%BCtte_-_2.jpg",
    "https://upload.wikimedia.org/wikipedia/commons/e/e7/Everest_North_Face_toward_Base_Camp_Tibet_Luca_Galuzzi_2006.jpg",
]
#: A 2x1 PNG (one red pixel, one blue): a stand-in for a picture read from disk.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg=="
)


async def compare_pictures(client: AsyncClient) -> None:
    chat = client.chat.create(model=MODEL)
    chat.append(
        user(
            "Which of these two mountains is higher, and how can you tell them apart?",
            image(MOUNTAINS[0], detail="high"),
            image(MOUNTAINS[1], detail="high"),
        )
    )
    response = await chat.sample()
    print(f"Grok: {response.content}")
    print(f"Image tokens: {response.usage.prompt_image_tokens}")


async def describe_local_picture(client: AsyncClient, png: bytes) -> None:
    chat = client.chat.create(model=MODEL)
    data_url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    chat.append(user("What colours do you see?", image(data_url, detail="low")))
    response = await chat.sample()
    print(f"Grok: {response.content}")
    print(f"Image tokens: {response.usage.prompt_image_tokens}")


async def main() -> None:
    async with AsyncClient() as client:
        await compare_pictures(client)
        await describe_local_picture(client, TINY_PNG)


if __name__ == "__main__":
    asyncio.run(main())
