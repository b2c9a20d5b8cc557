"""One chaos scenario end to end (the full set is ``make chaos``, a command, not a test): payments SIGKILLed
while shoppers check out through the gateway; the mesh recovers by itself and reconcile finds the books of
every order placed meanwhile balanced."""

from __future__ import annotations

import asyncio

from scripts import chaos
from scripts.mesh import Profile
from scripts.stack import Stack


def test_payments_killed_under_load_loses_no_money_stock_or_event(mesh: Profile, test_stack: Stack) -> None:
    [outcome] = asyncio.run(chaos.run(mesh, ["kill-payments"], rate=2.0, shopper_count=6, after_seconds=10.0))

    assert outcome.sent > 50
    assert outcome.findings == []
    assert outcome.balanced_after_s is not None
    # Checkouts work again: any that failed were before the last success.
    assert outcome.checkouts_ok_after > 0
    if outcome.checkouts_failed_until_s is not None:
        assert outcome.checkouts_failed_until_s < 10
    # Only the outage's own answers failed: UNAVAILABLE (503) from the gateway, never a 500 or a hang.
    assert set(outcome.failed) <= {"503"}, outcome.failed
    test_stack.wait_serving()
