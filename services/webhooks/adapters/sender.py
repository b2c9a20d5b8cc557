"""POSTs a delivery to its endpoint over HTTP(S); every outcome is an answer, never an exception."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Outcome:
    status_code: int  # 0: no HTTP answer
    error: str  # empty on 2xx

    @property
    def delivered(self) -> bool:
        return 200 <= self.status_code < 300


class HttpSender:
    def __init__(self, *, timeout_seconds: float) -> None:
        # Redirects are not followed: a receiver answers where it was registered.
        self._client = httpx.AsyncClient(timeout=timeout_seconds, follow_redirects=False)

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
        try:
            response = await self._client.post(url, content=body, headers=dict(headers))
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as error:  # unreachable, refused, timed out, bad URL
            return Outcome(0, f"{type(error).__name__}: {error}"[:500])
        if 200 <= response.status_code < 300:
            return Outcome(response.status_code, "")
        return Outcome(response.status_code, f"HTTP {response.status_code}: {response.text[:200]}")

    async def close(self) -> None:
        await self._client.aclose()
