"""The README's "Testing your code against the fake server" stays true.

Its two Python snippets are ``examples/testing/test_my_app.py`` and
``examples/testing/test_my_app_async.py`` word for word, and those files pass when pytest runs
them as a user would (a separate pytest run, none of this repository's fixtures). The command
line it shows parses, and the variables it tells to export are the server's defaults.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from xai_async._core.fake.cli import _parser
from xai_async.testing import API_KEY, MANAGEMENT_KEY

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "testing"
TITLE = "### Testing your code against the fake server"


def _section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index(TITLE)
    after = re.compile(r"\n##+ ").search(readme, start + len(TITLE))  # the next section
    return readme[start : after.start() if after else len(readme)]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _section(), flags=re.DOTALL)


def test_the_snippets_are_the_example_files() -> None:
    assert _blocks("python") == [
        (EXAMPLES / "test_my_app.py").read_text(),
        (EXAMPLES / "test_my_app_async.py").read_text(),
    ]


def test_the_example_files_pass() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", "."],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Three sync tests, and the async one on asyncio and trio.
    assert re.search(r"\b5 passed\b", done.stdout), done.stdout


def test_the_command_line_shown_is_right() -> None:
    [block] = _blocks("bash")
    commands = [
        shlex.split(line, comments=True)
        for line in block.splitlines()
        if line.startswith("python -m xai_")
    ]
    assert commands, block
    for command in commands:
        assert command[:3] in (
            ["python", "-m", "xai_sync.testing"],
            ["python", "-m", "xai_async.testing"],
        )
        _parser().parse_args(command[3:])  # exits (fails the test) on an unknown option
    exported = dict(
        line.removeprefix("export ").split("#")[0].strip().split("=", 1)
        for line in block.splitlines()
        if line.startswith("export ")
    )
    assert exported == {
        "XAI_API_KEY": API_KEY,
        "XAI_API_HOST": "localhost:50051",
        "XAI_MANAGEMENT_KEY": MANAGEMENT_KEY,
        "XAI_MANAGEMENT_API_HOST": "localhost:50051",
    }
