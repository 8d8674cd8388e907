"""Sessions: `nox` runs check_generated, lint, typecheck and tests; `nox -s demo` shows it work."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["check_generated", "lint", "typecheck", "tests"]
nox.options.error_on_missing_interpreters = False

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
SUPPORTED = ("3.10", "3.11", "3.12", "3.13")
# protos/ is guarded offline by tests/test_protos.py; these are regenerated and diffed.
GENERATED = ("xai_async/proto", "xai_sync", "tests/_sync")
# Generator versions are pinned exactly: their output is committed and checked byte for byte.
CODEGEN = (
    "betterproto2-compiler==0.10.1",
    "grpcio-tools==1.85.1",
    "ruff==0.17.6",
    "unasync==0.6.0",
    "setuptools",  # unasync imports it
)
LINT = ("ruff==0.17.6",)
TYPECHECK = ("mypy==2.4.1", "types-grpcio", "types-protobuf", "trio")


def _interpreter(version: str) -> str | None:
    """A working python<version> on this machine: on PATH, else in ~/.pyenv/versions."""
    pattern = os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")
    candidates = [shutil.which(f"python{version}"), *sorted(glob.glob(pattern), reverse=True)]
    for candidate in filter(None, candidates):
        try:
            found = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            continue
        if found == version:  # a pyenv shim for a version that isn't installed prints nothing
            return candidate
    return None


FOUND = {version: path for version in SUPPORTED if (path := _interpreter(version))}
MISSING = [version for version in SUPPORTED if version not in FOUND]
print(
    f"nox: tests run on Python {', '.join(FOUND) or 'none'}"
    + (f"; not found here: {', '.join(MISSING)}" if MISSING else ""),
    file=sys.stderr,
)


@nox.session(python=list(FOUND.values()) or None)
def tests(session: nox.Session) -> None:
    """Run the test suite (async tests on asyncio and trio, generated sync tests)."""
    session.install(".", *nox.project.dependency_groups(PYPROJECT, "test"))
    # The wheel must work on its own, away from the source tree.
    with tempfile.TemporaryDirectory() as elsewhere, session.chdir(elsewhere):
        session.run(
            "python",
            "-c",
            "from xai_async import AsyncClient; from xai_sync import Client; import xai_sync; "
            "assert 'site-packages' in xai_sync.__file__, xai_sync.__file__; "
            "from xai_async.proto import services, xai_api; "  # the wire codec's schema ships
            "services.Chat.GetCompletion.serialize(xai_api.GetCompletionsRequest(model='m')); "
            "print('installed', xai_sync.__version__)",
        )
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install(*LINT)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check both packages and their typed usage (the tests, both generated) strictly."""
    session.install(".", *TYPECHECK, *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("mypy")


def _generate(session: nox.Session, *, prune: bool) -> None:
    """protos/ -> xai_async/proto/; xai_async/ -> xai_sync/; tests/_async/ -> tests/_sync/."""
    session.install(*CODEGEN)
    session.run("python", "codegen/messages.py")
    session.run("python", "codegen/codec.py")
    session.run("python", "codegen/sync.py", *(["--prune"] if prune else []))


@nox.session
def update_protos(session: nox.Session) -> None:
    """Download the pinned official wheel, reprint protos/ from it, regenerate the rest."""
    session.install(*CODEGEN)
    session.run("python", "codegen/protos.py")
    _generate(session, prune=True)


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate xai_async/proto/, xai_sync/ and tests/_sync/ from their sources (offline)."""
    _generate(session, prune=True)


@nox.session
def check_generated(session: nox.Session) -> None:
    """Regenerate into the tree (offline) and fail on any changed, new or left-over file."""
    _generate(session, prune=False)
    status = session.run(
        "git", "status", "--porcelain", "--", *GENERATED, external=True, silent=True
    )
    if status and str(status).strip():
        session.error(f"generated files are not current; run `nox -s generate`:\n{status}")


@nox.session
def demo(session: nox.Session) -> None:
    """Stream a chat from the fake xAI server with Client, and AsyncClient on asyncio and trio."""
    session.install(".", "trio")
    session.run("python", "examples/demo.py")


#: The official SDK the benchmark compares against (installed in the bench session only).
OFFICIAL_SDK = "xai-sdk==1.21.0"


@nox.session
def bench(session: nox.Session) -> None:
    """Compare with the official SDK and bare grpcio on one fake server, as ratios."""
    session.install(".", "trio", OFFICIAL_SDK)
    session.run("python", "bench/run.py", *session.posargs)
