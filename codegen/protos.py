"""Recreate the xAI API's ``.proto`` sources from the official SDK wheel.

xAI publishes its gRPC API only as compiled Python modules inside the ``xai-sdk`` wheel.  Each
``xai_sdk/proto/v6/*_pb2.py`` module embeds the serialized ``FileDescriptorProto`` that protoc
produced from the original ``.proto`` file.  This script downloads the pinned wheel into a
temporary folder, reads those bytes with ``ast`` (the modules are never imported), and prints
every descriptor back as proto3 source under ``protos/`` so that this SDK can generate its own
code from a source of truth that is byte-for-byte identical to upstream's.

Nothing is guessed: the printer refuses any descriptor feature it does not know, and before
anything is written the printed files are compiled with ``grpc_tools.protoc`` and every
resulting descriptor must serialize to exactly the wheel's bytes.  ``protos/MANIFEST.json``
records the wheel and the sha256 of each descriptor so the tests can check the sources offline.

``google/rpc/status.proto`` (imported by ``batch.proto``) is copied unchanged from the pinned
``googleapis-common-protos`` wheel; the ``google/protobuf`` well-known types ship with
grpcio-tools and are not copied.

Usage: ``python codegen/protos.py [--out protos]`` (or ``nox -s update_protos``, which also
regenerates everything made from ``protos/``).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import grpc_tools
from google.protobuf import descriptor_pb2, unknown_fields
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from grpc_tools import protoc

XAI_SDK = "xai-sdk"
XAI_SDK_VERSION = "1.21.0"
XAI_SDK_SHA256 = "405acae81e9f6ebb2da6df2a173d82685f81bd8c83b0ae073d164b3575202e75"
PB2_MODULE = re.compile(r"xai_sdk/proto/v6/\w+_pb2\.py")

GOOGLEAPIS = "googleapis-common-protos"
GOOGLEAPIS_VERSION = "1.76.0"
GOOGLEAPIS_SHA256 = "59e13344a9f3651aa201a03e2bee815a3bf43a4baf1f9ff8a9b62a840ce25fac"
COPIED_PROTOS = ("google/rpc/status.proto",)

MANIFEST = "MANIFEST.json"
GENERATOR = "codegen/protos.py"
REGENERATE = "// Regenerate with: nox -s update_protos"
WELL_KNOWN_PROTOS = Path(grpc_tools.__file__).parent / "_proto"

INDENT = "  "
MAX_FIELD_NUMBER = 536_870_911  # `max` in a message's `reserved` statement
MAX_ENUM_NUMBER = 2_147_483_647  # `max` in an enum's `reserved` statement

FieldProto = descriptor_pb2.FieldDescriptorProto
SCALAR_TYPES = {
    FieldProto.TYPE_DOUBLE: "double",
    FieldProto.TYPE_FLOAT: "float",
    FieldProto.TYPE_INT64: "int64",
    FieldProto.TYPE_UINT64: "uint64",
    FieldProto.TYPE_INT32: "int32",
    FieldProto.TYPE_FIXED64: "fixed64",
    FieldProto.TYPE_FIXED32: "fixed32",
    FieldProto.TYPE_BOOL: "bool",
    FieldProto.TYPE_STRING: "string",
    FieldProto.TYPE_BYTES: "bytes",
    FieldProto.TYPE_UINT32: "uint32",
    FieldProto.TYPE_SFIXED32: "sfixed32",
    FieldProto.TYPE_SFIXED64: "sfixed64",
    FieldProto.TYPE_SINT32: "sint32",
    FieldProto.TYPE_SINT64: "sint64",
}
OptionsOwner: TypeAlias = (
    descriptor_pb2.FileDescriptorProto
    | descriptor_pb2.DescriptorProto
    | descriptor_pb2.FieldDescriptorProto
    | descriptor_pb2.OneofDescriptorProto
    | descriptor_pb2.EnumDescriptorProto
    | descriptor_pb2.EnumValueDescriptorProto
    | descriptor_pb2.ServiceDescriptorProto
)
NAMED_TYPES = (FieldProto.TYPE_MESSAGE, FieldProto.TYPE_ENUM)
ESCAPES = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x22: '\\"', 0x27: "\\'", 0x5C: "\\\\"}
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class UnsupportedDescriptorError(Exception):
    """The descriptor uses something this printer cannot reproduce exactly."""


@dataclass(frozen=True)
class Wheel:
    """A downloaded wheel: the requirement it satisfies, its path and its sha256."""

    requirement: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class Source:
    """One compiled module of the SDK wheel and the descriptor embedded in it."""

    module: str
    serialized: bytes
    descriptor: descriptor_pb2.FileDescriptorProto


# --- Fetching the wheels ---------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download_wheel(package: str, version: str, expected_sha256: str, workdir: Path) -> Wheel:
    """Download ``package==version`` with pip (no dependencies) and check its pinned hash."""
    requirement = f"{package}=={version}"
    dest = workdir / package
    command = [sys.executable, "-m", "pip", "download", requirement, "--no-deps", "-d", str(dest)]
    subprocess.run(command, check=True)
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one wheel for {requirement}, pip left {wheels}")
    digest = sha256(wheels[0].read_bytes())
    if digest != expected_sha256:
        raise RuntimeError(f"{wheels[0].name}: sha256 {digest}, expected {expected_sha256}")
    return Wheel(requirement, wheels[0], digest)


def serialized_descriptor(module_source: str, module: str) -> bytes:
    """The bytes literal passed to ``AddSerializedFile`` in a ``*_pb2.py`` module."""
    literals = [
        node.args[0].value
        for node in ast.walk(ast.parse(module_source, module))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "AddSerializedFile"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, bytes)
    ]
    if len(literals) != 1:
        raise UnsupportedDescriptorError(f"{module}: {len(literals)} AddSerializedFile literals")
    return literals[0]


def read_sources(wheel: Path) -> list[Source]:
    """Every ``xai_sdk/proto/v6/*_pb2.py`` module of the wheel with its parsed descriptor."""
    sources = []
    with zipfile.ZipFile(wheel) as archive:
        for module in sorted(n for n in archive.namelist() if PB2_MODULE.fullmatch(n)):
            data = serialized_descriptor(archive.read(module).decode(), module)
            descriptor = descriptor_pb2.FileDescriptorProto.FromString(data)
            if descriptor.SerializeToString(deterministic=True) != data:
                raise UnsupportedDescriptorError(f"{module}: descriptor bytes are not canonical")
            sources.append(Source(module, data, descriptor))
    if not sources:
        raise RuntimeError(f"{wheel.name}: no modules match {PB2_MODULE.pattern}")
    return sources


# --- Name resolution -------------------------------------------------------------------------

TYPE, AGGREGATE, OTHER = "type", "aggregate", "other"  # kinds of symbols, as protoc sees them


def join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


class Symbols:
    """The names visible from one .proto file, to print each type reference as briefly as
    protoc's scoping rules (``DescriptorBuilder::LookupSymbol``) allow."""

    def __init__(self) -> None:
        self._kinds: dict[str, str] = {}

    @classmethod
    def visible_from(
        cls, file: descriptor_pb2.FileDescriptorProto, files: dict[str, Source]
    ) -> Symbols:
        """The file itself, its imports and what they import publicly.  Types from files that
        are not in the wheel (well-known types, google.rpc) are known by their references."""
        symbols = cls()
        for name in _visible_files(file, files):
            symbols._add_file(files[name].descriptor)
        for type_name in _type_references(file):
            if type_name[1:] not in symbols._kinds:
                symbols._add_package(type_name[1:].rpartition(".")[0])
                symbols._kinds[type_name[1:]] = TYPE
        return symbols

    def reference(self, type_name: str, scope: str, *, types_only: bool) -> str:
        """The shortest name for fully-qualified ``type_name`` that resolves back to it from
        ``scope`` (fields look up types only, methods look up any symbol)."""
        if not type_name.startswith("."):
            raise UnsupportedDescriptorError(f"{scope}: unqualified type name {type_name!r}")
        parts = type_name[1:].split(".")
        for start in reversed(range(len(parts))):
            candidate = ".".join(parts[start:])
            if self.resolve(candidate, scope, types_only=types_only) == type_name[1:]:
                return candidate
        return type_name

    def resolve(self, name: str, scope: str, *, types_only: bool) -> str | None:
        """What protoc binds relative ``name`` to when it is used inside ``scope``."""
        first, _, rest = name.partition(".")
        while "." in scope:
            scope = scope.rpartition(".")[0]
            found = f"{scope}.{first}"
            kind = self._kinds.get(found)
            if kind is None:
                continue
            if rest and kind in (TYPE, AGGREGATE):
                return f"{found}.{rest}" if f"{found}.{rest}" in self._kinds else None
            if not rest and (kind == TYPE or not types_only):
                return found
        return name if name in self._kinds else None

    def _add_file(self, file: descriptor_pb2.FileDescriptorProto) -> None:
        self._add_package(file.package)
        self._add_messages(file.package, file.message_type)
        self._add_enums(file.package, file.enum_type)
        for service in file.service:
            self._kinds[join(file.package, service.name)] = AGGREGATE
            for method in service.method:
                self._kinds[join(file.package, f"{service.name}.{method.name}")] = OTHER

    def _add_package(self, package: str) -> None:
        parts = package.split(".") if package else []
        for end in range(1, len(parts) + 1):
            self._kinds.setdefault(".".join(parts[:end]), AGGREGATE)

    def _add_messages(self, scope: str, messages: Iterable[descriptor_pb2.DescriptorProto]) -> None:
        for message in messages:
            full = join(scope, message.name)
            self._kinds[full] = TYPE
            for member in [*message.field, *message.oneof_decl]:
                self._kinds[f"{full}.{member.name}"] = OTHER
            self._add_enums(full, message.enum_type)
            self._add_messages(full, message.nested_type)

    def _add_enums(self, scope: str, enums: Iterable[descriptor_pb2.EnumDescriptorProto]) -> None:
        for enum in enums:
            self._kinds[join(scope, enum.name)] = TYPE
            for value in enum.value:  # enum values are siblings of their enum, C++ style
                self._kinds[join(scope, value.name)] = OTHER


def _visible_files(
    file: descriptor_pb2.FileDescriptorProto, files: dict[str, Source]
) -> Iterator[str]:
    yield file.name
    seen = {file.name}
    pending = [name for name in file.dependency if name in files]
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            yield name
            dependency = files[name].descriptor
            public = [dependency.dependency[i] for i in dependency.public_dependency]
            pending.extend(name for name in public if name in files)


def _type_references(file: descriptor_pb2.FileDescriptorProto) -> Iterator[str]:
    def in_messages(messages: Iterable[descriptor_pb2.DescriptorProto]) -> Iterator[str]:
        for message in messages:
            yield from (field.type_name for field in message.field if field.type_name)
            yield from in_messages(message.nested_type)

    yield from in_messages(file.message_type)
    for service in file.service:
        for method in service.method:
            yield from (method.input_type, method.output_type)


# --- Checks: refuse what cannot be printed exactly -------------------------------------------


def require_only(message: Message, allowed: Iterable[str], where: str) -> None:
    """Fail unless every field set on ``message`` is one the printer handles."""
    extra = sorted(field.name for field, _ in message.ListFields() if field.name not in allowed)
    if extra:
        raise UnsupportedDescriptorError(f"{where}: cannot print {', '.join(extra)}")
    if len(unknown_fields.UnknownFieldSet(message)):
        raise UnsupportedDescriptorError(f"{where}: has unknown fields (custom options?)")


def require_identifier(name: str, where: str) -> str:
    if not IDENTIFIER.fullmatch(name):
        raise UnsupportedDescriptorError(f"{where}: {name!r} is not an identifier")
    return name


def default_json_name(name: str) -> str:
    """protoc's ``ToJsonName``: drop underscores and upper-case the letter after each."""
    parts = name.split("_")
    return parts[0] + "".join(part[:1].upper() + part[1:] for part in parts[1:])


def map_entry_name(field_name: str) -> str:
    """protoc's ``MapEntryName``: the synthetic message a ``map<K, V>`` field declares."""
    return "".join(part[:1].upper() + part[1:] for part in field_name.split("_")) + "Entry"


def synthetic_oneof_names(message: descriptor_pb2.DescriptorProto, real: int) -> list[str]:
    """protoc's ``GenerateSyntheticOneofs``: one ``_name`` oneof per proto3 optional field."""
    taken = {field.name for field in message.field}
    taken.update(oneof.name for oneof in message.oneof_decl[:real])
    names = []
    for field in message.field:
        if field.proto3_optional:
            name = field.name if field.name.startswith("_") else f"_{field.name}"
            while name in taken:
                name = f"X{name}"
            taken.add(name)
            names.append(name)
    return names


def check_oneofs(message: descriptor_pb2.DescriptorProto, where: str) -> None:
    """Oneof declarations must be exactly what protoc derives from the printed fields: real
    oneofs numbered in order of appearance with contiguous fields, then synthetic ones."""
    runs: list[int] = []
    for field in message.field:
        if field.HasField("oneof_index") and not field.proto3_optional:
            if not runs or runs[-1] != field.oneof_index:
                runs.append(field.oneof_index)
        elif field.proto3_optional and not field.HasField("oneof_index"):
            raise UnsupportedDescriptorError(f"{where}.{field.name}: optional without a oneof")
    if runs != list(range(len(runs))):
        raise UnsupportedDescriptorError(f"{where}: oneofs out of order or split: {runs}")
    synthetic = [f.oneof_index for f in message.field if f.proto3_optional]
    if synthetic != list(range(len(runs), len(message.oneof_decl))):
        raise UnsupportedDescriptorError(f"{where}: synthetic oneofs are not protoc's")
    names = [oneof.name for oneof in message.oneof_decl[len(runs) :]]
    if names != synthetic_oneof_names(message, len(runs)):
        raise UnsupportedDescriptorError(f"{where}: synthetic oneof names are not protoc's")
    for oneof in message.oneof_decl[len(runs) :]:
        require_only(oneof, {"name"}, f"{where}.{oneof.name}")


def in_oneof(field: descriptor_pb2.FieldDescriptorProto, index: int) -> bool:
    """Whether ``field`` is declared inside real (not synthetic) oneof number ``index``."""
    return (
        field.HasField("oneof_index") and field.oneof_index == index and not field.proto3_optional
    )


def check_map_entry(
    entry: descriptor_pb2.DescriptorProto, field: descriptor_pb2.FieldDescriptorProto, where: str
) -> None:
    """A map entry must be exactly the message protoc synthesizes for ``map<K, V> field``."""
    expected = descriptor_pb2.DescriptorProto(name=map_entry_name(field.name))
    expected.options.map_entry = True
    for number, name in enumerate(("key", "value"), start=1):
        actual = entry.field[number - 1] if len(entry.field) >= number else FieldProto()
        synthesized = expected.field.add(name=name, number=number, json_name=name)
        synthesized.label, synthesized.type = FieldProto.LABEL_OPTIONAL, actual.type
        if actual.HasField("type_name"):
            synthesized.type_name = actual.type_name
    if entry != expected:
        raise UnsupportedDescriptorError(f"{where}: {entry.name} is not a protoc map entry")


# --- Printing --------------------------------------------------------------------------------


def quote(data: bytes) -> str:
    """A proto string literal for ``data`` (C escapes, octal for anything unprintable)."""
    return '"' + "".join(escape(byte) for byte in data) + '"'


def escape(byte: int) -> str:
    if byte in ESCAPES:
        return ESCAPES[byte]
    return chr(byte) if 0x20 <= byte < 0x7F else f"\\{byte:03o}"


def is_repeated(field: FieldDescriptor) -> bool:
    """``FieldDescriptor.is_repeated`` (protobuf 6+), or the ``label`` it replaced (protobuf 5)."""
    label = getattr(field, "label", None)
    return bool(getattr(field, "is_repeated", False) or label == FieldDescriptor.LABEL_REPEATED)


def option_value(field: FieldDescriptor, value: object, where: str) -> str:
    """The literal for one built-in option value; custom, repeated and message options fail."""
    if field.is_extension or is_repeated(field) or field.message_type is not None:
        raise UnsupportedDescriptorError(f"{where}: cannot print option {field.full_name}")
    if field.type == FieldDescriptor.TYPE_BOOL:
        return "true" if value else "false"
    if field.type == FieldDescriptor.TYPE_ENUM and field.enum_type and isinstance(value, int):
        return str(field.enum_type.values_by_number[value].name)
    if field.type == FieldDescriptor.TYPE_STRING:
        return quote(str(value).encode())
    if field.type == FieldDescriptor.TYPE_BYTES and isinstance(value, bytes):
        return quote(value)
    if isinstance(value, int):
        return str(value)
    raise UnsupportedDescriptorError(f"{where}: cannot print option {field.full_name}")


def options(message: Message, where: str) -> list[str]:
    """``name = value`` for every option set, generically from the options message."""
    require_only(message, {field.name for field in message.DESCRIPTOR.fields}, where)
    return [
        f"{field.name} = {option_value(field, value, where)}"
        for field, value in message.ListFields()
    ]


def options_of(owner: OptionsOwner, where: str) -> list[str]:
    """The options set on ``owner.options``, if any; an empty options message cannot be
    written in source (except as a method's ``{}`` body) so it fails."""
    if not owner.HasField("options"):
        return []
    items = options(owner.options, where)
    if not items:
        raise UnsupportedDescriptorError(f"{where}: cannot print empty options")
    return items


def option_statements(owner: OptionsOwner, where: str) -> list[str]:
    """``option x = y;`` lines for the options of a file, message, enum, oneof or service."""
    return [f"option {item};" for item in options_of(owner, where)]


def bracketed(items: Sequence[str]) -> str:
    return f" [{', '.join(items)}]" if items else ""


def indent(lines: Iterable[str]) -> list[str]:
    return [f"{INDENT}{line}" if line else line for line in lines]


def paragraphs(blocks: Iterable[list[str]]) -> list[str]:
    """Non-empty blocks of lines, separated by blank lines."""
    lines: list[str] = []
    for block in blocks:
        if block:
            lines.extend([""] if lines else [])
            lines.extend(block)
    return lines


def braced(opening: str, body: list[str]) -> list[str]:
    return [f"{opening} {{", *indent(body), "}"] if body else [f"{opening} {{}}"]


def reserved(
    ranges: Iterable[tuple[int, int]], names: Iterable[str], maximum: int, where: str
) -> list[str]:
    """``reserved`` statements; ``ranges`` are (first, last) inclusive."""
    spans = [
        str(first) if first == last else f"{first} to {'max' if last == maximum else last}"
        for first, last in ranges
    ]
    lines = [f"reserved {', '.join(spans)};"] if spans else []
    quoted = [quote(require_identifier(name, where).encode()) for name in names]
    return lines + ([f"reserved {', '.join(quoted)};"] if quoted else [])


class FilePrinter:
    """Prints one proto3 FileDescriptorProto as the .proto source protoc compiles back to it."""

    def __init__(self, file: descriptor_pb2.FileDescriptorProto, symbols: Symbols) -> None:
        self.file = file
        self.symbols = symbols

    def render(self, header: Sequence[str]) -> str:
        file = self.file
        require_only(
            file,
            {"name", "package", "dependency", "public_dependency", "weak_dependency"}
            | {"message_type", "enum_type", "service", "options", "syntax"},
            file.name,
        )
        if file.syntax != "proto3":
            raise UnsupportedDescriptorError(f"{file.name}: syntax {file.syntax!r}, not proto3")
        package = [f"package {file.package};"] if file.package else []
        definitions = [
            *(self.message(message, file.package) for message in file.message_type),
            *(self.enum(enum, file.package) for enum in file.enum_type),
            *(self.service(service) for service in file.service),
        ]
        blocks = [
            list(header),
            [f'syntax = "{file.syntax}";'],
            package,
            self.imports(),
            option_statements(file, file.name),
            *definitions,
        ]
        return "\n".join(paragraphs(blocks)) + "\n"

    def imports(self) -> list[str]:
        public, weak = set(self.file.public_dependency), set(self.file.weak_dependency)
        if (public | weak) - set(range(len(self.file.dependency))):
            raise UnsupportedDescriptorError(f"{self.file.name}: bad import index")
        modifier = {**{i: "public " for i in public}, **{i: "weak " for i in weak}}
        return [
            f"import {modifier.get(i, '')}{quote(name.encode())};"
            for i, name in enumerate(self.file.dependency)
        ]

    def message(self, message: descriptor_pb2.DescriptorProto, scope: str) -> list[str]:
        full = join(scope, require_identifier(message.name, scope or self.file.name))
        require_only(
            message,
            {"name", "field", "nested_type", "enum_type", "oneof_decl"}
            | {"options", "reserved_range", "reserved_name"},
            full,
        )
        check_oneofs(message, full)
        for entry in message.reserved_range:
            require_only(entry, {"start", "end"}, f"{full} reserved")
        ranges = [(r.start, r.end - 1) for r in message.reserved_range]
        body = paragraphs(
            [
                option_statements(message, full),
                *(self.enum(enum, full) for enum in message.enum_type),
                *self.members(message, full),
                reserved(ranges, message.reserved_name, MAX_FIELD_NUMBER, full),
            ]
        )
        return braced(f"message {message.name}", body)

    def members(self, message: descriptor_pb2.DescriptorProto, full: str) -> list[list[str]]:
        """Runs of fields and nested messages, interleaved so that each map field declares its
        synthetic entry message at the entry's position among the nested messages."""
        fields = list(message.field)
        blocks: list[list[str]] = []
        printed = due = 0  # fields printed so far / that must precede the next nested message
        for nested in message.nested_type:
            if nested.options.map_entry:
                owner = next(
                    (i for i, f in enumerate(fields) if f.type_name == f".{full}.{nested.name}"), -1
                )
                if owner < due or not self.is_map(fields[owner], message, full):
                    raise UnsupportedDescriptorError(f"{full}.{nested.name}: misplaced map entry")
                due = owner + 1
                continue
            blocks.append(self.fields(message, full, fields[printed:due]))
            blocks.append(self.message(nested, full))
            printed = due
        blocks.append(self.fields(message, full, fields[printed:]))
        return blocks

    def fields(
        self,
        message: descriptor_pb2.DescriptorProto,
        full: str,
        fields: list[descriptor_pb2.FieldDescriptorProto],
    ) -> list[str]:
        """Field declarations, with the fields of each real oneof grouped in its block."""
        lines: list[str] = []
        start = 0
        while start < len(fields):
            field = fields[start]
            if not in_oneof(field, field.oneof_index):
                lines.append(self.field(field, message, full))
                start += 1
                continue
            end = start + 1
            while end < len(fields) and in_oneof(fields[end], field.oneof_index):
                end += 1
            lines.extend(self.oneof(message, full, fields[start:end]))
            start = end
        return lines

    def oneof(
        self,
        message: descriptor_pb2.DescriptorProto,
        full: str,
        fields: list[descriptor_pb2.FieldDescriptorProto],
    ) -> list[str]:
        oneof = message.oneof_decl[fields[0].oneof_index]
        where = f"{full}.{require_identifier(oneof.name, full)}"
        require_only(oneof, {"name", "options"}, where)
        body = option_statements(oneof, where) + [self.field(f, message, full) for f in fields]
        return braced(f"oneof {oneof.name}", body)

    def field(
        self,
        field: descriptor_pb2.FieldDescriptorProto,
        message: descriptor_pb2.DescriptorProto,
        full: str,
    ) -> str:
        where = f"{full}.{require_identifier(field.name, full)}"
        require_only(
            field,
            {"name", "number", "label", "type", "type_name", "json_name", "options"}
            | {"oneof_index", "proto3_optional"},
            where,
        )
        if not field.HasField("json_name"):
            raise UnsupportedDescriptorError(f"{where}: no json_name (protoc always sets one)")
        if field.HasField("proto3_optional") and not field.proto3_optional:
            raise UnsupportedDescriptorError(f"{where}: explicit proto3_optional = false")
        items = options_of(field, where)
        if field.json_name != default_json_name(field.name):
            items.insert(0, f"json_name = {quote(field.json_name.encode())}")
        declaration = f"{self.field_type(field, message, full, where)} {field.name}"
        return f"{declaration} = {field.number}{bracketed(items)};"

    def field_type(
        self,
        field: descriptor_pb2.FieldDescriptorProto,
        message: descriptor_pb2.DescriptorProto,
        full: str,
        where: str,
    ) -> str:
        """The type with its label: ``map<K, V>``, ``repeated T``, ``optional T`` or ``T``."""
        if self.is_map(field, message, full):
            entry_name = field.type_name.rpartition(".")[2]
            entry = next(m for m in message.nested_type if m.name == entry_name)
            check_map_entry(entry, field, where)
            key, value = (self.type_name(f, f"{full}.{entry_name}.{f.name}") for f in entry.field)
            return f"map<{key}, {value}>"
        type_name = self.type_name(field, where)
        if field.label == FieldProto.LABEL_REPEATED:
            return f"repeated {type_name}"
        if field.label != FieldProto.LABEL_OPTIONAL:
            raise UnsupportedDescriptorError(f"{where}: label {field.label} in proto3")
        return f"optional {type_name}" if field.proto3_optional else type_name

    def type_name(self, field: descriptor_pb2.FieldDescriptorProto, scope: str) -> str:
        if field.type in SCALAR_TYPES and not field.HasField("type_name"):
            return SCALAR_TYPES[field.type]
        if field.type in NAMED_TYPES and field.HasField("type_name"):
            return self.symbols.reference(field.type_name, scope, types_only=True)
        raise UnsupportedDescriptorError(f"{scope}: cannot print type {field.type}")

    @staticmethod
    def is_map(
        field: descriptor_pb2.FieldDescriptorProto,
        message: descriptor_pb2.DescriptorProto,
        full: str,
    ) -> bool:
        scope, _, name = field.type_name.rpartition(".")
        return (
            field.label == FieldProto.LABEL_REPEATED
            and field.type == FieldProto.TYPE_MESSAGE
            and scope == f".{full}"
            and any(m.name == name and m.options.map_entry for m in message.nested_type)
        )

    def enum(self, enum: descriptor_pb2.EnumDescriptorProto, scope: str) -> list[str]:
        full = join(scope, require_identifier(enum.name, scope or self.file.name))
        require_only(enum, {"name", "value", "options", "reserved_range", "reserved_name"}, full)
        for entry in enum.reserved_range:
            require_only(entry, {"start", "end"}, f"{full} reserved")
        ranges = [(r.start, r.end) for r in enum.reserved_range]  # enum ranges are inclusive
        body = paragraphs(
            [
                option_statements(enum, full),
                [self.enum_value(value, full) for value in enum.value],
                reserved(ranges, enum.reserved_name, MAX_ENUM_NUMBER, full),
            ]
        )
        return braced(f"enum {enum.name}", body)

    def enum_value(self, value: descriptor_pb2.EnumValueDescriptorProto, enum: str) -> str:
        where = f"{enum}.{require_identifier(value.name, enum)}"
        require_only(value, {"name", "number", "options"}, where)
        return f"{value.name} = {value.number}{bracketed(options_of(value, where))};"

    def service(self, service: descriptor_pb2.ServiceDescriptorProto) -> list[str]:
        full = join(self.file.package, require_identifier(service.name, self.file.name))
        require_only(service, {"name", "method", "options"}, full)
        methods = [self.method(method, full) for method in service.method]
        body = option_statements(service, full) + [line for m in methods for line in m]
        return braced(f"service {service.name}", body)

    def method(self, method: descriptor_pb2.MethodDescriptorProto, service: str) -> list[str]:
        """``rpc M(A) returns (B);`` or, when protoc recorded (possibly empty) options because
        the source wrote a body, ``rpc M(A) returns (B) {...}``."""
        where = f"{service}.{require_identifier(method.name, service)}"
        require_only(
            method,
            {"name", "input_type", "output_type", "options", "client_streaming"}
            | {"server_streaming"},
            where,
        )
        for flag in ("client_streaming", "server_streaming"):
            if method.HasField(flag) and not getattr(method, flag):
                raise UnsupportedDescriptorError(f"{where}: explicit {flag} = false")
        request = self.symbols.reference(method.input_type, where, types_only=False)
        response = self.symbols.reference(method.output_type, where, types_only=False)
        signature = (
            f"rpc {method.name}({'stream ' if method.client_streaming else ''}{request})"
            f" returns ({'stream ' if method.server_streaming else ''}{response})"
        )
        if not method.HasField("options"):
            return [f"{signature};"]
        body = [f"option {item};" for item in options(method.options, where)]
        return braced(signature, body)


# --- Verifying and writing -------------------------------------------------------------------


def compile_protos(root: Path, names: Iterable[str], descriptor_set: Path) -> dict[str, bytes]:
    """Compile ``names`` under ``root`` with grpcio-tools' protoc; each file's descriptor bytes."""
    arguments = [
        "grpc_tools.protoc",
        f"-I{root}",
        f"-I{WELL_KNOWN_PROTOS}",
        f"--descriptor_set_out={descriptor_set}",
        *names,
    ]
    if protoc.main(arguments) != 0:
        raise RuntimeError("protoc rejected the printed sources (see its errors above)")
    compiled = descriptor_pb2.FileDescriptorSet.FromString(descriptor_set.read_bytes())
    return {file.name: file.SerializeToString(deterministic=True) for file in compiled.file}


def verify(files: dict[str, bytes], sources: list[Source], workdir: Path) -> None:
    """Fail unless protoc compiles every printed file back to exactly the wheel's bytes."""
    root = workdir / "verify"
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    compiled = compile_protos(root, sorted(files), workdir / "descriptors.pb")
    mismatched = [s.descriptor.name for s in sources if compiled[s.descriptor.name] != s.serialized]
    if mismatched:
        raise UnsupportedDescriptorError(f"printed sources do not round-trip: {mismatched}")


def header(origin: str) -> list[str]:
    return [f"// {origin}. DO NOT EDIT.", REGENERATE]


def generated_files(sources: list[Source]) -> dict[str, bytes]:
    """The printed .proto source of every descriptor, by descriptor name."""
    by_name = {source.descriptor.name: source for source in sources}
    files = {}
    for source in sources:
        symbols = Symbols.visible_from(source.descriptor, by_name)
        origin = f"Generated by {GENERATOR} from {XAI_SDK}=={XAI_SDK_VERSION} ({source.module})"
        text = FilePrinter(source.descriptor, symbols).render(header(origin))
        files[source.descriptor.name] = text.encode()
    return files


def copied_files(wheel: Wheel) -> dict[str, bytes]:
    """The protos copied verbatim from ``wheel``, below a header naming their origin."""
    files = {}
    with zipfile.ZipFile(wheel.path) as archive:
        for name in COPIED_PROTOS:
            origin = f"Copied by {GENERATOR} from {wheel.requirement} ({name}), unchanged below"
            files[name] = "\n".join([*header(origin), "", ""]).encode() + archive.read(name)
    return files


def manifest(
    xai: Wheel, googleapis: Wheel, sources: list[Source], copied: dict[str, bytes]
) -> bytes:
    content = {
        "generator": GENERATOR,
        "source": {"requirement": xai.requirement, "wheel": xai.path.name, "sha256": xai.sha256},
        "files": {
            source.descriptor.name: {
                "module": source.module,
                "descriptor_sha256": sha256(source.serialized),
            }
            for source in sorted(sources, key=lambda source: source.descriptor.name)
        },
        "copied": {
            name: {
                "requirement": googleapis.requirement,
                "wheel": googleapis.path.name,
                "wheel_sha256": googleapis.sha256,
                "sha256": sha256(content),
            }
            for name, content in copied.items()
        },
    }
    return (json.dumps(content, indent=2) + "\n").encode()


def replace_tree(out: Path, files: dict[str, bytes]) -> None:
    """Make ``out`` hold exactly ``files``: the folder belongs to this script, so anything
    else in it is stale.  A non-empty folder without a manifest is refused, not wiped."""
    existing = sorted(out.rglob("*"), reverse=True) if out.exists() else []  # children first
    if existing and not (out / MANIFEST).is_file():
        raise RuntimeError(f"{out} is not empty and has no {MANIFEST}; refusing to overwrite it")
    for path in existing:
        if path.is_symlink() or not path.is_dir():
            if path.relative_to(out).as_posix() not in files:
                path.unlink()
        elif not any(path.iterdir()):
            path.rmdir()
    for name, content in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)


def generate(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="xai-protos-") as temp:
        workdir = Path(temp)
        xai = download_wheel(XAI_SDK, XAI_SDK_VERSION, XAI_SDK_SHA256, workdir)
        googleapis = download_wheel(GOOGLEAPIS, GOOGLEAPIS_VERSION, GOOGLEAPIS_SHA256, workdir)
        sources = read_sources(xai.path)
        copied = copied_files(googleapis)
        files = {**generated_files(sources), **copied}
        verify(files, sources, workdir)
        files[MANIFEST] = manifest(xai, googleapis, sources, copied)
        replace_tree(out, files)
    print(f"wrote {len(sources)} generated and {len(copied)} copied .proto files to {out}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Recreate protos/ from the xai-sdk wheel.")
    default = Path(__file__).resolve().parent.parent / "protos"
    parser.add_argument("--out", type=Path, default=default, help="output folder (%(default)s)")
    generate(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
