"""Reads the google.rpc error a REST client gets from the gateway (the transcoded status as JSON)."""

from __future__ import annotations

import httpx


def field_violations(response: httpx.Response) -> set[str]:
    """The fields a 400 names; fails unless the body is an INVALID_ARGUMENT status."""
    body = response.json()
    assert body["code"] == 3  # INVALID_ARGUMENT
    return {v["field"] for d in body["details"] if "field_violations" in d for v in d["field_violations"]}


def error_reason(response: httpx.Response) -> str:
    """The ErrorInfo reason of an error answer (``EMAIL_TAKEN``, ``ADDRESS_BOOK_FULL``...)."""
    return next(d["reason"] for d in response.json()["details"] if "reason" in d)
