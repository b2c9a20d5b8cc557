"""A rolling upgrade from the previous release to this checkout under shoppers' load (``make upgrade``).

The release stack starts at ``scripts.upgrade.PREVIOUS_RELEASE`` (its code, migrations and demo data), this
checkout's migrations run under it, and every replica is replaced one at a time while shoppers browse and check
out through the gateway. No request may fail, and the books of every order placed meanwhile must balance: each
confirmed order paid, its stock taken, its shipment open, one confirmation mail and one analytics fact.
"""

from __future__ import annotations

from scripts import upgrade


def test_a_rolling_upgrade_from_the_previous_release_fails_no_request_and_keeps_the_books(upgraded: upgrade.Drill):
    summary = upgraded.summary()
    assert upgraded.failed == [], summary
    assert upgraded.balanced_after_s is not None, summary
    # Old and new replicas really served together: shoppers checked out while they did.
    mixed = upgraded.while_mixed()
    assert sum(1 for call in mixed if call.kind == "checkout" and call.outcome == "ok") >= 20, summary
