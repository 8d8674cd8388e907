"""The checked-in ``protos/`` compile to exactly the descriptors of the official SDK wheel.

``codegen/protos.py`` prints the ``.proto`` sources from the ``xai-sdk`` wheel's descriptors and
records the sha256 of each descriptor's bytes in ``protos/MANIFEST.json``.  Here, without the
wheel or the network, protoc compiles the sources and each resulting descriptor must hash to
the recorded value, so any edit to a generated file (or a printer bug) is caught.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import grpc_tools
import pytest
from google.protobuf import descriptor_pb2
from grpc_tools import protoc

PROTOS = Path(__file__).resolve().parent.parent / "protos"
WELL_KNOWN_PROTOS = Path(grpc_tools.__file__).parent / "_proto"
MANIFEST = json.loads((PROTOS / "MANIFEST.json").read_text())
GENERATED: dict[str, dict[str, str]] = MANIFEST["files"]
COPIED: dict[str, dict[str, str]] = MANIFEST["copied"]


def proto_files() -> list[str]:
    return sorted(path.relative_to(PROTOS).as_posix() for path in PROTOS.rglob("*.proto"))


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every file under protos/, compiled by grpcio-tools' protoc: name -> descriptor bytes."""
    descriptor_set = tmp_path_factory.mktemp("protos") / "descriptors.pb"
    arguments = [
        "grpc_tools.protoc",
        f"-I{PROTOS}",
        f"-I{WELL_KNOWN_PROTOS}",
        f"--descriptor_set_out={descriptor_set}",
        *proto_files(),
    ]
    assert protoc.main(arguments) == 0, "protoc rejected protos/ (see its errors above)"
    files = descriptor_pb2.FileDescriptorSet.FromString(descriptor_set.read_bytes()).file
    return {file.name: file.SerializeToString(deterministic=True) for file in files}


def test_manifest_lists_exactly_the_proto_files() -> None:
    assert len(GENERATED) == 16
    assert set(proto_files()) == set(GENERATED) | set(COPIED)


def test_every_file_compiles(compiled: dict[str, bytes]) -> None:
    assert set(compiled) == set(GENERATED) | set(COPIED)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_descriptor_matches_the_wheel(compiled: dict[str, bytes], name: str) -> None:
    digest = hashlib.sha256(compiled[name]).hexdigest()
    assert digest == GENERATED[name]["descriptor_sha256"], f"{name} differs from the wheel's"


@pytest.mark.parametrize("name", sorted(COPIED))
def test_copied_file_is_unchanged(name: str) -> None:
    digest = hashlib.sha256((PROTOS / name).read_bytes()).hexdigest()
    assert digest == COPIED[name]["sha256"]
