"""Pictures in a collection: search text descriptions, then show Grok the matching picture.

Collections index text. To find pictures, store a description of each one as a document and
keep where the picture is in a metadata field; a search finds the description, the field
leads back to the picture, and a chat message carries it to the model.

Run: ``XAI_API_KEY=... XAI_MANAGEMENT_KEY=... python examples/sync/collections_multimodal.py``
"""

import base64
import datetime
import struct
import tempfile
import zlib
from pathlib import Path

from xai_sync import Client
from xai_sync.chat import image, user

MODEL = "grok-4.20-non-reasoning"


def red_square_png(size: int = 8) -> bytes:
    """A small all-red PNG, made by hand: a stand-in for a product photo on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xff\x00\x00" * size  # filter byte, then RGB pixels
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def as_data_url(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="xai-catalog-"))
    picture = folder / "widget.png"
    picture.write_bytes(red_square_png())

    with Client() as client:
        catalog = client.collections.create(
            name="product-catalog",
            model_name="grok-embedding-small",
            field_definitions=[
                {"key": "image_path", "required": True, "description": "The product photo"},
                {"key": "sku", "unique": True},
            ],
            description="Product descriptions, each pointing at its photo.",
        )
        document = client.collections.upload_document(
            catalog.collection_id,
            name="widget-a.txt",
            data=b"Red widget, 12 cm, glossy finish with chrome trim.",
            fields={"image_path": str(picture), "sku": "W-001"},
            wait_for_indexing=True,
            poll_interval=datetime.timedelta(seconds=1),
        )
        print(f"Indexed {document.fields['sku']}: {document.status.name}")

        results = client.collections.search(
            query="glossy red widget", collection_ids=[catalog.collection_id], limit=3
        )
        if not results.matches:
            print("No match.")
        else:
            best = results.matches[0]
            # The fields are on the document, not on the match: fetch them.
            found = client.collections.batch_get_documents(catalog.collection_id, [best.file_id])
            fields = found.documents[0].fields
            print(f"Best match (score {best.score:.3f}): {best.chunk_content}")
            print(f"Its picture: {Path(fields['image_path']).name}")

            chat = client.chat.create(model=MODEL)
            chat.append(
                user(
                    f"From our catalog: {best.chunk_content}\nDescribe this product briefly.",
                    image(as_data_url(Path(fields["image_path"]))),
                )
            )
            response = chat.sample()
            print(f"Grok: {response.content}")

        client.collections.delete(catalog.collection_id)
        assert document.file_metadata is not None
        client.files.delete(document.file_metadata.file_id)
        print("Deleted the collection and its file")


if __name__ == "__main__":
    main()
