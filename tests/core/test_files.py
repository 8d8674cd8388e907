"""The files logic without a server: tables, argument checks, progress adapters, the writers."""

from __future__ import annotations

import functools
import io
import os
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any, get_args

import anyio
import pytest

from xai_async._core import files
from xai_async._core.io.async_primitives import AsyncFileWriter
from xai_async._core.io.primitives import FileWriter
from xai_async.proto import xai_api


def test_tables_list_exactly_the_official_choices() -> None:
    assert set(get_args(files.Order)) == set(files.ORDER)
    assert set(get_args(files.SortBy)) == set(files.SORT_BY)
    assert files.ORDER["desc"] is xai_api.Ordering.DESCENDING
    assert files.SORT_BY["created_at"] is xai_api.FilesSortBy.CREATED_AT
    assert files.SORT_BY["size"] is xai_api.FilesSortBy.SIZE


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(None, None), (60, 60), (timedelta(hours=2), 7200), (timedelta(seconds=1.9), 1)],
)
def test_expiries_become_whole_seconds(value: Any, seconds: int | None) -> None:
    assert files.expires_seconds(value) == seconds


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (0, ValueError),
        (-1, ValueError),
        (timedelta(milliseconds=500), ValueError),
        (True, TypeError),
        (1.0, TypeError),
        ("60", TypeError),
        (2**63, ValueError),
    ],
)
def test_bad_expiries_are_refused(value: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="`expires_after`"):
        files.expires_seconds(value)


def test_the_upload_name_comes_from_the_argument_first() -> None:
    assert files.upload_name("from-path.txt", None) == "from-path.txt"
    assert files.upload_name("from-path.txt", "given.txt") == "given.txt"
    assert files.upload_name(None, "given.txt") == "given.txt"
    with pytest.raises(ValueError, match="`filename` is required"):
        files.upload_name(None, None)


def test_list_requests_leave_unset_arguments_to_the_server() -> None:
    request = files.list_request(
        limit=None, order=None, sort_by=None, pagination_token=None, filter=None
    )
    assert request == xai_api.ListFilesRequest()
    assert request.sort_by is None
    assert request.filter is None
    full = files.list_request(
        limit=5, order="asc", sort_by="filename", pagination_token="t", filter='name = "a"'
    )
    assert full == xai_api.ListFilesRequest(
        limit=5,
        order=xai_api.Ordering.ASCENDING,
        sort_by=xai_api.FilesSortBy.FILENAME,
        pagination_token="t",
        filter='name = "a"',
    )
    assert (
        files.list_request(limit=None, order=None, sort_by=None, pagination_token="", filter="")
        == xai_api.ListFilesRequest()
    )  # empty strings are as good as unset


# -- progress ----------------------------------------------------------------------------------


class Bar:
    def __init__(self) -> None:
        self.updates: list[int] = []

    def update(self, n: int = 1) -> None:
        self.updates.append(n)


def two(done: int, total: int | None) -> None:
    calls.append(("two", done, total))


def one(n: int) -> None:
    calls.append(("one", n))


calls: list[tuple[Any, ...]] = []


@pytest.mark.parametrize(
    ("callback", "expected"),
    [
        (two, ("two", 30, 100)),
        (one, ("one", 10)),
        (lambda done, total=None: calls.append(("default", done, total)), ("default", 30, 100)),
        (lambda *args: calls.append(("star", *args)), ("star", 30, 100)),
        (functools.partial(lambda tag, n: calls.append((tag, n)), "partial"), ("partial", 10)),
    ],
)
def test_callables_are_told_what_they_take(callback: Any, expected: tuple[Any, ...]) -> None:
    calls.clear()
    report = files.progress_reporter(callback)
    assert report is not None
    report(10, 30, 100)
    assert calls == [expected]


def test_progress_bars_are_updated_with_each_chunk() -> None:
    bar = Bar()
    for callback in (bar, bar.update):
        report = files.progress_reporter(callback)
        assert report is not None
        report(10, 30, 100)
        report(5, 35, 100)
    assert bar.updates == [10, 5, 10, 5]
    assert files.progress_reporter(None) is None


@pytest.mark.parametrize(
    ("callback", "match"),
    [
        (42, "got int"),
        ("print", "got str"),
        (lambda a, b, c: None, "neither one nor two"),
        (lambda: None, "neither one nor two"),
        (lambda *, n: None, "neither one nor two"),
    ],
)
def test_anything_else_is_a_type_error_up_front(callback: Any, match: str) -> None:
    with pytest.raises(TypeError, match=f"`on_progress` must be .*{match}"):
        files.progress_reporter(callback)


# -- the writers -------------------------------------------------------------------------------


def test_a_path_is_written_beside_and_moved_into_place(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    writer = FileWriter(target)
    writer.write(b"new ")
    assert target.read_bytes() == b"old"  # untouched until the end
    assert len(list(tmp_path.iterdir())) == 2  # the temporary beside it
    writer.write(b"content")
    writer.close()
    writer.close()  # idempotent
    assert target.read_bytes() == b"new content"
    assert [path.name for path in tmp_path.iterdir()] == ["out.bin"]
    assert writer.written == 11
    with pytest.raises(ValueError, match="closed"):
        writer.write(b"more")


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    with FileWriter(tmp_path / "a.bin") as writer:
        writer.write(b"a")
    with open(tmp_path / "b.bin", "wb") as plain:
        plain.write(b"b")
    mode = stat.S_IMODE(os.stat(tmp_path / "a.bin").st_mode)
    assert mode == stat.S_IMODE(os.stat(tmp_path / "b.bin").st_mode)


def test_an_error_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "kept.bin"
    target.write_bytes(b"kept")
    with pytest.raises(RuntimeError), FileWriter(target) as writer:  # noqa: PT012
        writer.write(b"half")
        raise RuntimeError("download broke")
    assert target.read_bytes() == b"kept"
    assert [path.name for path in tmp_path.iterdir()] == ["kept.bin"]


def test_a_file_object_is_written_and_left_open() -> None:
    buffer = io.BytesIO(b"head:")
    buffer.seek(5)
    with FileWriter(buffer) as writer:
        writer.write(b"tail")
    assert buffer.getvalue() == b"head:tail"
    assert not buffer.closed


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_the_async_writer_works_on_both_loops(tmp_path: Path, backend: str) -> None:
    target = tmp_path / "async.bin"

    async def main() -> None:
        async with AsyncFileWriter(str(target)) as writer:
            await writer.write(b"one ")
            await writer.write(b"two")
        with pytest.raises(RuntimeError):  # noqa: PT012
            async with AsyncFileWriter(tmp_path / "broken.bin") as broken:
                await broken.write(b"x")
                raise RuntimeError("stop")

    anyio.run(main, backend=backend)
    assert target.read_bytes() == b"one two"
    assert [path.name for path in tmp_path.iterdir()] == ["async.bin"]


def test_a_cancelled_async_download_leaves_nothing_behind(tmp_path: Path) -> None:
    async def main() -> None:
        with anyio.move_on_after(0.05):
            async with AsyncFileWriter(tmp_path / "x.bin") as writer:
                await writer.write(b"x")
                await anyio.sleep(10)

    anyio.run(main)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("destination", "error", "match"),
    [
        (b"/tmp/bytes-path", TypeError, "a path or a binary file object"),
        (io.StringIO(), TypeError, "binary mode"),
        (object(), TypeError, "a path or a binary file object"),
    ],
)
def test_bad_destinations(destination: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        FileWriter(destination)


def test_missing_folders_and_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such folder"):
        FileWriter(tmp_path / "missing" / "x.bin")
    with pytest.raises(IsADirectoryError):
        FileWriter(tmp_path)


def test_a_large_uploads_default_deadline_grows_with_its_size() -> None:
    assert files.upload_deadline(1620.0, 10) == 1620.0
    assert files.upload_deadline(1620.0, 10 << 30) == 10240.0  # 10 GiB at 1 MiB/s
