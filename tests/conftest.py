"""The test stack: real PostgreSQL, Redis, Kafka, services and Envoy on the ``test`` profile's ports.

It is started by the same scripts as ``make up`` (``scripts/stack.py``) the first time a test needs it,
and stopped at the end of the session, unless it was already running (then it is left as found) or
``SHOPMESH_KEEP_TEST_STACK=1`` (handy while iterating: the next run starts in seconds).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from scripts.mesh import Profile
from scripts.stack import Stack


@pytest.fixture(scope="session")
def test_stack() -> Iterator[Stack]:
    stack = Stack(Profile.named("test"))
    was_running = stack.supervisor_running()
    yield stack
    if not was_running and not os.environ.get("SHOPMESH_KEEP_TEST_STACK"):
        stack.down()  # fails the session if a port is still taken afterwards


@pytest.fixture(scope="session")
def infrastructure(test_stack: Stack) -> Profile:
    """PostgreSQL, Redis and Kafka are up."""
    test_stack.up(infra_only=True)
    return test_stack.profile


@pytest.fixture(scope="session")
def mesh(test_stack: Stack) -> Profile:
    """Everything is up: infrastructure, every service (as processes) and Envoy, with the demo catalog."""
    test_stack.up()
    return test_stack.profile
