"""The built-in sandbox payment provider, driven by test card numbers like a real provider's test mode.

| card number         | outcome                                   |
|---------------------|-------------------------------------------|
| 4000000000000002    | declined (CARD_DECLINED)                  |
| 4000000000009995    | declined (INSUFFICIENT_FUNDS)             |
| 4000000000000119    | provider outage: UNAVAILABLE, retryable   |
| any other valid one | approved (e.g. 4242424242424242)          |

An expired card is declined (EXPIRED_CARD). Tokens stand in for the card from then on. With a latency (the
``sandbox_latency_ms`` setting) every call answers that much later, as a slow provider would.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from services.payments import domain
from services.payments.domain import CardDetails
from services.runtime.errors import Unavailable
from services.runtime.money import Money

DECLINED_CARDS = {"4000000000000002": domain.CARD_DECLINED, "4000000000009995": domain.INSUFFICIENT_FUNDS}
OUTAGE_CARD = "4000000000000119"


@dataclass(frozen=True)
class Decision:
    approved: bool
    token: str
    decline_reason: str = ""


class SandboxProvider:
    def __init__(self, latency_seconds: float = 0.0) -> None:
        self._latency = latency_seconds

    async def _answer(self) -> None:
        if self._latency:
            await asyncio.sleep(self._latency)

    async def authorize(self, amount: Money, card: CardDetails) -> Decision:
        await self._answer()
        if card.number == OUTAGE_CARD:
            raise Unavailable(
                "the payment provider is not answering", retry_after_seconds=2, reason="PAYMENT_PROVIDER_UNAVAILABLE"
            )
        if card.expired(datetime.now(UTC)):
            return Decision(False, "", domain.EXPIRED_CARD)
        if card.number in DECLINED_CARDS:
            return Decision(False, "", DECLINED_CARDS[card.number])
        return Decision(True, f"tok_{secrets.token_hex(12)}")

    async def capture(self, token: str) -> None:
        await self._answer()

    async def void(self, token: str) -> None:
        await self._answer()

    async def refund(self, token: str, amount: Money) -> None:
        await self._answer()
