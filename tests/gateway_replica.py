"""Another Envoy with the stack's gateway config on other ports (a second replica of the gateway, or one
deployed with other settings), for as long as a test needs it."""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from scripts.gateway_config import Placement, render, to_yaml
from scripts.mesh import DESCRIPTOR_SET, OPENAPI, VENV_BIN, Profile


@contextmanager
def gateway_replica(mesh: Profile, port: int, admin_port: int, **settings: Any) -> Iterator[str]:
    """The gateway's base URL; ``settings`` override the stack's :class:`Placement` (its cache is its own)."""
    where = Placement.local(mesh, descriptor=str(DESCRIPTOR_SET), openapi=str(OPENAPI), api_reference=None)
    with tempfile.TemporaryDirectory() as folder:
        overrides = {"port": port, "admin_port": admin_port, "zipkin": None, "cache_path": f"{folder}/cache"}
        Path(f"{folder}/cache").mkdir()
        config = render(Placement(**{**where.__dict__, **overrides, **settings}))
        path = Path(folder) / "envoy.yaml"
        path.write_text(to_yaml(config))
        log = (Path(folder) / "envoy.log").open("w")
        process = subprocess.Popen(
            [str(VENV_BIN / "envoy"), "-c", str(path), "--use-dynamic-base-id", "--log-level", "warn"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    ready = httpx.get(f"http://127.0.0.1:{admin_port}/ready", timeout=1).status_code == 200
                    # Its clusters are health checked: ready once catalog is seen healthy.
                    if ready and httpx.get(f"http://127.0.0.1:{port}/v1/categories", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "the gateway replica did not start"
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(10)
