"""Etags (AIP-154) and timestamps of resources, the same for every service."""

from __future__ import annotations

import hashlib
from datetime import datetime

from google.protobuf import timestamp_pb2


def etag(resource_id: str, version: int) -> str:
    """An opaque etag that changes exactly when the resource's version does."""
    return hashlib.sha256(f"{resource_id}:{version}".encode()).hexdigest()[:16]


def timestamp(value: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp
