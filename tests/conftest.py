"""The test stack: real PostgreSQL, Redis, Kafka, services and Envoy on the ``test`` profile's ports.

It is started by the same scripts as ``make up`` (``scripts/stack.py``) the first time a test needs it,
and stopped at the end of the session, unless it was already running (then it is left as found) or
``SHOPMESH_KEEP_TEST_STACK=1`` (handy while iterating: the next run starts in seconds).

Tests run layer by layer, cheapest first: unit, contract, integration, e2e, security, release (the release
drills start a stack of their own). Once a layer has a failure, the session stops at the end of that layer (the
next layers' failures would only repeat it, slower).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.mesh import Profile
from scripts.stack import Stack

LAYERS = ("unit", "contract", "integration", "e2e", "security", "release")
_TESTS = Path(__file__).parent
_failed_layer: list[str] = []


def _layer(item: pytest.Item) -> str:
    return item.path.relative_to(_TESTS).parts[0]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: LAYERS.index(_layer(item)))  # stable: each layer keeps its own order


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    result = yield
    # The last test of a layer with a failure ends the session: the next layers would only repeat it, slower.
    if _failed_layer and nextitem is not None and _layer(nextitem) != _layer(item):
        item.session.shouldstop = f"the {_failed_layer[0]} tests failed; later layers were not run"
    return result


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed and not _failed_layer:
        _failed_layer.append(Path(report.fspath).resolve().relative_to(_TESTS.resolve()).parts[0])


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
