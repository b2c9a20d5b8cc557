"""protovalidate rules of a request → :class:`~services.runtime.errors.InvalidArgument`."""

from __future__ import annotations

import re
from typing import Any

import protovalidate
from google.protobuf.message import Message

from services.runtime.errors import FieldViolation, InvalidArgument


def _path(violation: Any) -> str:
    """The field a violation is about; "" for a rule about the whole message (one that relates its fields)."""
    if violation.proto.field is None:
        return ""
    parts: list[str] = []
    for element in violation.proto.field.elements:
        part = element.field_name
        subscript = element.subscript  # None, or Oneof(field="index" | "string_key" | ..., value=...)
        if subscript is not None:
            part += f"[{subscript.value}]" if subscript.field == "index" else f"[{subscript.value!r}]"
        parts.append(part)
    return ".".join(parts)


_ONE_PLURAL = re.compile(r"\b1 (character|item|byte|entry|key)s\b")


def _sentence(message: str) -> str:
    """protovalidate's words, with its "at least 1 characters" made singular."""
    return _ONE_PLURAL.sub(r"1 \1", message)


def check(request: Message) -> None:
    """Raises InvalidArgument with one field violation per broken rule of ``request``."""
    try:
        protovalidate.validate(request)
    except protovalidate.ValidationError as error:
        raise InvalidArgument(
            [FieldViolation(_path(v), _sentence(v.proto.message)) for v in error.violations],
        ) from None
