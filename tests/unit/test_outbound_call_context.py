"""What an outbound call to another service carries: the caller's trace context, request id and deadline, and
for an internal method this service's own token."""

import asyncio
import time
from typing import Any

import grpc
import pytest
from google.rpc import status_pb2
from opentelemetry import trace

from services.runtime import call_context, telemetry
from services.runtime.channels import ServiceChannel
from services.runtime.circuit_breaker import CircuitBreaker
from services.runtime.errors import Unavailable
from services.runtime.service_identity import ServiceTokens


class _Recording:
    """Stands in for grpc's channel: keeps what each call was given."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def unary_unary(self, method: str, *args, **kwargs):
        def call(request, **options):
            self.calls.append({"method": method, "request": request, **options})
            return "call"

        return call


async def test_a_call_carries_the_current_trace_the_request_id_and_the_remaining_deadline():
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):  # no SDK yet in this process
        telemetry.configure("unit-outbound", "none")
    inner = _AwaitableRecording()
    method = _channel(inner).unary_unary("/shop.test.v1.Things/Get")
    tokens = [
        (call_context.request_id, call_context.request_id.set("req-9")),
        (call_context.deadline, call_context.deadline.set(time.monotonic() + 2.0)),
    ]
    try:
        with trace.get_tracer(__name__).start_as_current_span("caller") as span:
            call = method("request", metadata=(("authorization", "Bearer t"),))  # context taken here
            context = span.get_span_context()
        assert await call == "answer"
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
    (sent,) = inner.calls
    metadata = dict(sent["metadata"])
    assert metadata["authorization"] == "Bearer t"
    assert metadata["x-request-id"] == "req-9"
    assert metadata["traceparent"].split("-")[1:3] == [
        format(context.trace_id, "032x"),
        format(context.span_id, "016x"),
    ]
    assert 1.5 < sent["timeout"] <= 2.0  # the caller's remaining time, not the 5 s default


async def test_without_a_caller_deadline_the_default_timeout_applies():
    inner = _AwaitableRecording()
    await _channel(inner, default_timeout=0.4).unary_unary("/shop.test.v1.Things/Get")("request")
    assert 0.39 < inner.calls[0]["timeout"] <= 0.4


def _channel(inner: _Recording, default_timeout: float = 5.0, **kwargs: Any) -> ServiceChannel:
    return ServiceChannel(inner, default_timeout, CircuitBreaker("things:443"), **kwargs)  # type: ignore[arg-type]


class _Answer:
    """What grpc's call object is to the caller: something to await."""

    def __await__(self):  # type: ignore[no-untyped-def]
        yield from asyncio.sleep(0).__await__()
        return "answer"


class _AwaitableRecording(_Recording):
    def unary_unary(self, method: str, *args, **kwargs):
        record = super().unary_unary(method)

        def call(request, **options):
            record(request, **options)
            return _Answer()

        return call


def _tokens(issued: list[str]) -> ServiceTokens:
    async def exchange() -> tuple[str, float]:
        issued.append(f"service-token-{len(issued) + 1}")
        return issued[-1], time.time() + 900

    return ServiceTokens(exchange)


async def test_an_internal_method_is_called_with_this_service_s_own_token_never_the_caller_s():
    from shop.inventory.v1 import inventory_service_pb2  # noqa: F401 - loads the contract's descriptors

    inner, issued = _AwaitableRecording(), []
    channel = _channel(inner, service_tokens=_tokens(issued))
    reserve = channel.unary_unary("/shop.inventory.v1.InventoryService/ReserveStock")
    customer = (("authorization", "Bearer customer-token"),)
    assert await reserve("r1", metadata=customer) == "answer"  # first call: waits for the token
    assert await reserve("r2", metadata=customer) == "answer"  # then the cached token
    availability = channel.unary_unary("/shop.inventory.v1.InventoryService/GetAvailability")
    assert await availability("r3", metadata=customer) == "answer"
    sent = [dict(call["metadata"])["authorization"] for call in inner.calls]
    assert sent == ["Bearer service-token-1", "Bearer service-token-1", "Bearer customer-token"]
    assert issued == ["service-token-1"]


async def test_concurrent_first_calls_share_one_token_exchange_and_it_is_renewed_before_expiry():
    issued: list[str] = []
    now = [1000.0]

    async def exchange() -> tuple[str, float]:
        await asyncio.sleep(0.01)
        issued.append(f"t{len(issued) + 1}")
        return issued[-1], now[0] + 900

    tokens = ServiceTokens(exchange, clock=lambda: now[0])
    assert await asyncio.gather(*(tokens.token() for _ in range(5))) == ["t1"] * 5
    now[0] += 900 - 30  # inside the last minute: renewed before the callee could refuse it
    assert await tokens.token() == "t2"


class _Dependency(_Recording):
    """A callee whose next calls fail with ``failure`` (an AioRpcError) until it is set to None."""

    def __init__(self) -> None:
        super().__init__()
        self.failure: grpc.aio.AioRpcError | None = None

    def unary_unary(self, method: str, *args, **kwargs):
        record = super().unary_unary(method)

        async def call(request, **options):
            record(request, **options)
            if self.failure is not None:
                raise self.failure
            return "answer"

        return call


def _silence() -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, grpc.aio.Metadata(), grpc.aio.Metadata())


def _explained_unavailable() -> grpc.aio.AioRpcError:
    status = status_pb2.Status(code=14, message="the payment provider is not answering")
    trailing = grpc.aio.Metadata(("grpc-status-details-bin", status.SerializeToString()))
    return grpc.aio.AioRpcError(grpc.StatusCode.UNAVAILABLE, grpc.aio.Metadata(), trailing)


def _refused() -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(grpc.StatusCode.UNAVAILABLE, grpc.aio.Metadata(), grpc.aio.Metadata())


async def test_a_dependency_that_stops_answering_is_not_waited_on_until_a_probe_gets_an_answer():
    now = [100.0]
    dependency = _Dependency()
    breaker = CircuitBreaker("payments:50056", threshold=3, open_seconds=5.0, clock=lambda: now[0])
    get = ServiceChannel(dependency, 5.0, breaker).unary_unary("/shop.test.v1.Things/Get")  # type: ignore[arg-type]
    dependency.failure = _silence()
    for _ in range(3):
        with pytest.raises(grpc.aio.AioRpcError):
            await get("r")

    with pytest.raises(Unavailable) as refused:  # the fourth fails at once: no call made
        await get("r")
    assert len(dependency.calls) == 3
    assert refused.value.reason == "DEPENDENCY_NOT_ANSWERING"
    assert refused.value.retry_after_seconds == 5.0

    now[0] += 5.0  # one probe goes out; it gets no answer either: open again for 5 s
    with pytest.raises(grpc.aio.AioRpcError):
        await get("r")
    with pytest.raises(Unavailable):
        await get("r")
    assert len(dependency.calls) == 4

    now[0] += 5.0
    dependency.failure = None  # it answers again: the probe closes the breaker, every call goes out
    assert [await get("r") for _ in range(3)] == ["answer"] * 3
    assert len(dependency.calls) == 7


@pytest.mark.parametrize("failure", [_explained_unavailable, _refused], ids=["explained", "refused"])
async def test_failing_fast_is_an_answer_not_silence(failure: Any) -> None:
    """Its provider is down and it says so, or it is restarting (connection refused): no time is lost waiting,
    so the calls keep going out (and wait-for-ready and retries get them through once it is back)."""
    dependency = _Dependency()
    breaker = CircuitBreaker("payments:50056")
    get = ServiceChannel(dependency, 5.0, breaker).unary_unary("/shop.test.v1.Things/Get")  # type: ignore[arg-type]
    dependency.failure = failure()
    for _ in range(6):
        with pytest.raises(grpc.aio.AioRpcError):
            await get("r")
    assert len(dependency.calls) == 6
    assert not breaker.open


async def test_calls_wait_for_a_restarting_callee_unless_told_not_to():
    inner = _AwaitableRecording()
    get = _channel(inner).unary_unary("/shop.test.v1.Things/Get")
    await get("r")
    await get("r", wait_for_ready=False)
    assert [call["wait_for_ready"] for call in inner.calls] == [True, False]
