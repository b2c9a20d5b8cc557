"""What an outbound call to another service carries: the caller's trace context, request id and deadline, and
for an internal method this service's own token."""

import asyncio
import time

from opentelemetry import trace

from services.runtime import call_context, telemetry
from services.runtime.channels import ServiceChannel
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


def test_a_call_carries_the_current_trace_the_request_id_and_the_remaining_deadline():
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):  # no SDK yet in this process
        telemetry.configure("unit-outbound", "none")
    inner = _Recording()
    method = ServiceChannel(inner, default_timeout=5.0).unary_unary("/shop.test.v1.Things/Get")  # type: ignore[arg-type]
    tokens = [
        (call_context.request_id, call_context.request_id.set("req-9")),
        (call_context.deadline, call_context.deadline.set(time.monotonic() + 2.0)),
    ]
    try:
        with trace.get_tracer(__name__).start_as_current_span("caller") as span:
            assert method("request", metadata=(("authorization", "Bearer t"),)) == "call"
            context = span.get_span_context()
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


def test_without_a_caller_deadline_the_default_timeout_applies():
    inner = _Recording()
    ServiceChannel(inner, default_timeout=0.4).unary_unary("/shop.test.v1.Things/Get")("request")  # type: ignore[arg-type]
    assert inner.calls[0]["timeout"] == 0.4


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
    channel = ServiceChannel(inner, default_timeout=5.0, service_tokens=_tokens(issued))  # type: ignore[arg-type]
    reserve = channel.unary_unary("/shop.inventory.v1.InventoryService/ReserveStock")
    customer = (("authorization", "Bearer customer-token"),)
    assert await reserve("r1", metadata=customer) == "answer"  # first call: waits for the token
    assert isinstance(reserve("r2", metadata=customer), _Answer)  # then the cached token: the call at once
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
