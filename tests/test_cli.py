"""The ``xai`` command line, run as ``python -m xai_sync`` against the fake server.

Every command runs in a subprocess (stdout and stderr are pipes, so the output is plain) and
each run is checked for what everything must do: no ANSI escape, no key in the output.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import pty
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

from tests.local_http import LocalHttp
from xai_async._core.cli import main
from xai_async._core.cli.app import build_parser
from xai_async._core.fake.services.video import VideoPlan
from xai_async.testing import API_KEY, MANAGEMENT_KEY, FakeXai, tiny_png

XAI = [sys.executable, "-m", "xai_sync"]
ANSI = re.compile(r"\x1b\[")
SECRETS = (API_KEY, MANAGEMENT_KEY, "wrong-secret-key", "xai-typed0secret0key0on0the0command0line")


@dataclass
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture
def server() -> Iterator[FakeXai]:
    with FakeXai() as fake:
        yield fake


def environment(server: FakeXai | None, **extra: str) -> dict[str, str]:
    """The parent's environment without XAI_* variables, plus the server's and ``extra``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("XAI_")}
    if server is not None:
        env.update(server.environment())
    env.update(extra)
    return env


def check_clean(*texts: str) -> None:
    for text in texts:
        assert not ANSI.search(text), text
        for secret in SECRETS:
            assert secret not in text


def xai(
    server: FakeXai | None,
    *args: str,
    stdin: str = "",
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Ran:
    """Run ``xai ARGS`` to its end; check its output is clean."""
    done = subprocess.run(
        [*XAI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment(server) if env is None else env,
        cwd=cwd,
        timeout=60,
    )
    check_clean(done.stdout, done.stderr)
    return Ran(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def here(
    server: FakeXai, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Ran]:
    """``xai ARGS`` run in this process (cheap: for the variants of a command run above)."""
    for name in [name for name in os.environ if name.startswith("XAI_")]:
        monkeypatch.delenv(name)
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)

    def run(*args: str, stdin: str = "") -> Ran:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        check_clean(out, err)
        return Ran(code, out, err)

    return run


@contextlib.contextmanager
def started(*args: str, **options: Any) -> Iterator[subprocess.Popen[str]]:
    """``xai ARGS`` running in the background (text pipes); killed if still running after."""
    process = subprocess.Popen(
        [*XAI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait()


def out_json(ran: Ran) -> Any:
    """The JSON document a successful run printed."""
    assert ran.code == 0, ran
    return json.loads(ran.out)


def one_error_line(ran: Ran, code: int) -> str:
    assert ran.code == code, ran
    assert ran.out == ""
    lines = ran.err.splitlines()
    assert len(lines) == 1, ran.err
    assert lines[0].startswith("xai: error: ") or ": error: " in lines[0]
    assert "Traceback" not in ran.err
    return lines[0]


# -- help -----------------------------------------------------------------------------------


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def test_help_of_every_command_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    commands = list(_commands(build_parser()))
    assert ("files", "upload") in commands
    assert ("collections", "documents", "upload") in commands
    assert len(commands) >= 30
    for path in commands:
        assert main([*path, "--help"]) == 0
        shown = capsys.readouterr().out
        assert "\nexample:\n  " in shown, path
        assert "xai " in shown.split("\nexample:\n", 1)[1], path
        assert "--api-key " not in shown  # a key never goes on the command line


def test_top_help_lists_exit_codes_and_runs_as_a_module() -> None:
    ran = xai(None, "--help")
    assert ran.code == 0
    for line in ("2    usage", "3    authentication", "4    request refused", "130  interrupted"):
        assert line in ran.out
    assert "XAI_API_KEY" in ran.out
    for name in ("chat", "image", "video", "tokenize", "models", "files", "batch", "collections"):
        assert f"    {name} " in ran.out
    assert main([]) == 2  # no command: the help on stderr, a usage error


# -- chat -----------------------------------------------------------------------------------


def test_chat_one_shot_from_argument_stdin_and_as_json(server: FakeXai) -> None:
    server.reply("Paris.", chunks=["Pa", "ris", "."])
    ran = xai(
        server,
        "chat",
        "Capital",
        "of France?",
        "--model",
        "grok-3",
        "--system",
        "Be brief.",
        "--temperature",
        "0.5",
        "--max-tokens",
        "20",
        "--reasoning-effort",
        "low",
    )
    assert (ran.code, ran.out, ran.err) == (0, "Paris.\n", "")
    request = server.requests("GetCompletionChunk")[0]
    assert request.model == "grok-3"
    assert [m.content[0].text for m in request.messages] == ["Be brief.", "Capital of France?"]
    assert request.temperature == pytest.approx(0.5)
    assert request.max_tokens == 20
    assert request.reasoning_effort != 0

    server.reply("From a pipe.")
    ran = xai(server, "chat", stdin="a question\non two lines\n")
    assert (ran.code, ran.out) == (0, "From a pipe.\n")
    asked = server.requests("GetCompletionChunk")[1]
    assert asked.messages[0].content[0].text == "a question\non two lines\n"

    server.reply("Ja.")
    ran = xai(server, "chat", "--json", "Oui?")
    assert ran.code == 0
    answer = out_json(ran)
    assert answer["content"] == "Ja."
    assert answer["finish_reason"] == "REASON_STOP"
    assert answer["usage"]["total_tokens"] > 0
    assert isinstance(answer["usage"]["completion_tokens"], int)  # a number, not protobuf's "4"


def _read_until(stream: IO[str], marker: str, seen: list[str]) -> None:
    deadline = time.monotonic() + 10
    while marker not in "".join(seen):
        assert time.monotonic() < deadline, seen
        char = stream.read(1)
        assert char, seen
        seen.append(char)


def test_interactive_chat_ctrl_c_stops_the_answer_and_twice_quits(server: FakeXai) -> None:
    server.chunk_delay = 0.1
    server.reply(" ".join(f"word{n}" for n in range(40)))
    server.reply("Second answer.")
    with started(
        "chat", "-i", "--system", "Be kind.", stdin=subprocess.PIPE, env=environment(server)
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        seen: list[str] = []
        process.stdin.write("first question\n")
        process.stdin.flush()
        _read_until(process.stdout, "word2", seen)  # tokens show as they stream
        process.send_signal(signal.SIGINT)
        assert server.wait_for_cancel("GetCompletionChunk")  # the RPC was cancelled
        process.stdin.write("second question\n")
        process.stdin.flush()
        _read_until(process.stdout, "Second answer.\n", seen)
        time.sleep(0.3)  # back at the prompt
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 130
    shown = "".join(seen) + out
    assert "word30" not in shown  # the first answer stopped
    assert shown.endswith("Second answer.\n")
    assert "answer stopped" in err
    assert "Traceback" not in err
    check_clean(shown, err)
    # The stopped exchange was dropped; the session went on with the system prompt.
    second = server.requests("GetCompletionChunk")[1]
    assert [m.content[0].text for m in second.messages] == ["Be kind.", "second question"]


def test_interactive_chat_keeps_the_conversation_and_ends_at_eof(server: FakeXai) -> None:
    server.reply("One.")
    server.reply("Two.")
    ran = xai(server, "chat", "-i", stdin="first\n\nsecond\n")
    assert (ran.code, ran.out) == (0, "One.\nTwo.\n")
    second = server.requests("GetCompletionChunk")[1]
    assert [m.content[0].text for m in second.messages] == ["first", "One.", "second"]


# -- images, videos, tokens, models -----------------------------------------------------------


def test_image_writes_the_files_or_prints_urls(
    server: FakeXai, here: Callable[..., Ran], tmp_path: Path
) -> None:
    picture = tiny_png(3, 3, (0, 128, 255, 255))
    server.servicer("xai_api.Image").picture = picture
    args = ["image", "a lighthouse", "-o", "light.png", "--n", "2", "--aspect-ratio", "16:9"]
    ran = xai(server, *args, "--resolution", "2k", cwd=tmp_path)
    assert (ran.code, ran.out.split()) == (0, ["light-1.png", "light-2.png"])
    assert (tmp_path / "light-1.png").read_bytes() == picture
    assert (tmp_path / "light-2.png").read_bytes() == picture
    assert sorted(p.name for p in tmp_path.iterdir()) == ["light-1.png", "light-2.png"]
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "light-1.png").stat().st_mode & 0o777 == 0o666 & ~umask  # as open()
    request = server.requests("GenerateImage")[0]
    assert (request.prompt, request.n) == ("a lighthouse", 2)

    ran = here("image", "a cat", "-o", str(tmp_path / "cat.png"), "--json")
    assert out_json(ran)["images"] == [
        {"respect_moderation": True, "path": str(tmp_path / "cat.png")}
    ]
    ran = here("image", "a cat")
    assert ran.code == 0
    assert ran.out.startswith("https://imgen.x.ai.invalid/images/")

    ran = here("image", "a cat", "--n", "0")  # refused by the SDK, before sending
    assert "n" in one_error_line(ran, 2)


def test_video_shows_the_servers_progress_and_downloads(
    server: FakeXai, here: Callable[..., Ran], tmp_path: Path
) -> None:
    clip = os.urandom(300_000)
    videos = server.servicer("xai_api.Video")
    with LocalHttp() as web:
        videos.url_base = web.base_url
        web.serve("/videos/video-1.mp4", clip, content_type="video/mp4")
        videos.plans.append(VideoPlan(progress=[10, 55, 90]))
        ran = xai(
            server,
            "video",
            "waves",
            "-o",
            str(tmp_path / "waves.mp4"),
            "--duration",
            "6",
            "--poll-interval",
            "0.05",
            "--progress",
            "always",
        )
    assert ran.code == 0, ran
    assert ran.out == f"{tmp_path / 'waves.mp4'}\n"
    assert (tmp_path / "waves.mp4").read_bytes() == clip
    steps = [line for line in ran.err.splitlines() if line.startswith("generating video")]
    assert steps == [f"generating video: {n}%" for n in (10, 55, 90, 100)]
    assert "downloading waves.mp4: 293.0 KiB / 293.0 KiB (100%)" in ran.err
    assert server.requests("GenerateVideo")[0].duration == 6

    ran = here("video", "rain", "--poll-interval", "0.05", "--json")  # no -o: the URL
    shown = out_json(ran)
    assert shown["url"].endswith("/videos/video-2.mp4")
    assert shown["duration"] == 8
    assert ran.err == ""  # stderr is a pipe: no progress unless asked


def test_tokenize_models_list_and_get(server: FakeXai, here: Callable[..., Ran]) -> None:
    ran = xai(server, "tokenize", "Hello, world", "--model", "grok-3")
    assert ran.code == 0
    rows = [line.split("\t") for line in ran.out.splitlines()]
    assert [token for _, token in rows] == ["'Hello'", "','", "' world'"]
    assert all(token_id.isdigit() for token_id, _ in rows)
    assert server.requests("TokenizeText")[0].model == "grok-3"
    assert here("tokenize", "--count", stdin="Hello, world").out == "3\n"

    ran = xai(server, "models")
    assert ran.code == 0
    assert "language\tgrok-4-0709\tgrok-4, grok-4-latest" in ran.out.splitlines()
    assert "image\tgrok-imagine-image\tgrok-imagine-image-latest" in ran.out.splitlines()
    ran = here("models", "list", "--kind", "embedding", "--json")
    assert [(m["kind"], m["name"]) for m in out_json(ran)] == [("embedding", "v1")]
    ran = xai(server, "models", "get", "grok-4", "--json")
    model = out_json(ran)
    assert (model["name"], model["max_prompt_length"]) == ("grok-4-0709", 256_000)
    shown = here("models", "get", "grok-imagine-image").out
    assert re.search(r"^name: +grok-imagine-image$", shown, re.MULTILINE)
    assert "no model is named 'grok-0'" in one_error_line(here("models", "get", "grok-0"), 4)


# -- files ----------------------------------------------------------------------------------


def test_files_upload_list_get_download_delete(
    server: FakeXai, here: Callable[..., Ran], tmp_path: Path
) -> None:
    content = os.urandom(5 * 1024 * 1024 + 17)  # two chunks
    (tmp_path / "data.bin").write_bytes(content)
    (tmp_path / "notes.txt").write_text("notes")
    ran = xai(server, "files", "upload", "data.bin", "notes.txt", "--progress=always", cwd=tmp_path)
    assert (ran.code, ran.out) == (0, "file-1\nfile-2\n")
    assert server.uploads == [content, b"notes"]
    progress = ran.err.splitlines()
    assert progress[-2].startswith("uploading data.bin: 5.0 MiB / 5.0 MiB (100%), ")
    assert progress[-1].startswith("uploading notes.txt: 5 B / 5 B (100%), ")
    assert all(re.search(r", [\d.]+ [KMG]?i?B/s", line) for line in progress)

    ran = xai(server, "files", "list")
    assert [line.split("\t")[:3] for line in ran.out.splitlines()] == [
        ["file-1", "data.bin", "5.0 MiB"],
        ["file-2", "notes.txt", "5 B"],
    ]
    assert [f["id"] for f in out_json(here("files", "list", "--json"))] == [
        "file-1",
        "file-2",
    ]
    shown = out_json(here("files", "get", "file-1", "--json"))
    assert (shown["filename"], shown["size"]) == ("data.bin", len(content))
    assert "filename:   notes.txt" in xai(server, "files", "get", "file-2").out

    ran = xai(
        server, "files", "download", "file-1", "-o", "copy.bin", "--progress=always", cwd=tmp_path
    )
    assert ran.code == 0
    assert (tmp_path / "copy.bin").read_bytes() == content
    assert "downloading data.bin: 5.0 MiB / 5.0 MiB (100%)" in ran.err
    assert ran.err.endswith("wrote 5.0 MiB to copy.bin\n")
    ran = xai(server, "files", "download", "file-2", "-o", "-")
    assert (ran.code, ran.out) == (0, "notes")

    assert xai(server, "files", "delete", "file-1", "file-2").out == "file-1\nfile-2\n"
    assert here("files", "list").out == ""
    line = one_error_line(here("files", "get", "file-1"), 4)
    assert "NOT_FOUND" in line
    assert "file-1" in line


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("UNAUTHENTICATED", 3),
        ("NOT_FOUND", 4),
        ("INVALID_ARGUMENT", 4),
        ("RESOURCE_EXHAUSTED", 5),
        ("DEADLINE_EXCEEDED", 5),
        ("INTERNAL", 6),
        ("DATA_LOSS", 6),
    ],
)
def test_each_class_of_error_has_its_exit_code(
    server: FakeXai, here: Callable[..., Ran], tmp_path: Path, status: str, code: int
) -> None:
    (tmp_path / "a.txt").write_text("data")
    server.fail_next(1, status, "injected failure")
    line = one_error_line(here("files", "upload", str(tmp_path / "a.txt")), code)
    assert status in line
    assert "injected failure" in line
    assert server.uploads == []


def test_local_failures_and_usage_errors(
    server: FakeXai, here: Callable[..., Ran], tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("data")
    server.fail_next(1, "PERMISSION_DENIED", "injected failure")
    line = one_error_line(xai(server, "files", "upload", str(tmp_path / "a.txt")), 3)
    assert line == (
        "xai: error: not allowed: PERMISSION_DENIED: injected failure (/xai_api.Files/UploadFile)"
        " (check XAI_API_KEY / XAI_MANAGEMENT_KEY)"
    )
    assert server.uploads == []
    line = one_error_line(here("files", "upload", str(tmp_path / "missing.txt")), 1)
    assert "missing.txt" in line
    line = one_error_line(xai(server, "chat", "--temperature", "hot", "hi"), 2)
    assert line.startswith("xai chat: error: argument --temperature")
    one_error_line(here("files", "get"), 2)
    one_error_line(here("--timeout", "0", "models"), 2)


# -- keys and errors ------------------------------------------------------------------------


def test_keys_come_from_the_environment_or_a_file_never_shown(
    server: FakeXai, here: Callable[..., Ran], tmp_path: Path
) -> None:
    env = environment(server, XAI_API_KEY="wrong-secret-key")
    line = one_error_line(xai(server, "models", env=env), 3)
    assert "UNAUTHENTICATED" in line
    assert "XAI_API_KEY" in line

    env = environment(server)
    del env["XAI_API_KEY"]
    line = one_error_line(xai(server, "chat", "hi", env=env), 3)
    assert line == "xai: error: no API key: set XAI_API_KEY or pass --api-key-file PATH"
    assert server.received == []

    (tmp_path / "key").write_text(API_KEY + "\n")
    ran = xai(server, "--api-key-file", str(tmp_path / "key"), "tokenize", "hi", env=env)
    assert ran.code == 0
    assert ran.out
    one_error_line(
        xai(server, "tokenize", "hi", "--api-key-file", str(tmp_path / "no"), env=env), 2
    )

    env = environment(server)
    del env["XAI_MANAGEMENT_KEY"]
    line = one_error_line(xai(server, "collections", "list", env=env), 3)
    assert "XAI_MANAGEMENT_KEY" in line

    typed = "xai-typed0secret0key0on0the0command0line"
    for args in (["--api-key", typed], [f"--api-key={typed}"], [typed, "-x"], ["get", typed, "x"]):
        line = one_error_line(xai(server, "models", *args), 2)
        assert typed not in line
    line = one_error_line(here("chat", "--management-key", typed, "hi"), 2)
    assert "XAI_MANAGEMENT_KEY" in line
    assert typed not in line

    # --api-host wins over XAI_API_HOST: nothing listens there.
    env = environment(server, XAI_API_HOST="localhost:1")
    ran = xai(server, "--api-host", server.local_address, "models", "get", "grok-4", env=env)
    assert ran.code == 0


# -- batches and collections ----------------------------------------------------------------


def test_batch_lifecycle(server: FakeXai, here: Callable[..., Ran]) -> None:
    ran = xai(server, "batch", "create", "nightly")
    assert (ran.code, ran.out) == (0, "batch-1\n")
    ran = xai(server, "batch", "add", "batch-1", "Summarize A", "Summarize B", "--id-prefix", "q")
    assert ran.code == 0
    assert "added 2 request(s)" in ran.err
    assert here("batch", "add", "batch-1", stdin="Third\n\nFourth\n").code == 0
    added = server.requests("AddBatchRequests")
    assert [r.batch_request_id for r in added[0].batch_requests] == ["q1", "q2"]
    assert len(added[1].batch_requests) == 2

    shown = out_json(xai(server, "batch", "get", "batch-1", "--json"))
    assert (shown["name"], shown["state"]["num_requests"]) == ("nightly", 4)
    ran = xai(server, "batch", "list")
    assert ran.out.startswith("batch-1\tnightly\t")
    assert "4 requests" in ran.out
    ran = xai(server, "batch", "requests", "batch-1")
    assert [line.split("\t")[:3] for line in ran.out.splitlines()][:2] == [
        ["q1", "grok-4", "SUCCEEDED"],
        ["q2", "grok-4", "SUCCEEDED"],
    ]
    results = out_json(xai(server, "batch", "results", "batch-1", "--json"))
    assert [(r["batch_request_id"], r["ok"]) for r in results][:2] == [("q1", True), ("q2", True)]
    assert "Summarize A" in results[0]["content"]
    assert here("batch", "results", "batch-1").out.startswith("q1\tyes\t")

    ran = xai(server, "batch", "cancel", "batch-1")
    assert ran.code == 0
    assert "cancel_time:" in ran.out
    assert "FAILED_PRECONDITION" in one_error_line(here("batch", "add", "batch-1", "x"), 4)
    assert "NOT_FOUND" in one_error_line(here("batch", "get", "batch-9"), 4)


def test_collections_documents_and_search(
    server: FakeXai, here: Callable[..., Ran], tmp_path: Path
) -> None:
    server.servicer("collections.Collections").indexing_polls = 0
    (tmp_path / "leave.md").write_text("Parental leave lasts sixteen weeks.\n\nLunch is at noon.")
    (tmp_path / "faq.txt").write_text("Parking is free.")
    ran = xai(server, "collections", "create", "handbook", "--description", "HR")
    assert (ran.code, ran.out) == (0, "collection-1\n")
    ran = xai(
        server,
        "collections",
        "documents",
        "upload",
        "collection-1",
        "leave.md",
        "faq.txt",
        "--wait",
        cwd=tmp_path,
    )
    assert (ran.code, ran.out) == (0, "file-1\nfile-2\n")
    ran = xai(server, "collections", "list")
    assert ran.out.split("\t")[:3] == ["collection-1", "handbook", "2"]
    ran = xai(server, "collections", "documents", "list", "collection-1")
    assert sorted(line.split("\t") for line in ran.out.splitlines()) == [
        ["file-1", "leave.md", "54 B", "PROCESSED"],
        ["file-2", "faq.txt", "16 B", "PROCESSED"],
    ]
    ran = xai(server, "collections", "search", "parental leave", "-c", "collection-1", "--json")
    matches = out_json(ran)
    assert matches[0]["file_id"] == "file-1"
    assert "sixteen weeks" in matches[0]["chunk_content"]
    ran = here("collections", "search", "parking", "-c", "collection-1", "--mode", "keyword")
    assert ran.out.split("\t")[1:] == ["file-2", "Parking is free.\n"]

    assert xai(server, "collections", "documents", "remove", "collection-1", "file-2").code == 0
    shown = out_json(xai(server, "collections", "get", "collection-1", "--json"))
    assert (shown["collection_name"], shown["documents_count"]) == ("handbook", 1)
    assert xai(server, "collections", "delete", "collection-1").out == "collection-1\n"
    assert "NOT_FOUND" in one_error_line(here("collections", "get", "collection-1"), 4)


# -- the fake server, plain output without rich, imports --------------------------------------


def test_fake_server_command_serves_the_other_commands() -> None:
    with started("fake-server", env=environment(None)) as process:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(10)]
        address = re.search(r"local credentials: (localhost:\d+)", "".join(banner))
        assert address is not None, banner
        assert f"  export XAI_API_KEY={API_KEY}\n" in banner
        env = environment(None, XAI_API_KEY=API_KEY)
        ran = xai(None, "--api-host", address[1], "chat", "Hello", env=env)
        assert (ran.code, ran.out) == (0, "Ahoy! You said: Hello\n")
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "stopped" in out


def test_without_rich_a_terminal_gets_a_plain_progress_line(
    server: FakeXai, tmp_path: Path
) -> None:
    """``rich`` blocked, stderr a terminal: a line redrawn with carriage returns, no escapes."""
    (tmp_path / "a.bin").write_bytes(os.urandom(4 * 1024 * 1024))
    code = (
        "import sys; sys.modules['rich'] = None\n"
        "from xai_async._core.cli import main\n"
        "raise SystemExit(main(sys.argv[1:]))"
    )
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code, "files", "upload", str(tmp_path / "a.bin")],
        stdout=subprocess.PIPE,
        stderr=child,
        env=environment(server),
    )
    os.close(child)
    shown = b""
    while True:
        try:
            data = os.read(parent, 4096)
        except OSError:  # the terminal closed
            break
        if not data:
            break
        shown += data
    os.close(parent)
    out = process.communicate(timeout=30)[0]
    assert (process.returncode, out) == (0, b"file-1\n")
    text = shown.decode()
    assert "\ruploading a.bin: 4.0 MiB / 4.0 MiB (100%), " in text
    check_clean(text)


def test_importing_the_sdk_loads_no_cli_no_rich_no_sync() -> None:
    code = (
        "import sys, xai_async, xai_async.chat, xai_async._core.cli\n"
        "loaded = {'rich', 'xai_sync'} & {m.split('.')[0] for m in sys.modules}\n"
        "assert not loaded, loaded"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_every_command_in_the_readme_parses() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    start = readme.index("### Command line")
    section = readme[start : readme.index("\n## ", start)]
    commands = re.findall(r"(?:^|\$ |\$\()xai ([^)#&|<\n]*)", section, flags=re.MULTILINE)
    assert len(commands) >= 15, commands
    parser = build_parser()
    for command in commands:
        args = parser.parse_args(shlex.split(command))  # exits, failing the test, if wrong
        assert callable(args.run), command
