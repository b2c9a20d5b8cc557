"""Plays a carrier for a local stack: posts a signed tracking report to the gateway's carrier webhook, as the
carrier's systems would (``make carrier-event CARRIER=ups TRACKING=1Z999 STATUS=delivered``)."""

from __future__ import annotations

import argparse
import json
import time
import uuid
from datetime import UTC, datetime

import httpx

from scripts.mesh import Profile
from services.runtime.webhook_signatures import sign
from services.shipping import domain


def main() -> int:
    parser = argparse.ArgumentParser(description="Post a signed carrier tracking report to a local stack.")
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--carrier", required=True, help="the carrier the order was shipped with (ups, dhl...)")
    parser.add_argument("--tracking", required=True, help="the tracking number the admin entered")
    parser.add_argument("--status", required=True, choices=domain.CARRIER_STATES)
    parser.add_argument("--location", default="")
    args = parser.parse_args()
    profile = Profile.named(args.profile)
    carrier = args.carrier.lower()
    if carrier not in profile.carriers:
        parser.error(f"this stack has webhook secrets for {', '.join(profile.carriers)}")
    body = json.dumps(
        {
            "id": f"evt-{uuid.uuid4().hex}",
            "tracking_number": args.tracking,
            "status": args.status,
            "time": datetime.now(UTC).isoformat(),
            "location": args.location,
        }
    ).encode()
    response = httpx.post(
        f"{profile.gateway_url}/v1/carriers/{carrier}/events",
        content=body,
        headers={
            "content-type": "application/json",
            "shopmesh-signature": sign(profile.carrier_webhook_secret(carrier), body, int(time.time())),
        },
        timeout=10,
    )
    print(response.status_code, response.text)
    return 0 if response.is_success else 1


if __name__ == "__main__":
    raise SystemExit(main())
