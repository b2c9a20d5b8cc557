"""Inventory against real PostgreSQL: reservations hold stock all-or-nothing, never oversell, expire."""

import asyncio
import uuid

import asyncpg
import grpc
import pytest

from shop.inventory.v1 import events_pb2, inventory_pb2
from shop.inventory.v1 import inventory_service_pb2 as pb
from tests.kafka_events import events_for_key
from tests.rich_errors import details_of


def _sku() -> str:
    return f"INV-{uuid.uuid4().hex[:10].upper()}"


def _order() -> str:
    return f"orders/{uuid.uuid4()}"


async def _stock(inventory, admin, sku: str, units: int, warehouse: str = "main", threshold: int | None = None):
    request = pb.AdjustStockRequest(sku=sku, warehouse=warehouse, delta=units)
    if threshold is not None:
        request.low_stock_threshold = threshold
    return (await inventory.AdjustStock(request, metadata=admin.metadata)).stock_level


async def _available(inventory, sku: str) -> int:
    return (await inventory.GetAvailability(pb.GetAvailabilityRequest(skus=[sku]))).availabilities[0].available


async def test_a_reservation_holds_stock_until_committed_then_it_leaves(inventory, admin):
    sku = _sku()
    await _stock(inventory, admin, sku, 10)
    order = _order()
    reserved = (
        await inventory.ReserveStock(pb.ReserveStockRequest(order=order, lines=[pb.ReserveLine(sku=sku, quantity=3)]))
    ).reservation
    assert reserved.state == inventory_pb2.Reservation.STATE_RESERVED
    assert await _available(inventory, sku) == 7
    await inventory.CommitReservation(pb.CommitReservationRequest(order=order))
    levels = await inventory.ListStockLevels(pb.ListStockLevelsRequest(sku=sku), metadata=admin.metadata)
    assert [(lv.on_hand, lv.reserved, lv.available) for lv in levels.stock_levels] == [(7, 0, 7)]


async def test_stock_taken_at_reservation_leaves_at_once_never_expires_and_a_release_puts_it_back(
    inventory, admin, infrastructure
):
    sku = _sku()
    await _stock(inventory, admin, sku, 10)
    order = _order()
    request = pb.ReserveStockRequest(
        order=order, lines=[pb.ReserveLine(sku=sku, quantity=3)], ttl_seconds=1, commit=True
    )
    taken = (await inventory.ReserveStock(request)).reservation
    assert taken.state == inventory_pb2.Reservation.STATE_COMMITTED
    assert (await inventory.ReserveStock(request)).reservation == taken  # a repeat takes nothing more
    levels = await inventory.ListStockLevels(pb.ListStockLevelsRequest(sku=sku), metadata=admin.metadata)
    assert [(lv.on_hand, lv.reserved, lv.available) for lv in levels.stock_levels] == [(7, 0, 7)]
    await asyncio.sleep(1.5)  # past its TTL: a taken reservation does not expire
    reservation = (await inventory.GetReservation(pb.GetReservationRequest(order=order))).reservation
    assert reservation.state == inventory_pb2.Reservation.STATE_COMMITTED
    await inventory.ReleaseReservation(pb.ReleaseReservationRequest(order=order))
    assert await _available(inventory, sku) == 10
    events = await events_for_key(infrastructure.kafka(), "shop.inventory.events", order, count=3)
    assert [e.type.rsplit(".", 1)[-1] for e in events] == ["StockReserved", "StockCommitted", "StockReleased"]


async def test_reserving_twice_for_one_order_holds_once(inventory, admin):
    sku = _sku()
    await _stock(inventory, admin, sku, 5)
    request = pb.ReserveStockRequest(order=_order(), lines=[pb.ReserveLine(sku=sku, quantity=2)])
    first = (await inventory.ReserveStock(request)).reservation
    second = (await inventory.ReserveStock(request)).reservation
    assert first == second
    assert await _available(inventory, sku) == 3


async def test_a_short_line_fails_the_whole_reservation_and_holds_nothing(inventory, admin):
    plenty, scarce = _sku(), _sku()
    await _stock(inventory, admin, plenty, 10)
    await _stock(inventory, admin, scarce, 1)
    order = _order()
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await inventory.ReserveStock(
            pb.ReserveStockRequest(
                order=order, lines=[pb.ReserveLine(sku=plenty, quantity=2), pb.ReserveLine(sku=scarce, quantity=2)]
            )
        )
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    violations = details_of(error.value)["PreconditionFailure"].violations
    assert [v.subject for v in violations] == [f"skus/{scarce}"]
    assert await _available(inventory, plenty) == 10
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await inventory.GetReservation(pb.GetReservationRequest(order=order))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND


async def test_n_concurrent_orders_for_the_last_k_units_exactly_k_succeed(inventory, admin):
    sku, units, shoppers = _sku(), 5, 25
    await _stock(inventory, admin, sku, units, warehouse="east")
    await _stock(inventory, admin, sku, 0, warehouse="west")

    async def checkout() -> grpc.StatusCode:
        try:
            await inventory.ReserveStock(
                pb.ReserveStockRequest(order=_order(), lines=[pb.ReserveLine(sku=sku, quantity=1)])
            )
        except grpc.aio.AioRpcError as error:
            return error.code()
        return grpc.StatusCode.OK

    results = await asyncio.gather(*(checkout() for _ in range(shoppers)))
    assert results.count(grpc.StatusCode.OK) == units
    assert results.count(grpc.StatusCode.FAILED_PRECONDITION) == shoppers - units
    assert await _available(inventory, sku) == 0


async def test_releasing_gives_held_and_committed_units_back_and_is_idempotent(inventory, admin):
    sku = _sku()
    await _stock(inventory, admin, sku, 4)
    held, committed = _order(), _order()
    for order in (held, committed):
        await inventory.ReserveStock(pb.ReserveStockRequest(order=order, lines=[pb.ReserveLine(sku=sku, quantity=2)]))
    await inventory.CommitReservation(pb.CommitReservationRequest(order=committed))
    assert await _available(inventory, sku) == 0
    for _ in range(2):
        await inventory.ReleaseReservation(pb.ReleaseReservationRequest(order=held))
        await inventory.ReleaseReservation(pb.ReleaseReservationRequest(order=committed))
    assert await _available(inventory, sku) == 4
    nothing = await inventory.ReleaseReservation(pb.ReleaseReservationRequest(order=_order()))
    assert not nothing.HasField("reservation")


async def test_an_uncommitted_reservation_expires_and_cannot_be_committed_after(inventory, admin):
    sku = _sku()
    await _stock(inventory, admin, sku, 3)
    order = _order()
    await inventory.ReserveStock(
        pb.ReserveStockRequest(order=order, lines=[pb.ReserveLine(sku=sku, quantity=3)], ttl_seconds=1)
    )
    assert await _available(inventory, sku) == 0
    for _ in range(50):
        reservation = (await inventory.GetReservation(pb.GetReservationRequest(order=order))).reservation
        if reservation.state == inventory_pb2.Reservation.STATE_EXPIRED:
            break
        await asyncio.sleep(0.1)
    assert reservation.state == inventory_pb2.Reservation.STATE_EXPIRED
    assert await _available(inventory, sku) == 3
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await inventory.CommitReservation(pb.CommitReservationRequest(order=order))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_stock_cannot_be_written_off_below_what_is_reserved(inventory, admin):
    sku = _sku()
    await _stock(inventory, admin, sku, 3)
    await inventory.ReserveStock(pb.ReserveStockRequest(order=_order(), lines=[pb.ReserveLine(sku=sku, quantity=2)]))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await _stock(inventory, admin, sku, -2)
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert (await _stock(inventory, admin, sku, -1)).on_hand == 2


async def test_an_adjustment_with_a_request_id_applies_once(inventory, admin):
    sku, request_id = _sku(), str(uuid.uuid4())
    for _ in range(3):
        level = (
            await inventory.AdjustStock(
                pb.AdjustStockRequest(sku=sku, delta=7, request_id=request_id), metadata=admin.metadata
            )
        ).stock_level
    assert level.on_hand == 7


async def test_every_adjustment_is_a_row_of_the_stock_ledger_that_explains_the_level(inventory, admin, infrastructure):
    """With or without a request id (a retried one once): on hand = the ledger's sum - units committed."""
    sku, request_id = _sku(), str(uuid.uuid4())
    await _stock(inventory, admin, sku, 10)
    for _ in range(2):
        await inventory.AdjustStock(
            pb.AdjustStockRequest(sku=sku, delta=5, request_id=request_id), metadata=admin.metadata
        )
    await _stock(inventory, admin, sku, -3)
    order = _order()
    await inventory.ReserveStock(pb.ReserveStockRequest(order=order, lines=[pb.ReserveLine(sku=sku, quantity=4)]))
    await inventory.CommitReservation(pb.CommitReservationRequest(order=order))

    connection = await asyncpg.connect(infrastructure.database_url("inventory_it").replace("+asyncpg", ""))
    try:
        deltas = [
            r["delta"]
            for r in await connection.fetch(
                "SELECT delta FROM stock_adjustments WHERE sku = $1 ORDER BY create_time", sku
            )
        ]
        on_hand = await connection.fetchval("SELECT on_hand FROM stock_levels WHERE sku = $1", sku)
    finally:
        await connection.close()
    assert deltas == [10, 5, -3]
    assert on_hand == sum(deltas) - 4 == 8


async def test_adjusting_stock_is_for_admins(inventory, customer):
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await inventory.AdjustStock(pb.AdjustStockRequest(sku=_sku(), delta=1), metadata=customer.metadata)
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_crossing_the_low_stock_threshold_publishes_stock_low_then_depleted(inventory, admin, infrastructure):
    sku = _sku()
    await _stock(inventory, admin, sku, 4, threshold=2)
    await inventory.ReserveStock(pb.ReserveStockRequest(order=_order(), lines=[pb.ReserveLine(sku=sku, quantity=2)]))
    await inventory.ReserveStock(pb.ReserveStockRequest(order=_order(), lines=[pb.ReserveLine(sku=sku, quantity=2)]))
    events = await events_for_key(infrastructure.kafka(), "shop.inventory.events", f"skus/{sku}", count=6)
    assert [e.type for e in events] == [
        "shop.inventory.v1.StockAdjusted",
        "shop.inventory.v1.StockAvailabilityChanged",
        "shop.inventory.v1.StockAvailabilityChanged",
        "shop.inventory.v1.StockLow",
        "shop.inventory.v1.StockAvailabilityChanged",
        "shop.inventory.v1.StockDepleted",
    ]
    # Every change of the available units is announced with the total after it (what search shows).
    changes = [
        events_pb2.StockAvailabilityChanged.FromString(e.payload).availability
        for e in events
        if e.type == "shop.inventory.v1.StockAvailabilityChanged"
    ]
    assert [(a.available, a.in_stock) for a in changes] == [(4, True), (2, True), (0, False)]
