"""protovalidate rules of a request → :class:`~services.runtime.errors.InvalidArgument`."""

from __future__ import annotations

import re
from typing import Any

import protovalidate
from google.protobuf.descriptor import Descriptor, FieldDescriptor
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


def _declares_rules(options: Any) -> bool:
    return any(field.full_name.startswith("buf.validate.") for field, _ in options.ListFields())


def has_rules(message: Descriptor) -> bool:
    """Whether protovalidate has anything to check in a ``message``: a rule on it, one of its oneofs or fields, or
    on a message it contains. A request type without any is not validated at all (the pipeline asks once)."""
    seen: set[str] = set()
    pending = [message]
    while pending:
        current = pending.pop()
        if current.full_name in seen:
            continue
        seen.add(current.full_name)
        if _declares_rules(current.GetOptions()) or any(_declares_rules(o.GetOptions()) for o in current.oneofs):
            return True
        for field in current.fields:
            if _declares_rules(field.GetOptions()):
                return True
            if field.type == FieldDescriptor.TYPE_MESSAGE:
                pending.append(field.message_type)
    return False
