"""Stopping a background task whose code (or a library under it) swallows a cancellation still stops it."""

import asyncio

from services.runtime.cancellation import cancel_and_wait


async def test_a_task_that_swallows_the_first_cancellation_is_stopped_by_the_next():
    swallowed = []

    async def relay() -> None:
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                if not swallowed:  # as Python 3.11's wait_for does when the cancel meets a result
                    swallowed.append(True)
                    continue
                raise

    task = asyncio.create_task(relay())
    await asyncio.sleep(0)
    await asyncio.wait_for(cancel_and_wait(task, every=0.05), timeout=2)
    assert task.cancelled()
    assert swallowed == [True]


async def test_a_task_that_already_ended_with_an_error_is_simply_done():
    async def broken() -> None:
        raise RuntimeError("relay crashed")

    task = asyncio.create_task(broken())
    await asyncio.sleep(0)
    await cancel_and_wait(task)
    assert task.done()
