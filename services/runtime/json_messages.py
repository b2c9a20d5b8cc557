"""Protobuf messages kept in JSON columns (an order's shipping address, a saved address): one mapping both ways,
so what a service stores reads back as the same message."""

from __future__ import annotations

from typing import Any, TypeVar

from google.protobuf import json_format
from google.protobuf.message import Message

M = TypeVar("M", bound=Message)


def to_json_dict(message: Message) -> dict[str, Any]:
    """The message as a JSON object with the proto field names and every field present (empty ones too)."""
    return json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


def from_json_dict(data: dict[str, Any], kind: type[M]) -> M:
    """Back from :func:`to_json_dict` (fields it does not know are ignored: an older row stays readable)."""
    return json_format.ParseDict(data, kind(), ignore_unknown_fields=True)
