"""Signed webhooks (a carrier's call, the shop's deliveries): what signature is accepted; what a carrier's body
may hold, and which reports move a parcel."""

from __future__ import annotations

import json

import pytest

from services.runtime import webhook_signatures
from services.runtime.errors import InvalidArgument
from services.shipping import carrier_webhook, domain

SECRET = "whsec-test"
NOW = 1_800_000_000
BODY = json.dumps(
    {
        "id": "evt-1",
        "tracking_number": "1Z999",
        "status": "out_for_delivery",
        "time": "2027-01-15T08:30:00Z",
        "location": "Springfield depot",
    }
).encode()


def test_a_fresh_signature_of_the_exact_body_is_accepted():
    assert webhook_signatures.verify(SECRET, BODY, webhook_signatures.sign(SECRET, BODY, NOW), NOW + 10)


def test_a_rotating_carrier_may_send_one_signature_per_secret():
    old = webhook_signatures.sign("old-secret", BODY, NOW)
    new = webhook_signatures.sign(SECRET, BODY, NOW).split(",")[1]
    assert webhook_signatures.verify(SECRET, BODY, f"{old},{new}", NOW)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        "t=,v1=",
        f"t={NOW}",
        "t=99999999999999999999,v1=00",
        "t=1800000000,v1=\u00e9\u00e9",
    ],
)
def test_malformed_headers_are_refused_without_error(header: str):
    assert not webhook_signatures.verify(SECRET, BODY, header, NOW)


def test_another_secret_another_body_or_a_stale_time_is_refused():
    header = webhook_signatures.sign(SECRET, BODY, NOW)
    assert not webhook_signatures.verify("other", BODY, header, NOW)
    assert not webhook_signatures.verify(SECRET, BODY + b" ", header, NOW)
    assert not webhook_signatures.verify(SECRET, BODY, header, NOW + webhook_signatures.TOLERANCE_SECONDS + 1)
    assert not webhook_signatures.verify(SECRET, BODY, header, NOW - webhook_signatures.TOLERANCE_SECONDS - 1)


def test_a_report_is_read_with_its_time_zone():
    event = carrier_webhook.parse(BODY)
    assert (event.id, event.tracking_number, event.state, event.location) == (
        "evt-1",
        "1Z999",
        domain.OUT_FOR_DELIVERY,
        "Springfield depot",
    )
    assert event.time.isoformat() == "2027-01-15T08:30:00+00:00"
    assert event.description == ""


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (b"not json", {"body"}),
        (b"[1, 2]", {"body"}),
        (b"\xff\xfe", {"body"}),
        (b"{}", {"body.id", "body.tracking_number", "body.status", "body.time"}),
        (
            json.dumps(
                {"id": 5, "tracking_number": "x" * 65, "status": "lost", "time": "2027-01-15T08:30:00"}
            ).encode(),
            {"body.id", "body.tracking_number", "body.status", "body.time"},
        ),
        (b"x" * (carrier_webhook.MAX_BODY_BYTES + 1), {"body"}),
    ],
)
def test_every_problem_of_a_body_names_its_field(body: bytes, fields: set[str]):
    with pytest.raises(InvalidArgument) as raised:
        carrier_webhook.parse(body)
    assert {v.field for v in raised.value.violations} == fields


def test_reports_only_move_a_parcel_forward():
    assert domain.advanced(domain.SHIPPED, domain.IN_TRANSIT)
    assert domain.advanced(domain.IN_TRANSIT, domain.DELIVERED)
    assert not domain.advanced(domain.DELIVERED, domain.IN_TRANSIT)
    assert not domain.advanced(domain.OUT_FOR_DELIVERY, domain.OUT_FOR_DELIVERY)
    assert not domain.advanced(domain.CANCELLED, domain.DELIVERED)
