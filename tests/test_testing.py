"""The public fake server, ``xai_async.testing`` / ``xai_sync.testing``, used as a user would.

In-process with ``with`` and ``async with`` (asyncio and trio) against ``Client`` and
``AsyncClient``; from the command line as a subprocess (address and keys printed, a real call
served, a clean exit on SIGINT and SIGTERM); in a fresh interpreter where ``grpc_tools`` cannot
be imported (only the runtime dependencies); and the sync module's names are the async one's.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf import descriptor_pool
from google.protobuf.message import Message

import xai_async.testing
import xai_sync.testing
from xai_async import AsyncClient
from xai_async._core import wire
from xai_async.chat import user as async_user
from xai_async.testing import API_KEY, MANAGEMENT_KEY, FakeXai, function_call, message_class
from xai_sync import Client, PermissionDeniedError
from xai_sync.chat import user

ROOT = Path(__file__).resolve().parent.parent
#: How long the command line may take to start, and to stop after a signal.
BOUND = 15.0


def _ask(client: Client, text: str = "hello") -> str:
    chat = client.chat.create(model="grok-4")
    chat.append(user(text))
    return chat.sample().content


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


# -- in-process --------------------------------------------------------------------------------


def test_with_serves_client_and_stops() -> None:
    with FakeXai() as server:
        assert server.address.startswith("127.0.0.1:")  # loopback unless asked otherwise
        server.reply("Paris.")
        with Client(**server.client_kwargs()) as client:
            assert _ask(client, "Capital of France?") == "Paris."
            assert _ask(client) == "Ahoy! You said: hello"  # unscripted: believable
        [first, _] = server.requests("GetCompletion")
        assert first.model == "grok-4"
        assert first.messages[0].content[0].text == "Capital of France?"
        assert server.received[0].metadata["authorization"] == f"Bearer {API_KEY}"
        ports = (server.port, server.local_port)
    assert all(_refused(port) for port in ports)


def test_client_kwargs_cover_both_hosts_and_keys() -> None:
    server = FakeXai()
    kwargs = server.client_kwargs()
    assert kwargs == {
        "api_key": API_KEY,
        "management_api_key": MANAGEMENT_KEY,
        "api_host": server.local_address,
        "management_api_host": server.local_address,
    }
    assert server.local_address == f"localhost:{server.local_port}"
    assert server.client_kwargs(plaintext=True) == {
        **kwargs,
        "api_host": server.address,
        "management_api_host": server.address,
        "use_insecure_channel": True,
    }
    assert server.environment() == {
        "XAI_API_KEY": API_KEY,
        "XAI_API_HOST": server.local_address,
        "XAI_MANAGEMENT_KEY": MANAGEMENT_KEY,
        "XAI_MANAGEMENT_API_HOST": server.local_address,
    }
    server.stop()


@pytest.mark.parametrize("plaintext", [False, True])
def test_management_calls_reach_the_management_services(plaintext: bool) -> None:
    with (
        FakeXai(api_key="key-a", management_key="key-m") as server,
        Client(**server.client_kwargs(plaintext=plaintext)) as client,
    ):
        made = client.collections.create("notes")
        assert client.collections.get(made.collection_id).collection_name == "notes"
        [call] = [call for call in server.received if call.method == "CreateCollection"]
        assert call.metadata["authorization"] == "Bearer key-m"


def test_environment_points_a_default_client_here(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeXai() as server:
        for name, value in server.environment().items():
            monkeypatch.setenv(name, value)
        server.reply("from the environment")
        with Client() as client:
            assert _ask(client) == "from the environment"


def test_faults_and_area_state() -> None:
    with FakeXai() as server, Client(**server.client_kwargs()) as client:
        server.fail_next(1, "permission_denied", "no access")
        with pytest.raises(PermissionDeniedError, match="no access"):
            _ask(client)
        server.fail_next(1, "UNAVAILABLE")  # retried by the client by itself
        assert _ask(client)
        assert server.attempts["GetCompletion"] == 3
        with pytest.raises(ValueError, match="code"):
            server.fail_next(1, "NOT_A_CODE")
        stored = server.servicer("xai_api.Files").store.add("notes.txt", b"hello")
        assert client.files.content(stored.id) == b"hello"
        server.reply(tool_calls=[function_call("lookup", {"q": "x"})])
        chat = client.chat.create(model="grok-4")
        chat.append(user("look it up"))
        [call] = chat.sample().tool_calls
        assert call.function is not None
        assert (call.function.name, call.function.arguments) == ("lookup", '{"q": "x"}')


@pytest.mark.anyio
async def test_async_with_serves_async_client() -> None:
    async with FakeXai() as server:
        server.reply("async hello")
        async with AsyncClient(**server.client_kwargs()) as client:
            chat = client.chat.create(model="grok-4")
            chat.append(async_user("hi"))
            assert (await chat.sample()).content == "async hello"
            chat.append(async_user("again"))
            pieces = [chunk.content async for _, chunk in chat.stream()]
            assert "".join(pieces) == "Ahoy! You said: again"
        assert [call.method for call in server.received] == [
            "GetCompletion",
            "GetCompletionChunk",
        ]
        port = server.local_port
    assert _refused(port)


def test_async_enter_never_suspends() -> None:
    server = FakeXai()
    try:
        steps = server.__aenter__().__await__()
        with pytest.raises(StopIteration) as done:
            next(steps)
        assert done.value.value is server
        steps = server.__aexit__(None, None, None).__await__()
        with pytest.raises(StopIteration):
            next(steps)
        assert _refused(server.local_port)
    finally:
        server.stop()


def test_a_port_in_use_is_an_os_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=f"127.0.0.1:{port}"):
            FakeXai(local_port=port)


def test_the_codec_is_protobuf_in_a_private_pool() -> None:
    request_class = message_class("xai_api.GetCompletionsRequest")
    assert issubclass(request_class, Message)  # protobuf's own classes, not betterproto2's
    pool = request_class.DESCRIPTOR.file.pool
    assert pool is not descriptor_pool.Default()
    assert pool is not wire._pool()  # not the SDK's codec either
    assert pool.FindServiceByName("collections.Collections").methods_by_name["ListCollections"]


def test_sync_module_exports_the_same_objects() -> None:
    assert xai_sync.testing.__all__ == xai_async.testing.__all__
    for name in xai_async.testing.__all__:
        assert getattr(xai_sync.testing, name) is getattr(xai_async.testing, name), name
    assert {"FakeXai", "Reply", "Output", "Received", "API_KEY", "MANAGEMENT_KEY", "main"} <= set(
        xai_async.testing.__all__
    )


# -- a fresh interpreter -----------------------------------------------------------------------

_WITHOUT_GRPC_TOOLS = """
import sys

sys.modules["grpc_tools"] = None  # importing it now fails
from xai_sync import Client
from xai_sync.chat import user
from xai_sync.testing import FakeXai

with FakeXai() as server, Client(**server.client_kwargs()) as client:
    server.reply("served without grpc_tools")
    chat = client.chat.create(model="grok-4")
    chat.append(user("hi"))
    print(chat.sample().content)
    print(server.requests("GetCompletion")[0].messages[0].content[0].text)
assert sys.modules["grpc_tools"] is None
"""


def test_needs_no_grpc_tools() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_GRPC_TOOLS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["served without grpc_tools", "hi"]


# -- the command line --------------------------------------------------------------------------


class _Cli:
    """``python -m <module> ...`` in a subprocess, its stdout read line by line."""

    def __init__(self, module: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def banner(self) -> tuple[list[str], dict[str, str]]:
        """The lines printed up to the last ``export``, and the exported variables."""
        lines: list[str] = []
        exported: dict[str, str] = {}
        deadline = time.monotonic() + BOUND
        while "XAI_MANAGEMENT_API_HOST" not in exported:
            line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            assert line is not None, f"exited early: {self.stop_output()}"
            lines.append(line)
            if line.strip().startswith("export "):
                name, _, value = line.strip().removeprefix("export ").partition("=")
                exported[name] = value
        return lines, exported

    def stop_output(self) -> str:
        self.process.kill()
        _, errors = self.process.communicate(timeout=BOUND)
        return errors

    def signal(self, number: int) -> tuple[int, list[str]]:
        """Send ``number``; the exit status (within the bound) and the lines printed after."""
        self.process.send_signal(number)
        status = self.process.wait(timeout=BOUND)
        rest: list[str] = []
        while (line := self.lines.get(timeout=BOUND)) is not None:
            rest.append(line)
        return status, rest


@pytest.fixture
def cli_processes() -> Iterator[list[_Cli]]:
    started: list[_Cli] = []
    yield started
    for cli in started:
        if cli.process.poll() is None:
            cli.process.kill()
            cli.process.wait(timeout=BOUND)
        for stream in (cli.process.stdout, cli.process.stderr):
            if stream is not None:
                stream.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("module", "number"),
    [
        ("xai_async.testing", signal.SIGINT),
        ("xai_sync.testing", signal.SIGTERM),
    ],
)
def test_command_line_serves_until_a_signal(
    cli_processes: list[_Cli], monkeypatch: pytest.MonkeyPatch, module: str, number: int
) -> None:
    port = _free_port()
    cli = _Cli(module, "--port", str(port))
    cli_processes.append(cli)
    lines, exported = cli.banner()
    text = "\n".join(lines)
    assert f"localhost:{port}" in text
    assert API_KEY in text
    assert MANAGEMENT_KEY in text
    assert "127.0.0.1:" in text  # the plaintext port, on loopback
    assert exported == {
        "XAI_API_KEY": API_KEY,
        "XAI_API_HOST": f"localhost:{port}",
        "XAI_MANAGEMENT_KEY": MANAGEMENT_KEY,
        "XAI_MANAGEMENT_API_HOST": f"localhost:{port}",
    }
    # Unchanged code, configured by the printed variables, talks to it.
    for name, value in exported.items():
        monkeypatch.setenv(name, value)
    with Client() as client:
        assert _ask(client, "from another process") == "Ahoy! You said: from another process"
        assert client.collections.create("notes").collection_name == "notes"
    status, rest = cli.signal(number)
    assert status == 0
    assert rest == ["Fake xAI server stopped."]
    assert _refused(port)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_command_line_keys_and_plaintext_port(cli_processes: list[_Cli]) -> None:
    plaintext = _free_port()
    cli = _Cli(
        "xai_async.testing",
        "--api-key",
        "my-key",
        "--management-key",
        "my-mgmt",
        "--plaintext-port",
        str(plaintext),
        "--host",
        "127.0.0.1",
    )
    cli_processes.append(cli)
    lines, exported = cli.banner()
    assert exported["XAI_API_KEY"] == "my-key"
    assert exported["XAI_MANAGEMENT_KEY"] == "my-mgmt"
    assert f"127.0.0.1:{plaintext}" in "\n".join(lines)
    address = f"127.0.0.1:{plaintext}"
    with Client(api_key="my-key", api_host=address, use_insecure_channel=True) as client:
        assert _ask(client) == "Ahoy! You said: hello"
    assert cli.signal(signal.SIGINT)[0] == 0


def test_command_line_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xai_sync.testing", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for option in ("--port", "--host", "--api-key", "--management-key", "--plaintext-port"):
        assert option in done.stdout


def test_command_line_port_in_use_exits_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "xai_async.testing", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert f"127.0.0.1:{port}" in done.stderr
    assert done.stdout == ""


def test_main_rejects_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        xai_async.testing.main(["--port", "70000"])
    assert exited.value.code == 2
    assert "0-65535" in capsys.readouterr().err
