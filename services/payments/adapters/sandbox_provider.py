"""The built-in sandbox payment provider, driven by test card numbers like a real provider's test mode.

| card number         | outcome                                   |
|---------------------|-------------------------------------------|
| 4000000000000002    | declined (CARD_DECLINED)                  |
| 4000000000009995    | declined (INSUFFICIENT_FUNDS)             |
| 4000000000000119    | provider outage: UNAVAILABLE, retryable   |
| any other valid one | approved (e.g. 4242424242424242)          |

An expired card is declined (EXPIRED_CARD). Tokens stand in for the card from then on.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from services.payments.domain import CardDetails
from services.runtime.errors import Unavailable
from services.runtime.money import Money

DECLINED_CARDS = {"4000000000000002": "CARD_DECLINED", "4000000000009995": "INSUFFICIENT_FUNDS"}
OUTAGE_CARD = "4000000000000119"


@dataclass(frozen=True)
class Decision:
    approved: bool
    token: str
    decline_reason: str = ""


class SandboxProvider:
    async def authorize(self, amount: Money, card: CardDetails) -> Decision:
        if card.number == OUTAGE_CARD:
            raise Unavailable(
                "the payment provider is not answering", retry_after_seconds=2, reason="PAYMENT_PROVIDER_UNAVAILABLE"
            )
        if card.expired(datetime.now(UTC)):
            return Decision(False, "", "EXPIRED_CARD")
        if card.number in DECLINED_CARDS:
            return Decision(False, "", DECLINED_CARDS[card.number])
        return Decision(True, f"tok_{secrets.token_hex(12)}")

    async def capture(self, token: str) -> None:
        return None

    async def void(self, token: str) -> None:
        return None

    async def refund(self, token: str) -> None:
        return None
