"""The image the chart deploys, built here (``make image``: buildah, a Debian base made by mmdebstrap) and run.

Services are started from the image's filesystem (``buildah run`` with chroot isolation: the image's user,
environment and files, the host's network) against the test stack, as the chart starts them: ``python -m
services.<name> serve``, the image's non-root user, nothing writable but a tmpfs on /tmp, the stack's secrets
mounted read-only. A checkout goes through two of them: orders from the image calls payments from the image.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import httpx
import pytest

from scripts.mesh import ROOT, Profile, services
from tests.e2e.conftest import RestUser
from tests.e2e.service_processes import free_port, wait_serving
from tests.e2e.shopping import add_to_cart, available, checkout_request, new_product

SECRETS_IN_IMAGE = "/run/shopmesh"


@pytest.fixture(scope="module")
def image() -> str:
    """``make image``'s reference (built now: buildah's layer cache makes a rebuild after a code change quick)."""
    built = subprocess.run(["bash", "scripts/image.sh"], cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    reference, digest = built.stdout.split()[-2:]
    assert digest.startswith("sha256:")
    return reference


def _buildah(*args: str) -> str:
    done = subprocess.run(["buildah", *args], capture_output=True, text=True)
    assert done.returncode == 0, f"buildah {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


class ImageService:
    """One service process run from the image (its own working container, so its writes can be examined)."""

    def __init__(self, image: str, name: str, env: dict[str, str], secrets: Path) -> None:
        self.name = name
        self.port = int(env["SHOPMESH_GRPC_PORT"])
        self.container = _buildah(
            "from", "--pull-never", "--name", f"shopmesh-test-{name}-{uuid.uuid4().hex[:8]}", image
        )
        self.log = ROOT / ".run" / "test" / "logs" / f"image-{name}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = ["buildah", "run", "--isolation", "chroot", "--network", "host"]
        command += ["--mount", "type=tmpfs,destination=/tmp", "--volume", f"{secrets}:{SECRETS_IN_IMAGE}:ro"]
        for key, value in env.items():
            command += ["--env", f"{key}={value}"]
        command += [self.container, "--", "python", "-m", f"services.{name}", "serve"]
        with self.log.open("wb") as log:
            # A session of its own: buildah's child (the service) is stopped with it, by process group.
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def wait_serving(self) -> None:
        try:
            await wait_serving(self.target, self.process, f"{self.name} from the image")
        except AssertionError as failed:
            raise AssertionError(f"{failed}\n{self.log.read_text()[-3000:]}") from None

    def _service_pid(self) -> int:
        """The service's own process: buildah's innermost child (buildah kills it, not stops it, on SIGTERM)."""
        pid = self.process.pid
        while True:
            children = [
                int(child)
                for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()
            ]
            if not children:
                return pid
            pid = children[0]

    def stop(self) -> int | None:
        """SIGTERM to the service, as the kubelet sends it; buildah exits with the service's status."""
        if self.process.poll() is None:
            os.kill(self._service_pid(), signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        return self.process.returncode

    def written(self) -> list[str]:
        """What the process wrote to the container's own layer (the root filesystem), besides the mount points
        buildah makes for its mounts."""
        merged = Path(_buildah("mount", self.container))
        try:
            upper = merged.parent / "diff"
            paths = sorted("/" + str(p.relative_to(upper)) for p in upper.rglob("*"))
        finally:
            _buildah("umount", self.container)
        mount_points = {"/run", SECRETS_IN_IMAGE, "/tmp"}
        return [p for p in paths if p not in mount_points]

    def remove(self) -> None:
        subprocess.run(["buildah", "rm", self.container], capture_output=True)


@pytest.fixture
def secrets(mesh: Profile, tmp_path: Path) -> Path:
    """The stack's signing key, readable by the image's user (as a Kubernetes secret volume with fsGroup is)."""
    directory = tmp_path / "secrets"
    directory.mkdir()
    shutil.copy(mesh.jwt_key_file, directory / mesh.jwt_key_file.name)
    for path in (directory, *directory.iterdir()):
        os.chown(path, 10001, 10001)
    return directory


@pytest.fixture
async def from_image(image: str, mesh: Profile, secrets: Path) -> AsyncIterator[dict[str, ImageService]]:
    """payments and orders run from the image; orders' payments calls go to the image's payments."""
    by_name = {s.name: s for s in services()}
    ports = {name: free_port() for name in ("payments", "orders")}
    started: dict[str, ImageService] = {}
    try:
        for name in ("payments", "orders"):
            env = {
                **mesh.service_env(by_name[name]),
                "SHOPMESH_GRPC_PORT": str(ports[name]),
                "SHOPMESH_METRICS_PORT": "0",  # the stack's replicas hold the profile's metrics ports
                "SHOPMESH_JWT_PRIVATE_KEY_FILE": f"{SECRETS_IN_IMAGE}/{mesh.jwt_key_file.name}",
                # Calls are what this test is about; their consumers would join the stack's groups and rebalance them.
                "SHOPMESH_RUN_CONSUMERS": "false",
                "SHOPMESH_SHUTDOWN_DELAY_SECONDS": "0",
            }
            if name == "orders":
                env["SHOPMESH_PAYMENTS_TARGET"] = f"127.0.0.1:{ports['payments']}"
            started[name] = ImageService(image, name, env, secrets)
        for service in started.values():
            await service.wait_serving()
        yield started
    finally:
        for service in started.values():
            service.stop()
            service.remove()


def _build(tag: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/image.sh"], cwd=ROOT, capture_output=True, text=True, env={**os.environ, "IMAGE_TAG": tag}
    )


def test_another_tag_of_the_same_image_builds_and_names_the_same_digest(image: str):
    """Two commits whose build contexts match (a change to tests only) tag one image twice; each build still
    answers its reference and the one digest (a listing of the image by name shows both tags)."""
    name, _, tag = image.rpartition(":")
    first = _build(tag)
    alias = _build(f"{tag}-alias")
    try:
        again = _build(tag)  # now two tags name this image
        for built in (first, alias, again):
            assert built.returncode == 0, built.stderr[-3000:]
        digests = {built.stdout.split()[-1] for built in (first, alias, again)}
        assert len(digests) == 1
        assert alias.stdout.split()[-2] == f"{name}:{tag}-alias"
    finally:
        subprocess.run(["buildah", "rmi", f"{name}:{tag}-alias"], capture_output=True)


def test_the_image_runs_as_a_non_root_user_with_the_chart_s_command(image: str):
    config = _buildah(
        "inspect", "--type", "image", "--format", "{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}}", image
    )
    assert config == "10001:10001 [python -m]"
    container = _buildah("from", "--pull-never", image)
    try:
        # The code and its dependencies belong to root: the service's user cannot change them.
        probe = "id -u; stat -c %u /app /opt/venv; touch /app/x 2>/dev/null && echo writable || echo read-only"
        owners = _buildah("run", "--isolation", "chroot", container, "--", "sh", "-c", probe)
    finally:
        subprocess.run(["buildah", "rm", container], capture_output=True)
    assert owners.split() == ["10001", "0", "0", "read-only"]


async def test_a_checkout_goes_through_services_run_from_the_image(
    from_image: dict[str, ImageService], rest: httpx.Client, admin: RestUser, customer: RestUser
):
    from shop.orders.v1 import order_pb2, orders_service_pb2_grpc

    product = new_product(rest, admin, stock=3)
    add_to_cart(rest, customer, product, quantity=2)
    async with grpc.aio.insecure_channel(from_image["orders"].target) as channel:
        placed = await orders_service_pb2_grpc.OrdersServiceStub(channel).Checkout(
            checkout_request(),
            metadata=(("authorization", f"Bearer {customer.token}"),),
            timeout=30,
        )
    assert placed.order.state == order_pb2.Order.STATE_CONFIRMED
    # The stack sees what the image's services did: the order, its captured payment, the stock it took.
    seen = rest.get(f"/v1/{placed.order.name}", headers=customer.headers)
    assert seen.status_code == 200, seen.text
    assert seen.json()["order"]["state"] == "STATE_CONFIRMED"
    assert available(rest, product["sku"]) == 1
    # Read-only root filesystem: the services wrote nothing outside /tmp, and they stop cleanly on SIGTERM.
    for service in from_image.values():
        assert service.stop() == 0, service.log.read_text()[-3000:]
        assert service.written() == [], f"{service.name} wrote to the image's filesystem"
