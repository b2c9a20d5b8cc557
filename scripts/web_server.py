"""Serves the built storefront and admin console (``web/dist``) to the gateway, which routes every GET that is
not the API here (so the shop and its API share one origin: no CORS, one cookie-less token flow).

- ``/assets/*`` are content-hashed by the build: cached for a year, ``immutable``.
- A page of the single-page app (``web/src/pages.json``, the app's own route table) is ``index.html``, revalidated
  each time (``no-cache`` with an ETag), with a Content-Security-Policy that allows nothing from another origin;
  any other path a browser asks for is ``index.html`` too, with status 404 (the app says there is no such page).
- Dot-files (the build's ``.vite`` manifest) and paths escaping the folder are 404.

``python -m scripts.web_server --port 18085 --root web/dist``; the stacks run it as the ``web`` program.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import re
import signal
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# What a page may load: only this origin (the API is on it too); no inline script; styles only from files
# (and the style properties scripts set, which CSP leaves alone).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
PAGES = Path(__file__).resolve().parent.parent / "web" / "src" / "pages.json"


def page_patterns(pages: Path = PAGES) -> list[str]:
    """The app's page URLs as regexes (``/products/:id`` → ``/products/[^/]+``), for this server and the gateway."""
    return [re.escape(page).replace(":id", "[^/]+") for page in json.loads(pages.read_text())]


class WebFiles:
    def __init__(self, root: Path, pages: list[str]) -> None:
        self.root = root.resolve()
        self._pages = re.compile("|".join(pages))

    def is_page(self, url_path: str) -> bool:
        return self._pages.fullmatch(url_path.split("?", 1)[0].split("#", 1)[0]) is not None

    def find(self, url_path: str) -> tuple[Path | None, str]:
        """The file for a GET of ``url_path`` and its cache-control; (None, "") for a 404."""
        path = url_path.split("?", 1)[0].split("#", 1)[0]
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") or p in ("..",) or "\\" in p for p in parts):
            return None, ""
        candidate = (self.root.joinpath(*parts)).resolve() if parts else self.root / "index.html"
        if not candidate.is_relative_to(self.root):
            return None, ""
        if candidate.is_file():
            return candidate, IMMUTABLE if parts[:1] == ["assets"] else REVALIDATE
        if parts[:1] == ["assets"] or "." in (parts[-1] if parts else ""):
            return None, ""  # a missing file, not a page
        index = self.root / "index.html"
        return (index, REVALIDATE) if index.is_file() else (None, "")


def handler_for(files: WebFiles) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "shopmesh-web"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, *, body: bool) -> None:
            found, cache_control = files.find(self.path)
            if found is None:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", "no-store", body=body)
                return
            status = HTTPStatus.OK
            if found.name == "index.html" and not files.is_page(self.path):
                status = HTTPStatus.NOT_FOUND  # the app renders its "no such page"
            content = found.read_bytes()
            etag = f'"{hashlib.sha256(content).hexdigest()[:20]}"'
            if self.headers.get("if-none-match") == etag and status == HTTPStatus.OK:
                self._send(HTTPStatus.NOT_MODIFIED, b"", None, cache_control, etag=etag, body=False)
                return
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml", "application/json"):
                kind += "; charset=utf-8"
            self._send(status, content, kind, cache_control, etag=etag, body=body)

        def _send(
            self,
            status: HTTPStatus,
            content: bytes,
            kind: str | None,
            cache_control: str,
            *,
            etag: str = "",
            body: bool,
        ) -> None:
            self.send_response(status)
            if kind:
                self.send_header("content-type", kind)
            self.send_header("content-length", str(len(content)) if status != HTTPStatus.NOT_MODIFIED else "0")
            self.send_header("cache-control", cache_control)
            if etag:
                self.send_header("etag", etag)
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.end_headers()
            if body and content:
                self.wfile.write(content)

        def log_message(self, format: str, *args: object) -> None:  # the gateway's access log has every request
            pass

    return Handler


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", type=Path, required=True)
    args = parser.parse_args()
    mimetypes.add_type("text/javascript", ".js")
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(WebFiles(args.root, page_patterns())))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"serving {args.root} on 127.0.0.1:{args.port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
