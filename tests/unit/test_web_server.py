"""Which file the storefront's server answers a path with, and how long a browser may keep it."""

from pathlib import Path

import pytest

from scripts.web_server import IMMUTABLE, REVALIDATE, WebFiles, page_patterns


@pytest.fixture
def files(tmp_path: Path) -> WebFiles:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-AbC123.js").write_text("js")
    (tmp_path / ".vite").mkdir()
    (tmp_path / ".vite" / "manifest.json").write_text("{}")
    (tmp_path / "index.html").write_text("<html>")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("no")
    return WebFiles(tmp_path, page_patterns())


def test_hashed_assets_are_kept_for_a_year_and_pages_revalidate(files: WebFiles):
    found, cache = files.find("/assets/index-AbC123.js")
    assert (found.name, cache) == ("index-AbC123.js", IMMUTABLE)
    assert files.find("/favicon.svg")[1] == REVALIDATE
    assert files.find("/")[0].name == "index.html"


@pytest.mark.parametrize("page", ["/products/abc", "/orders/1?placed=1", "/admin/products/x", "/search?q=tea"])
def test_a_page_of_the_app_is_its_index(files: WebFiles, page: str):
    found, cache = files.find(page)
    assert (found.name, cache) == ("index.html", REVALIDATE)


@pytest.mark.parametrize(
    "path",
    ["/assets/missing.js", "/assets/", "/nope.css", "/.vite/manifest.json", "/../secret.txt", "/a/../../secret.txt"],
)
def test_missing_files_hidden_files_and_escapes_are_not_found(files: WebFiles, path: str):
    assert files.find(path) == (None, "")


@pytest.mark.parametrize("path", ["/", "/products/abc", "/orders/1?placed=1", "/admin", "/admin/products/x"])
def test_the_app_s_pages_are_pages(files: WebFiles, path: str):
    assert files.is_page(path)


@pytest.mark.parametrize("path", ["/nope", "/products/a/b", "/admin/nothing-here", "/products/"])
def test_other_paths_are_not_pages_but_still_get_the_app_which_says_so(files: WebFiles, path: str):
    assert not files.is_page(path)
    assert files.find(path)[0].name == "index.html"  # served with 404: the app renders "no such page"
