"""Protobuf message classes built at run time from our own ``.proto`` text (no protoc).

The webcast adapters describe the wire format in a small subset of proto3 written for this
project (flat messages; scalar, message and ``repeated`` fields; no maps, oneofs, nested
types or imports). :func:`message_classes` parses that text into a
``FileDescriptorProto``, adds it to a private descriptor pool and returns one message
class per message, so no generated code is shipped or copied. Unknown fields in a frame
are kept by protobuf and ignored by us, so fields we never described do not break decoding.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_SCALARS = {
    "double": 1,
    "float": 2,
    "int64": 3,
    "uint64": 4,
    "int32": 5,
    "bool": 8,
    "string": 9,
    "bytes": 12,
    "uint32": 13,
    "sint32": 17,
    "sint64": 18,
}
_TYPE_MESSAGE = 11
_LABEL_OPTIONAL, _LABEL_REPEATED = 1, 3

_COMMENT = re.compile(r"//[^\n]*")
_MESSAGE = re.compile(r"message\s+(\w+)\s*\{([^{}]*)\}", re.S)
_FIELD = re.compile(r"^(repeated\s+)?(\w+)\s+(\w+)\s*=\s*(\d+)\s*$")
_PACKAGE = re.compile(r"package\s+([\w.]+)\s*;")


class ProtoSchemaError(ValueError):
    """The ``.proto`` text uses something outside the supported subset (a bug of ours)."""


def parse_proto(text: str, name: str) -> Any:
    """Our ``.proto`` subset -> ``descriptor_pb2.FileDescriptorProto``."""
    from google.protobuf import descriptor_pb2

    text = _COMMENT.sub("", text)
    package = _PACKAGE.search(text)
    file_proto = descriptor_pb2.FileDescriptorProto(
        name=name, package=package.group(1) if package else "", syntax="proto3"
    )
    prefix = f".{file_proto.package}." if file_proto.package else "."
    names = {m.group(1) for m in _MESSAGE.finditer(text)}
    for match in _MESSAGE.finditer(text):
        message = file_proto.message_type.add(name=match.group(1))
        for line in filter(None, (part.strip() for part in match.group(2).split(";"))):
            field = _FIELD.match(line)
            if field is None:
                raise ProtoSchemaError(f"{name}: {match.group(1)}: cannot read {line!r}")
            repeated, kind, field_name, number = field.groups()
            entry = message.field.add(
                name=field_name,
                number=int(number),
                label=_LABEL_REPEATED if repeated else _LABEL_OPTIONAL,
            )
            if kind in _SCALARS:
                entry.type = _SCALARS[kind]
            elif kind in names:
                entry.type = _TYPE_MESSAGE
                entry.type_name = prefix + kind
            else:
                raise ProtoSchemaError(f"{name}: unknown type {kind!r} in {match.group(1)}")
    return file_proto


@cache
def message_classes(text: str, name: str) -> dict[str, Any]:
    """Message name -> generated class, for the schema ``text`` (built once per schema)."""
    from google.protobuf import descriptor_pool, message_factory

    file_proto = parse_proto(text, name)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file_proto)
    package = f"{file_proto.package}." if file_proto.package else ""
    return {
        m.name: message_factory.GetMessageClass(pool.FindMessageTypeByName(package + m.name))
        for m in file_proto.message_type
    }
