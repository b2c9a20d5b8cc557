"""A real browser on the storefront: Debian's Chromium driven by Playwright (never a downloaded build), pages
checked by axe-core (the storefront's own npm copy) and photographed into ``.run/test/screenshots``."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from scripts.mesh import ROOT, Profile

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / ".run" / "test" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# axe impacts a page may not have: what keeps a person from using it (moderate and minor ones are reported).
BLOCKING = ("serious", "critical")


@dataclass
class Tab:
    """A page of the shop with what went wrong in it: script errors, failed API calls, other origins asked."""

    page: Page
    origin: str
    problems: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        self.page.goto(self.origin + path)
        return self.page

    def local_storage(self, key: str) -> dict | None:
        value = self.page.evaluate(f"localStorage.getItem({json.dumps(key)})")
        return json.loads(value) if value else None

    def set_local_storage(self, key: str, value: dict) -> None:
        self.page.evaluate(f"localStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(value))})")

    def axe_violations(self) -> list[dict]:
        """axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A/AA and best practice)."""
        self.page.evaluate(AXE.read_text())
        found = self.page.evaluate(
            "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
            "'best-practice']})).violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
            "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
        )
        return [v for v in found if v["impact"] in BLOCKING]

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


# Per module, not per session: Playwright's sync API keeps an event loop running in this thread while it is
# started, and the async tests of the modules after (pytest-asyncio's loop) could not run theirs.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is installed by scripts/bootstrap.sh"
    assert AXE.exists(), "axe-core comes with the storefront's npm packages (scripts/bootstrap.sh)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


def new_tab(browser: Browser, mesh: Profile, *, viewport: dict | None = None) -> tuple[BrowserContext, Tab]:
    context = browser.new_context(viewport=viewport or DESKTOP, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(15_000)
    page = context.new_page()
    tab = Tab(page, mesh.gateway_url)
    page.on("pageerror", lambda error: tab.problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            tab.problems.append(f"console: {message.text}")
            if message.type == "error" and "status of 4" not in message.text  # an API's 4xx is an answer, not a fault
            else None
        ),
    )

    def seen(request) -> None:
        if not request.url.startswith((tab.origin, "data:", "blob:")):
            tab.foreign.append(request.url)

    page.on("request", seen)
    page.on("response", lambda r: tab.problems.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return context, tab


@pytest.fixture
def tab(browser: Browser, mesh: Profile) -> Iterator[Tab]:
    """A fresh browser profile (no session, no cart) on the test stack's gateway; fails the test on a script
    error, a 5xx, or a request to another origin."""
    context, opened = new_tab(browser, mesh)
    yield opened
    context.close()
    assert not opened.problems, opened.problems
    assert not opened.foreign, f"requests to other origins: {opened.foreign}"


@pytest.fixture
def second_tab(browser: Browser, mesh: Profile) -> Iterator[Tab]:
    """Another person's browser, beside ``tab``."""
    context, opened = new_tab(browser, mesh)
    yield opened
    context.close()
    assert not opened.problems, opened.problems


def log_in(tab: Tab, email: str, password: str, *, then: str = "/") -> None:
    """Through the login form (as whoever was logged in before, if anyone), landing on ``then``."""
    page = tab.open(f"/login?next={then}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{tab.origin}{then}")
    page.get_by_role("button", name="Log out").wait_for()
    session = tab.local_storage("shopmesh.session")
    assert session, "no session after logging in"
    assert session["user"]["email"] == email.lower(), session
