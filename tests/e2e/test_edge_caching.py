"""The edge as a web client and a CDN see it: cacheable public reads (ETag, Cache-Control, 304), answered from
the gateway's HTTP cache without reaching the service, compressed when asked, private answers never stored,
and CORS as each deployment configures it, checked from a real browser (Debian's Chromium, headless)."""

from __future__ import annotations

import gzip
import http.server
import json
import re
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scripts.gateway_cors import Cors
from scripts.gateway_http_cache import MIN_COMPRESSED_BYTES
from scripts.mesh import Profile
from tests.e2e.conftest import RestUser
from tests.e2e.shopping import FRESH, cents, new_product
from tests.gateway_replica import gateway_replica

STRONG_ETAG = re.compile(r'^"[A-Za-z0-9_-]{22}"$')
PRODUCT_POLICY = "public, max-age=10, stale-while-revalidate=50"  # catalog_service.proto, GetProduct


def _upstream_requests(mesh: Profile, cluster: str) -> int:
    """Requests the gateway has sent the service (Envoy's own counter)."""
    stats = httpx.get(
        f"http://127.0.0.1:{mesh.ports['envoy_admin']}/stats",
        params={"filter": f"^cluster\\.{cluster}\\.upstream_rq_total$"},
        timeout=5,
    )
    return int(stats.text.split(":")[1])


def _fresh_product(rest: httpx.Client, admin: RestUser) -> dict:
    return new_product(rest, admin, cents=1500, stock=0, display_name=f"Edge Thing {uuid.uuid4().hex[:6]}")


def test_a_public_read_carries_a_strong_etag_and_the_contracts_cache_policy(rest, admin):
    product = _fresh_product(rest, admin)
    answer = rest.get(f"/v1/{product['name']}")
    assert answer.status_code == 200
    assert STRONG_ETAG.match(answer.headers["etag"]), answer.headers["etag"]
    assert answer.headers["cache-control"] == PRODUCT_POLICY
    # The ETag follows what is said: the same product twice, the same tag; another product, another tag.
    assert rest.get(f"/v1/{product['name']}").headers["etag"] == answer.headers["etag"]
    other = rest.get(f"/v1/{_fresh_product(rest, admin)['name']}")
    assert other.headers["etag"] != answer.headers["etag"]
    categories = rest.get("/v1/categories")
    assert categories.headers["cache-control"] == "public, max-age=300, stale-while-revalidate=600"


def test_if_none_match_is_answered_304_with_no_body(rest, admin):
    product = _fresh_product(rest, admin)
    path = f"/v1/{product['name']}"
    etag = rest.get(path).headers["etag"]
    for condition in (etag, f"W/{etag}", f'"someone-elses", {etag}', "*"):
        answer = rest.get(path, headers={"if-none-match": condition})
        assert answer.status_code == 304, condition
        assert answer.content == b""
        assert answer.headers["etag"] == etag
        assert answer.headers["cache-control"] == PRODUCT_POLICY
    changed = rest.get(path, headers={"if-none-match": '"not-this-one"'})
    assert changed.status_code == 200
    assert changed.json()["product"]["name"] == product["name"]


def test_repeated_anonymous_reads_are_answered_by_the_gateway_without_reaching_catalog(rest, admin, mesh):
    product = _fresh_product(rest, admin)
    path = f"/v1/{product['name']}"
    first = rest.get(path)
    before = _upstream_requests(mesh, "catalog")
    answers = [rest.get(path) for _ in range(20)]
    answers += [rest.get(path, headers={"if-none-match": first.headers["etag"]}) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 20 + [304] * 5
    assert all(a.headers["etag"] == first.headers["etag"] and "age" in a.headers for a in answers)
    assert _upstream_requests(mesh, "catalog") == before
    # A caller with a token is answered by catalog itself (a shared cache never serves or keeps those).
    assert rest.get(path, headers=admin.headers).status_code == 200
    assert _upstream_requests(mesh, "catalog") == before + 1


def test_a_product_update_is_served_within_the_documented_max_age(rest, admin):
    product = _fresh_product(rest, admin)
    path = f"/v1/{product['name']}"
    cached = rest.get(path)
    assert cents(cached.json()["product"]["price"]) == 1500
    updated = rest.patch(
        path,
        params={"update_mask": "price"},
        headers=admin.headers,
        json={"price": {"currency_code": "USD", "units": "17"}},
    )
    assert updated.status_code == 200, updated.text
    changed_at = time.monotonic()
    while True:
        answer = rest.get(path)
        if cents(answer.json()["product"]["price"]) == 1700:
            break
        assert time.monotonic() - changed_at < 10 + 1, "a cached answer outlived its max-age"
        time.sleep(0.25)
    assert answer.headers["etag"] != cached.headers["etag"]
    assert rest.get(path, headers={"if-none-match": cached.headers["etag"]}).status_code == 200


def test_a_client_that_asks_for_the_latest_gets_it_at_once(rest, admin):
    """``Cache-Control: no-cache`` (a page right after its own change, a poll): the gateway asks catalog again."""
    product = _fresh_product(rest, admin)
    path = f"/v1/{product['name']}"
    assert cents(rest.get(path).json()["product"]["price"]) == 1500  # now in the cache
    rest.patch(
        path,
        params={"update_mask": "price"},
        headers=admin.headers,
        json={"price": {"currency_code": "USD", "units": "18"}},
    )
    assert cents(rest.get(path, headers=FRESH).json()["product"]["price"]) == 1800


def test_user_specific_answers_and_errors_are_never_stored(rest, customer, admin):
    me = rest.get(f"/v1/{customer.name}", headers=customer.headers)
    assert me.status_code == 200
    assert me.headers["cache-control"] == "private, no-store"
    assert "etag" not in me.headers
    cart = rest.get(f"/v1/carts/anonymous-{uuid.uuid4()}")  # a public route, but one shopper's cart
    assert cart.status_code == 200, cart.text
    assert cart.headers["cache-control"] == "private, no-store"
    assert "etag" not in cart.headers
    missing = rest.get(f"/v1/products/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store"
    assert "etag" not in missing.headers


def test_json_is_compressed_when_the_client_asks_and_only_when_worth_it(rest):
    path, params = "/v1/products", {"page_size": 50}
    plain = rest.get(path, params=params, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    with rest.stream("GET", path, params=params, headers={"accept-encoding": "gzip"}) as zipped:
        assert zipped.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in zipped.headers["vary"].lower()
        raw = b"".join(zipped.iter_raw())
    assert json.loads(gzip.decompress(raw)) == plain.json()
    assert len(raw) < len(plain.content) / 4
    # The compressed bytes are another representation: their ETag is the weak form of the same tag.
    assert zipped.headers["etag"] == f"W/{plain.headers['etag']}"
    with rest.stream("GET", path, params=params, headers={"accept-encoding": "br"}) as brotli:
        assert brotli.headers["content-encoding"] == "br"
        assert len(b"".join(brotli.iter_raw())) < len(plain.content) / 4
    small = rest.get("/v1/categories", params={"page_size": 1}, headers={"accept-encoding": "gzip"})
    assert len(small.content) < MIN_COMPRESSED_BYTES
    assert "content-encoding" not in small.headers


def test_a_cors_preflight_is_answered_for_an_allowed_origin_only(rest):
    asked = {"access-control-request-method": "GET", "access-control-request-headers": "authorization,if-none-match"}
    allowed = rest.options("/v1/products", headers={"origin": "http://localhost:5173", **asked})
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "if-none-match" in allowed.headers["access-control-allow-headers"]
    assert allowed.headers["access-control-max-age"] == "600"
    read = rest.get("/v1/products", params={"page_size": 1}, headers={"origin": "http://localhost:5173"})
    exposed = read.headers["access-control-expose-headers"]
    assert {"etag", "retry-after", "x-request-id"} <= {h.strip() for h in exposed.split(",")}
    refused = rest.options("/v1/products", headers={"origin": "https://elsewhere.example", **asked})
    assert "access-control-allow-origin" not in refused.headers


# --- in a browser ---------------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><body><pre id="result">pending</pre><script>
fetch("%(api)s/v1/products?page_size=50").then(async (answer) => {
  const body = await answer.text();
  document.getElementById("result").textContent = JSON.stringify(
    {status: answer.status, etag: answer.headers.get("etag"), products: JSON.parse(body).products.length});
}).catch((error) => { document.getElementById("result").textContent = JSON.stringify({blocked: String(error)}); });
</script></body></html>"""


@pytest.fixture
def page_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A web page's own origin (another port of 127.0.0.1): (its base URL, the folder it serves)."""
    folder = tmp_path

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()


def _browser_fetch(page_origin: str, folder: Path, api: str) -> dict:
    """What a page served from ``page_origin`` gets when it fetches the product list from ``api``."""
    (folder / "index.html").write_text(PAGE % {"api": api})
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is installed by scripts/bootstrap.sh"
    dumped = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=15000",
            "--dump-dom",
            f"{page_origin}/index.html",
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    found = re.search(r'<pre id="result">(.*?)</pre>', dumped.stdout, re.S)
    assert found, dumped.stdout[-2000:] + dumped.stderr[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"'))


def test_a_page_on_another_origin_reads_the_api_from_a_browser(page_server, mesh):
    origin, folder = page_server
    seen = _browser_fetch(origin, folder, mesh.gateway_url)
    assert seen["status"] == 200
    assert seen["products"] == 50  # the browser asked for brotli or gzip and read the JSON
    assert STRONG_ETAG.match(seen["etag"].removeprefix("W/")), seen  # exposed to the page by CORS


def test_a_deployment_allows_exactly_the_origins_it_lists(page_server, mesh):
    origin, folder = page_server
    listed = Cors(origins=("https://shop.example.com",)).policy()
    with gateway_replica(mesh, 18382, 18383, cors=listed) as api:
        assert "blocked" in _browser_fetch(origin, folder, api)
    listed = Cors(origins=("https://shop.example.com", origin)).policy()
    with gateway_replica(mesh, 18382, 18383, cors=listed) as api:
        assert _browser_fetch(origin, folder, api)["status"] == 200
