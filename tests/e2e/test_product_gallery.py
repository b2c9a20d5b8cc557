"""Pictures in the browser: an admin drops a photo on the product's page in the console with its alt text, its
sizes are made, and the storefront's product page shows it with a WebP and JPEG `srcset` the browser loads from
the gateway; choosing a variant shows that variant's picture first."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from scripts.mesh import Profile
from tests.e2e.browser import Tab, log_in
from tests.e2e.conftest import RestUser
from tests.e2e.pictures import photo, png, upload, wait_until_processed
from tests.e2e.shopping import new_product, new_tee

pytestmark = pytest.mark.slow


def test_an_admin_uploads_a_picture_and_the_storefront_shows_its_renditions(
    tab: Tab, second_tab: Tab, rest: httpx.Client, admin: RestUser, mesh: Profile, tmp_path
):
    product = new_product(rest, admin, display_name="Speckled Enamel Mug")
    product_id = product["name"].split("/")[1]
    picture = tmp_path / "mug.jpg"
    picture.write_bytes(photo(1000, 800, colour=(200, 180, 150)))
    log_in(tab, mesh.admin_email, mesh.admin_password, then=f"/admin/products/{product_id}")
    page = tab.page
    images = page.get_by_role("region", name="Pictures")
    expect(images.get_by_text("No pictures yet")).to_be_visible()
    images.locator("input[type=file]").set_input_files(str(picture))
    images.get_by_label("Alt text").fill("A speckled enamel mug on a wooden table")
    images.get_by_role("button", name="Upload picture").click()
    expect(images.get_by_text("Uploaded.")).to_be_visible()
    # The console shows it once its sizes are made (it polls while the image is processing).
    shown = images.get_by_role("img", name="A speckled enamel mug on a wooden table")
    expect(shown).to_be_visible(timeout=30_000)

    second_tab.open(f"/products/{product_id}")
    gallery = second_tab.page.get_by_test_id("gallery")
    picture_el = gallery.get_by_role("img", name="A speckled enamel mug on a wooden table")
    expect(picture_el).to_be_visible()
    expect(second_tab.page.locator(".product-art")).to_have_count(0)  # no big letter in its place
    srcset = picture_el.get_attribute("srcset") or ""
    assert [entry.split()[1] for entry in srcset.split(", ")] == ["320w", "640w", "800w"]
    webp = gallery.locator("source[type='image/webp']").first.get_attribute("srcset") or ""
    assert webp.count(".webp") == 3
    # The browser really drew one of them, fetched from the gateway's /media/.
    complete, width, source = picture_el.evaluate("img => [img.complete, img.naturalWidth, img.currentSrc]")
    assert complete is True
    assert width > 0
    # Chromium takes WebP: the source it chose is one of the WebP renditions.
    assert source.removeprefix(mesh.gateway_url) in [entry.split()[0] for entry in webp.split(", ")]


def test_choosing_a_variant_shows_its_picture_first(tab: Tab, rest: httpx.Client, admin: RestUser):
    tee = new_tee(rest, admin, display_name="Gallery Picker Tee")
    product = tee["name"]
    sand = tee["variants"]["M", "Sand"]
    black = tee["variants"]["M", "Black"]
    for data, alt, variant in ((png(600, 600), "The tee in black", black), (png(600, 600), "The tee in sand", sand)):
        made = upload(rest, admin, product, data, "image/png", alt)
        wait_until_processed(rest, admin, product, made["name"])
        tagged = rest.patch(
            f"/v1/{made['name']}",
            headers=admin.headers,
            json={"variants": [variant["name"]]},
            params={"update_mask": "variants"},
        )
        assert tagged.status_code == 200, tagged.text
    tab.open(f"/products/{product.split('/')[1]}")
    page = tab.page
    main = page.get_by_test_id("gallery").locator(".gallery-main img")
    expect(main).to_have_attribute("alt", "The tee in black")  # M Black is in stock: chosen first
    page.locator(".variant-picker label").filter(has_text="Sand (sold out)").click()  # the radio itself is hidden
    expect(main).to_have_attribute("alt", "The tee in sand")
