"""Update masks (AIP-134): which fields of a resource an Update changes."""

from __future__ import annotations

from collections.abc import Collection

from google.protobuf import field_mask_pb2

from services.runtime.errors import InvalidArgument


def paths(mask: field_mask_pb2.FieldMask, *, allowed: Collection[str], default: Collection[str]) -> set[str]:
    """The mask's paths; ``default`` when empty, ``allowed`` for ``*``; unknown paths are INVALID_ARGUMENT."""
    given = list(mask.paths)
    if not given:
        return set(default)
    if given == ["*"]:
        return set(allowed)
    unknown = [p for p in given if p not in allowed]
    if unknown:
        raise InvalidArgument.field(
            "update_mask",
            f"cannot update {', '.join(unknown)}; updatable: {', '.join(sorted(allowed))}",
            reason="INVALID_UPDATE_MASK",
        )
    return set(given)
