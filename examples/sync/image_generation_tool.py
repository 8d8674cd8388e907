"""Images inside a conversation: the server-side ``image_generation`` tool.

Unlike the image API, here the model itself decides to draw (or to edit a picture it drew
earlier) while answering. Each picture comes back in ``response.image_outputs``: its bytes,
MIME type and the tool call that made it. They are saved to a new temporary folder.

``draw`` asks for a picture; ``redraw`` continues that stored conversation
(``previous_response_id``) and asks for a change, which the model makes with an edit call.

Run: ``XAI_API_KEY=... python examples/sync/image_generation_tool.py``
"""

import tempfile
from pathlib import Path

from xai_sync import Client
from xai_sync.chat import Response, user
from xai_sync.tools import get_tool_call_type, image_generation

MODEL = "grok-4.20"


def save_images(response: Response, folder: Path, stem: str) -> None:
    for number, picture in enumerate(response.image_outputs, 1):
        extension = picture.mime_type.removeprefix("image/")
        path = folder / f"{stem}-{number}.{extension}"
        path.write_bytes(picture.image)
        print(f"Saved {len(picture.image)} bytes ({picture.mime_type}) to {path}")


def print_tool_calls(response: Response) -> None:
    for call in response.tool_calls:
        if get_tool_call_type(call) == "image_generation_tool":
            assert call.function is not None  # always set: the check is for type checkers
            # imagine_text_to_image draws, imagine_image_to_image edits
            print(f"Tool call: {call.function.name}({call.function.arguments})")


def draw(client: Client, folder: Path) -> str:
    """Ask for a picture; returns the response id, for a follow-up."""
    chat = client.chat.create(
        model=MODEL,
        tools=[image_generation()],  # the model may generate or edit ("auto")
        store_messages=True,  # keep the conversation server-side for `redraw`
    )
    chat.append(user("Draw a lighthouse on a rocky island at dawn, in watercolour."))
    response = chat.sample()

    print_tool_calls(response)
    print(f"Grok: {response.content}")
    save_images(response, folder, "lighthouse")
    print(f"Tools used: {response.server_side_tool_usage}")
    if response.cost_usd is not None:
        print(f"Cost: ${response.cost_usd:.4f}")
    return response.id


def redraw(client: Client, folder: Path, previous_response_id: str) -> None:
    chat = client.chat.create(
        model=MODEL,
        tools=[image_generation(action="edit")],  # only edits this time
        store_messages=True,
        previous_response_id=previous_response_id,  # the server replays the earlier turn
    )
    chat.append(user("Same picture, but at night with a full moon."))
    response = chat.sample()

    print_tool_calls(response)
    print(f"Grok: {response.content}")
    save_images(response, folder, "lighthouse-night")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="grok-images-"))
    with Client() as client:
        first = draw(client, folder)
        print()
        redraw(client, folder, first)


if __name__ == "__main__":
    main()
