"""The release drills share one stack (``.run/release``): the upgrade drill starts it at the previous release and
leaves every replica on this checkout, which is where the canaries then run; it is stopped after the layer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from scripts import upgrade
from scripts.mesh import Profile
from scripts.stack import Stack


@pytest.fixture(scope="session")
async def upgraded() -> AsyncIterator[upgrade.Drill]:
    """The rolling upgrade from the previous release under load, its stack left running on this checkout."""
    try:
        yield await upgrade.run(upgrade.PREVIOUS_RELEASE, rate=3.0, shopper_count=12, keep=True)
    finally:
        Stack(Profile.named(upgrade.PROFILE)).down()
