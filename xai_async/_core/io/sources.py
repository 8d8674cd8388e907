"""What the chunked file readers accept, checked before any I/O: shared by both halves."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import IO, Any

from xai_async._core.validate import required_int

__all__ = ["DEFAULT_CHUNK_SIZE", "ChunkedReader", "FileSource", "describe", "text_mode"]

#: Upload chunk size (the official SDK sends 3 MiB chunks).
DEFAULT_CHUNK_SIZE = 3 << 20


@dataclass(frozen=True)
class FileSource:
    """One of: in-memory bytes, a path to open, or a binary file object the caller owns.

    Attributes:
        name: A file name for the upload (the path's or the file object's base name), if any.
        size: Total bytes, where known before reading (bytes, a path, a seekable file).
    """

    name: str | None
    size: int | None
    data: memoryview | None = None
    path: str | None = None
    file: IO[bytes] | None = None


def describe(source: object, argument: str = "file") -> FileSource:
    """Check ``source`` (``bytes``, a path, or a binary file object opened for reading).

    Raises:
        TypeError: ``source`` is none of those (a text-mode file included).
        FileNotFoundError: The path does not name a readable file.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = memoryview(source).cast("B")
        return FileSource(None, data.nbytes, data=data)
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not isinstance(path, str):
            raise TypeError(f"`{argument}` must be a str path, got a bytes path")
        if not os.path.isfile(path):
            raise FileNotFoundError(f"`{argument}`: no such file: {path!r}")
        return FileSource(os.path.basename(path), os.path.getsize(path), path=path)
    read = getattr(source, "read", None)
    if not callable(read):
        raise TypeError(
            f"`{argument}` must be bytes, a path or a binary file object, "
            f"got {type(source).__name__}"
        )
    if text_mode(source):
        raise TypeError(f"`{argument}` must be opened in binary mode ('rb'), not text mode")
    name = getattr(source, "name", None)
    return FileSource(
        os.path.basename(name) if isinstance(name, str) else None,
        _remaining(source),
        file=source,  # type: ignore[arg-type]
    )


def _remaining(file: Any) -> int | None:
    try:
        if not file.seekable():
            return None
        here = file.tell()
        end = file.seek(0, os.SEEK_END)
        file.seek(here)
        return int(end - here)
    except (AttributeError, OSError, ValueError):
        return None


class ChunkedReader:
    """What both file readers share: the checked source, its name and size, in-memory bytes.

    Each twin adds only the reading of a file.

    Attributes:
        name: The file's base name, if it has one.
        size: The bytes left to read, where known in advance.
    """

    def __init__(self, source: object, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        self._source = describe(source)
        self._chunk_size = required_int("chunk_size", chunk_size, minimum=1)
        self.name = self._source.name
        self.size = self._source.size
        self._offset = 0
        self._opened: IO[bytes] | None = None  # a file the reader opened (and closes)
        self._done = False

    def _in_memory(self) -> bytes | None:
        """The next chunk of in-memory bytes, or ``None`` if the source is a file."""
        data = self._source.data
        if data is None:
            return None
        start, self._offset = self._offset, self._offset + self._chunk_size
        return bytes(data[start : self._offset])

    def _take_opened(self) -> IO[bytes] | None:
        """Stop reading; the file to close, if the reader opened one."""
        self._done = True
        opened, self._opened = self._opened, None
        return opened


def text_mode(file: object) -> bool:
    """Whether a file object reads or writes ``str``: a text file, or a ``mode`` without "b".

    Binary files without a ``str`` mode (a ``zipfile`` member, a ``GzipFile``) are not.
    """
    if isinstance(file, io.TextIOBase):
        return True
    if isinstance(file, (io.RawIOBase, io.BufferedIOBase)):
        return False
    mode = getattr(file, "mode", "b")
    return isinstance(mode, str) and "b" not in mode
