"""The dev server as a writer meets it: a headless browser on a served example site.

Each test edits the site's files the way an editor saves them and waits for the open
page to change by itself; nothing in the browser is touched after the first load.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.serve.harness import ServedSite, wait_until_connected

pytestmark = pytest.mark.e2e

THEME_CSS = Path(__file__).parents[2] / "src/broadsheet/themes/news/assets/css/main.scss"


def newest_post(site: Path) -> Path:
    return sorted((site / "_posts").glob("*.md"))[-1]


def oldest_post(site: Path) -> Path:
    return sorted((site / "_posts").glob("*.md"))[0]


def post_url(served: ServedSite, post: Path, page: Any) -> str:
    """The URL of ``post``, as the front page links to it."""
    page.goto(served.url)
    slug = post.stem[len("2025-08-22-"):]
    return page.locator(f'a[href$="/{slug}.html"]').first.get_attribute("href")


def save(path: Path, text: str) -> None:
    """As an editor saves: a whole new file renamed over the old one."""
    scratch = path.with_name(f".{path.name}.saving")
    scratch.write_text(text, encoding="utf-8")
    scratch.replace(path)


def set_title(post: Path, title: str) -> None:
    text = post.read_text(encoding="utf-8")
    save(post, re.sub(r"(?m)^title: .*$", f'title: "{title}"', text, count=1))


def test_front_page_loads_with_its_images_and_styles(example_site: Path, page: Any) -> None:
    failures: list[str] = []
    page.on("requestfailed", lambda request: failures.append(request.url))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400
            else None)
    with ServedSite(example_site) as served:
        page.goto(served.url, wait_until="load")
        expect(page).to_have_title(re.compile("The Daily Broadsheet"))
        wait_until_connected(page)
        images = page.locator("img")
        assert images.count() > 3
        loaded = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth"
                               " > 0).length")
        assert loaded >= 1
        rules = page.evaluate("[...document.styleSheets].reduce((n, s) => n + s.cssRules.length,"
                              " 0)")
        assert rules > 50
    assert failures == []


def test_editing_a_title_shows_in_the_open_page(example_site: Path, page: Any) -> None:
    post = newest_post(example_site)
    with ServedSite(example_site) as served:
        page.goto(served.url + post_url(served, post, page).lstrip("/"))
        wait_until_connected(page)
        set_title(post, "Tram line opens a year early")
        expect(page.locator("h1").first).to_have_text("Tram line opens a year early",
                                                      timeout=15_000)


def test_broken_front_matter_shows_an_overlay_until_fixed(example_site: Path, page: Any
                                                          ) -> None:
    post = newest_post(example_site)
    good = post.read_text(encoding="utf-8")
    with ServedSite(example_site) as served:
        page.goto(served.url + post_url(served, post, page).lstrip("/"))
        wait_until_connected(page)
        title = page.locator("h1").first.inner_text()
        save(post, good.replace("title:", "title: [unclosed", 1))
        overlay = page.locator("#broadsheet-overlay")
        expect(overlay).to_contain_text(re.compile(re.escape(post.name) + r":\d+"),
                                        timeout=15_000)  # the file and the line
        expect(overlay).to_contain_text("invalid YAML")  # and the message
        expect(page.locator("h1").first).to_have_text(title)  # the last good build
        save(post, good.replace(title, "Fixed and rebuilt", 1))
        expect(page.locator("h1").first).to_have_text("Fixed and rebuilt", timeout=15_000)
        expect(overlay).to_have_count(0)


def test_a_page_opened_while_broken_shows_the_overlay(example_site: Path, page: Any) -> None:
    post = newest_post(example_site)
    save(post, post.read_text(encoding="utf-8").replace("---\n", "---\ntitle: [\n", 1))
    with ServedSite(example_site) as served:
        page.goto(served.url)
        expect(page.locator("#broadsheet-overlay")).to_contain_text(post.name)


def test_a_stylesheet_change_applies_without_a_reload(example_site: Path, page: Any) -> None:
    sheet = example_site / "assets/css/main.scss"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    theme = THEME_CSS.read_text(encoding="utf-8")
    sheet.write_text(theme + "\n.masthead__title { outline: 3px solid rgb(1, 2, 3); }\n")
    with ServedSite(example_site) as served:
        page.goto(served.url)
        wait_until_connected(page)
        title = page.locator(".masthead__title")
        expect(title).to_have_css("outline-color", "rgb(1, 2, 3)")
        page.evaluate("window.__notReloaded = true")
        save(sheet, theme + "\n.masthead__title { outline: 3px solid rgb(200, 10, 20); }\n")
        expect(title).to_have_css("outline-color", "rgb(200, 10, 20)", timeout=15_000)
        assert page.evaluate("window.__notReloaded") is True
        assert page.evaluate("window.__broadsheet.swaps") == 1


def test_no_reload_when_nothing_the_page_shows_changed(example_site: Path, page: Any) -> None:
    post = oldest_post(example_site)  # its page changes; the front page does not show it
    with ServedSite(example_site) as served:
        page.goto(served.url)
        wait_until_connected(page)
        page.evaluate("window.__notReloaded = true")
        build = page.evaluate("window.__broadsheet.build")
        save(post, post.read_text(encoding="utf-8") + "\nOne more sentence.\n")
        page.wait_for_function(f"() => window.__broadsheet.build > {build}", timeout=15_000)
        assert page.evaluate("window.__notReloaded") is True


def test_missing_pages_and_escapes(example_site: Path, page: Any) -> None:
    with ServedSite(example_site) as served:
        response = page.goto(served.url + "no/such/story.html")
        assert response is not None and response.status == 404
        expect(page.locator("h1")).to_contain_text("find that page")  # the theme's 404.html
        for escape in ("..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd",
                       "assets/..%2f..%2f..%2fetc%2fhostname"):
            answer = page.request.get(served.url + escape)
            assert answer.status in (403, 404), escape
            assert "root:" not in answer.text()


def test_serves_under_the_baseurl(example_site: Path, page: Any) -> None:
    with ServedSite(example_site, "--baseurl", "/paper") as served:
        assert served.url.endswith("/paper/")
        page.goto(served.url.removesuffix("paper/"))  # the bare root leads to the site
        assert page.url == served.url
        expect(page.locator(".masthead__title")).to_have_css("text-transform", "none")
        rules = page.evaluate("[...document.styleSheets].reduce((n, s) => n + s.cssRules.length,"
                              " 0)")
        assert rules > 50
