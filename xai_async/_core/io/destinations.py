"""Where the chunked file writers put bytes, checked before any I/O: shared by both halves.

A path is written through a temporary file beside it, moved into place only when everything
arrived: a download that fails midway leaves neither a partial file nor a damaged old one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from typing import IO, Any

from xai_async._core.io.sources import text_mode

__all__ = ["ChunkedWriter", "FileTarget", "describe_target"]


@dataclass(frozen=True)
class FileTarget:
    """One of: a path to (re)write, or a binary file object the caller owns."""

    path: str | None = None
    file: IO[bytes] | None = None


def describe_target(target: object, argument: str = "destination") -> FileTarget:
    """Check ``target`` (a path in an existing folder, or a binary file open for writing).

    Raises:
        TypeError: ``target`` is neither (a text-mode file included).
        FileNotFoundError: The path's folder does not exist.
        IsADirectoryError: The path names a folder.
    """
    if isinstance(target, (str, os.PathLike)):
        path = os.fspath(target)
        if not isinstance(path, str):
            raise TypeError(f"`{argument}` must be a str path, got a bytes path")
        if os.path.isdir(path):
            raise IsADirectoryError(f"`{argument}` is a folder, not a file: {path!r}")
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise FileNotFoundError(f"`{argument}`: no such folder: {folder!r}")
        return FileTarget(path=path)
    write = getattr(target, "write", None)
    if not callable(write):
        raise TypeError(
            f"`{argument}` must be a path or a binary file object open for writing, "
            f"got {type(target).__name__}"
        )
    if text_mode(target):
        raise TypeError(f"`{argument}` must be opened in binary mode ('wb'), not text mode")
    return FileTarget(file=target)  # type: ignore[arg-type]


class ChunkedWriter:
    """What both file writers share: the checked target and the blocking work.

    Each twin decides only where that work runs (a worker thread, or the caller's).

    Attributes:
        written: The bytes written so far.
    """

    def __init__(self, destination: object) -> None:
        self._target = describe_target(destination)
        self.written = 0
        self._opened: IO[bytes] | None = None  # the temporary file beside a path
        self._temporary: str | None = None
        self._done = False

    def _write(self, data: bytes) -> None:
        """Write ``data`` (blocking)."""
        if self._done:
            raise ValueError("This writer is closed.")
        file = self._target.file
        if file is None:
            if self._opened is None:
                self._opened = self._open_temporary()
            file = self._opened
        view = memoryview(data)
        while view:  # a raw file may take less than it is given
            taken: Any = file.write(view)
            view = view[len(view) if taken is None else taken :]
        self.written += len(data)

    def _open_temporary(self) -> IO[bytes]:
        path = os.path.abspath(str(self._target.path))
        folder, name = os.path.split(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            candidate = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part")
            try:
                descriptor = os.open(candidate, flags, 0o666)  # the umask applies, as open()
            except FileExistsError:
                continue
            self._temporary = candidate
            return os.fdopen(descriptor, "wb")

    def _finish(self, keep: bool) -> None:
        """Stop writing (blocking): put the file in place if ``keep``, else remove it.

        A file object is the caller's: it is flushed, never closed.
        """
        if self._done:
            return
        self._done = True
        opened, self._opened = self._opened, None
        temporary, self._temporary = self._temporary, None
        if not keep:
            if opened is not None:
                with contextlib.suppress(OSError):
                    opened.close()
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return
        file, path = self._target.file, self._target.path
        if file is not None:
            flush = getattr(file, "flush", None)
            if callable(flush):
                flush()
            return
        if opened is None:  # nothing arrived: an empty file
            opened = self._open_temporary()
            temporary, self._temporary = self._temporary, None
        try:
            opened.close()
            os.replace(str(temporary), str(path))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(str(temporary))
            raise
