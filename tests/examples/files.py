"""Checks of the Files API examples: each one's output and what the server received."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai, enum_name

MIB = 1 << 20
NOTES = b"""Packing list for the field trip
- rain jacket, two pairs of socks
- water bottle, lunch box
- notebook and pencil
"""


def files_of(server: FakeXai) -> Any:
    return server.servicer("xai_api.Files")


def check_files(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == [
        *["UploadFile"] * 6,
        *["ListFiles"] * 4,  # one page, then list_all's three pages of two
        "RetrieveFile",
        "RetrieveFileContent",  # content()
        "RetrieveFileContent",  # download()
        *["DeleteFile"] * 6,
    ]
    # The uploads: a path, bytes with an expiry, an open file, a BytesIO, the big one twice.
    uploads = files_of(server).received
    assert [upload.init.name for upload in uploads] == [
        "packing-list.txt",
        "reminder.txt",
        "packing-list.txt",
        "shouting.txt",
        "measurements.bin",
        "measurements-2.bin",
    ]
    expiries = [u.init.expires_after if u.init.HasField("expires_after") else None for u in uploads]
    assert expiries == [None, 24 * 3600, None, None, None, None]
    assert [upload.chunks for upload in uploads[4:]] == [[3 * MIB, 3 * MIB, MIB]] * 2
    big = b"".join(bytes([mib]) * MIB for mib in range(7))
    assert server.uploads == [
        NOTES,
        b"Meet at the station at 8:15.",
        NOTES,
        NOTES.upper(),
        big,
        big,
    ]
    assert "  sent 3.0 of 7.0 MiB\n  sent 6.0 of 7.0 MiB\n  sent 7.0 of 7.0 MiB\n" in out
    assert "The same with a progress bar: ....... done (7340032 bytes)\n" in out
    assert "From bytes: reminder.txt, expires at 2023-11-15 22:13:21+00:00\n" in out

    listing, *pages = requests(server, "ListFiles")
    assert listing.limit == 3
    assert enum_name("xai_api.Ordering", listing.order) == "DESCENDING"
    assert listing.HasField("sort_by")
    assert enum_name("xai_api.FilesSortBy", listing.sort_by) == "FILES_SORT_BY_CREATED_AT"
    assert [page.limit for page in pages] == [2, 2, 2]
    assert [page.HasField("pagination_token") for page in pages] == [False, True, True]
    assert "  measurements-2.bin (7340032 bytes)\n  measurements.bin (7340032 bytes)\n" in out
    assert (
        "This run's files, by name: measurements-2.bin, measurements.bin, packing-list.txt, "
        "packing-list.txt, reminder.txt, shouting.txt\n"
    ) in out

    assert [r.file_id for r in requests(server, "RetrieveFile", "RetrieveFileContent")] == [
        "file-1"
    ] * 3
    assert "Content starts with: 'Packing list for the field trip'\n" in out
    (folder,) = tmp.glob("xai-files-*")
    downloaded = folder / "downloaded.txt"
    assert downloaded.read_bytes() == NOTES
    assert f"Downloaded {len(NOTES)} bytes to {downloaded}\n" in out

    deleted = [r.file_id for r in requests(server, "DeleteFile")]
    assert deleted == [f"file-{n}" for n in range(1, 7)]
    assert files_of(server).store.files == {}
    assert out.count(": True\n") == 6


def check_files_chat(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["UploadFile", "GetCompletionChunk", "DeleteFile"]
    (upload,) = files_of(server).received
    assert upload.init.name == "bakery-sales.txt"
    assert server.uploads[0].startswith(b"Bakery sales, spring quarter\n")
    (chat,) = requests(server, "GetCompletionChunk")
    assert chat.model == "grok-4-fast"
    (message,) = chat.messages
    kinds = [part.WhichOneof("content") for part in message.content]
    assert kinds == ["text", "file"]
    assert message.content[1].file.file_id == "file-1"
    assert not message.content[1].file.data  # the id travels, not the bytes
    assert requests(server, "DeleteFile")[0].file_id == "file-1"
    assert "Uploaded bakery-sales.txt as file-1\n" in out
    assert "Grok: Ahoy! You said: What are the three main takeaways of this report?" in out
    assert "Tokens used: " in out
    assert out.endswith("Deleted file-1\n")


CASES = [
    Example("files", check_files),
    Example("files_chat", check_files_chat),
]
