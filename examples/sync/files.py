"""The Files API: upload (a path, bytes, a file object), list, read, download and delete files.

Uploads are streamed in 3 MiB chunks, so a big file is never held in memory; ``on_progress``
reports each chunk, to a function ``f(done, total)``, ``f(n)``, or anything with ``update(n)``
such as a ``tqdm`` bar. Downloads go to bytes (``content``) or straight to disk (``download``).
Everything this example uploads is deleted at the end.

Run: ``XAI_API_KEY=... python examples/sync/files.py``
"""

import io
import tempfile
from datetime import timedelta
from pathlib import Path

from xai_sync import Client

NOTES = b"""Packing list for the field trip
- rain jacket, two pairs of socks
- water bottle, lunch box
- notebook and pencil
"""
BIG_FILE_MIB = 7


class Dots:
    """A stand-in for a tqdm bar: prints a dot per MiB sent (tqdm's ``update(n)`` contract)."""

    def __init__(self) -> None:
        self.sent = 0

    def update(self, n: int) -> None:
        before, self.sent = self.sent, self.sent + n
        print("." * (self.sent // 2**20 - before // 2**20), end="", flush=True)


def make_files(folder: Path) -> tuple[Path, Path]:
    """A small text file and a bigger binary one, to upload from disk."""
    notes = folder / "packing-list.txt"
    notes.write_bytes(NOTES)
    big = folder / "measurements.bin"
    with big.open("wb") as out:
        for mib in range(BIG_FILE_MIB):
            out.write(bytes([mib]) * 2**20)
    return notes, big


def show_progress(done: int, total: int | None) -> None:
    print(f"  sent {done / 2**20:.1f} of {(total or 0) / 2**20:.1f} MiB")


def upload_in_every_way(client: Client, notes: Path, big: Path) -> list[str]:
    print("== Uploads")
    from_path = client.files.upload(str(notes))
    print(f"From a path: {from_path.filename} ({from_path.size} bytes), id {from_path.id}")
    print(f"  created at {from_path.created_at}")

    from_bytes = client.files.upload(
        b"Meet at the station at 8:15.", filename="reminder.txt", expires_after=timedelta(days=1)
    )
    print(f"From bytes: {from_bytes.filename}, expires at {from_bytes.expires_at}")

    with notes.open("rb") as opened:  # the name comes from the open file
        from_file = client.files.upload(opened)
    print(f"From an open file: {from_file.filename}")
    from_memory = client.files.upload(io.BytesIO(NOTES.upper()), filename="shouting.txt")
    print(f"From a BytesIO: {from_memory.filename} ({from_memory.size} bytes)")

    print(f"A {BIG_FILE_MIB} MiB file, with a progress function:")
    big_file = client.files.upload(str(big), on_progress=show_progress)
    print("The same with a progress bar: ", end="")
    again = client.files.upload(str(big), filename="measurements-2.bin", on_progress=Dots())
    print(f" done ({again.size} bytes)")
    return [f.id for f in (from_path, from_bytes, from_file, from_memory, big_file, again)]


def list_files(client: Client, ours: list[str]) -> None:
    print("\n== Listing")
    page = client.files.list(limit=3, order="desc", sort_by="created_at")
    print(f"Newest {len(page.data)} files:")
    for file in page.data:
        print(f"  {file.filename} ({file.size} bytes)")
    if page.pagination_token:
        print("More pages follow; list(pagination_token=...) fetches the next one.")
    # list_all() walks every page for you, asking the server for one page at a time.
    names = [f.filename for f in client.files.list_all(page_size=2) if f.id in ours]
    print(f"This run's files, by name: {', '.join(sorted(names))}")


def read_back(client: Client, file_id: str, folder: Path) -> None:
    print("\n== Reading")
    file = client.files.get(file_id)
    print(f"Metadata: {file.filename}, {file.size} bytes")
    content = client.files.content(file_id)
    print(f"Content starts with: {content.decode().splitlines()[0]!r}")
    target = folder / "downloaded.txt"
    written = client.files.download(file_id, str(target))  # streamed to disk
    print(f"Downloaded {written} bytes to {target}")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="xai-files-"))
    notes, big = make_files(folder)
    with Client() as client:
        ours = upload_in_every_way(client, notes, big)
        list_files(client, ours)
        read_back(client, ours[0], folder)
        print("\n== Cleaning up")
        for file_id in ours:
            deleted = client.files.delete(file_id)
            print(f"Deleted {deleted.id}: {deleted.deleted}")


if __name__ == "__main__":
    main()
