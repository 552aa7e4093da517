"""jekyll-redirect-from: the Courier site against real Jekyll, then the rules one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadsheet.plugins.redirect_from import redirect_from, redirect_to

from .conftest import output_files

STORY = "---\ntitle: Ferry\nredirect_from: [/ferry/, old-ferry.html]\n---\nSails.\n"


def _gem_page(target: str) -> str:
    """The gem's own ``redirect.html`` layout, filled in."""
    return f"""<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="{target}">
  <script>location="{target}"</script>
  <meta http-equiv="refresh" content="0; url={target}">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="{target}">Click here if you are not redirected.</a>
</html>
"""


def _site(make_site, config: str = "", files: dict[str, str] | None = None) -> Path:
    return make_site({
        "_config.yml": f"timezone: UTC\nplugins: [jekyll-redirect-from]\n{config}",
        "_posts/2025-03-02-ferry.md": STORY,
        **(files or {}),
    })


# -- the whole site, byte for byte ----------------------------------------------------------
def test_courier_site_is_identical_to_jekyll(courier_broadsheet: Path,
                                             courier_jekyll: Path) -> None:
    ours, theirs = output_files(courier_broadsheet), output_files(courier_jekyll)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in theirs if ours[name] != theirs[name]] == []


def test_courier_uses_the_sites_own_redirect_layout(courier_broadsheet: Path) -> None:
    page = (courier_broadsheet / "café/index.html").read_text()
    assert "This story has moved" in page
    assert "from=/café/ url=/café/ dir=/café/ sitemap=false desk=Hilltop newsroom" in page
    assert "<title>The Hilltop Courier</title>" in page  # its parent layout too


def test_courier_redirects_json(courier_broadsheet: Path) -> None:
    table = json.loads((courier_broadsheet / "redirects.json").read_text())
    assert table == {
        "/race/": "/courier/sport/news/2024/07/14/hill-race.html",
        "/café/": "/courier/sport/news/2024/07/14/hill-race.html",
        "/sport/news/2024/07/14/hill-race.html": "/courier/sport/",
        "/contact-us.php": "/courier/contact.html",
        "/moved.html": "/courier/about/",
    }
    assert (courier_broadsheet / "contact-us.php").is_file()  # the permalink's extension


def test_dispatch_redirects_leave_the_sitemap(dispatch_broadsheet: Path) -> None:
    text = (dispatch_broadsheet / "sitemap.xml").read_text()
    for absent in ("about-us", "lights.html", "/tram/", "council-budget", "subscribe",
                   "desk/ethics", "redirects.json"):
        assert absent not in text
    assert "desk/corrections/" in text


# -- redirect_from --------------------------------------------------------------------------
def test_redirect_from_pages_use_the_gems_layout(make_site, build_site) -> None:
    out = build_site(_site(make_site, "url: https://tide.example\nbaseurl: /t\n"))
    target = "https://tide.example/t/2025/03/02/ferry.html"
    assert (out / "ferry/index.html").read_text() == _gem_page(target)
    assert (out / "old-ferry.html").read_text() == _gem_page(target)  # leading slash added


def test_without_a_site_url_targets_are_relative_to_the_baseurl(make_site, build_site) -> None:
    out = build_site(_site(make_site, "baseurl: /t\n"))
    assert (out / "ferry/index.html").read_text() == _gem_page("/t/2025/03/02/ferry.html")


def test_redirects_json_lists_every_redirect(make_site, build_site) -> None:
    out = build_site(_site(make_site, "url: https://tide.example\n"))
    assert (out / "redirects.json").read_text() == (
        '{"/ferry/":"https://tide.example/2025/03/02/ferry.html",'
        '"/old-ferry.html":"https://tide.example/2025/03/02/ferry.html"}')


def test_redirects_json_can_be_turned_off(make_site, build_site) -> None:
    out = build_site(_site(make_site, "redirect_from:\n  json: false\n"))
    assert not (out / "redirects.json").exists()
    assert (out / "ferry/index.html").is_file()


def test_a_sites_own_redirects_json_is_kept(make_site, build_site) -> None:
    out = build_site(_site(make_site, files={"redirects.json": '{"mine": true}\n'}))
    assert (out / "redirects.json").read_text() == '{"mine": true}\n'


def test_redirects_json_is_written_even_without_redirects(make_site, build_site) -> None:
    site = make_site({"_config.yml": "plugins: [jekyll-redirect-from]\n",
                      "index.html": "---\n---\nhome\n"})
    assert (build_site(site) / "redirects.json").read_text() == "{}"


def test_collections_that_are_not_written_are_not_redirected(make_site, build_site) -> None:
    out = build_site(_site(
        make_site, "collections:\n  staff: {output: false}\n",
        {"_staff/ann.md": "---\nredirect_from: /ann/\n---\nAnn.\n"},
    ))
    assert not (out / "ann").exists()


# -- redirect_to ------------------------------------------------------------------------------
def test_redirect_to_an_external_address(make_site, build_site) -> None:
    out = build_site(_site(
        make_site, "url: https://tide.example\n",
        {"moved.md": "---\nredirect_to: http://elsewhere.example/a?b=1\n---\nGone.\n"},
    ))
    assert (out / "moved.html").read_text() == _gem_page("http://elsewhere.example/a?b=1")


def test_redirect_to_a_list_takes_its_first_item(make_site, build_site) -> None:
    out = build_site(_site(
        make_site, "",
        {"moved.md": "---\nredirect_to: [null, /new/, /other/]\n---\nGone.\n"},
    ))
    assert (out / "moved.html").read_text() == _gem_page("/new/")


def test_redirect_to_empties_the_document_and_keeps_its_address(make_site, build_site) -> None:
    out = build_site(_site(make_site, "", {
        "_layouts/redirect.html": "[{{ content }}] {{ page.title }} {{ page.redirect.from }}\n",
        "_posts/2025-03-05-gone.md": "---\ntitle: Gone\nredirect_to: /new/\n---\nBody.\n",
    }))
    # a site's own redirect layout wins; the content is empty (kramdown gives "\n" for it)
    page = (out / "2025/03/05/gone.html").read_text()
    assert page.startswith("[") and page.endswith("] Gone /2025/03/05/gone.html\n")
    assert "Body" not in page


# -- the front-matter readers -----------------------------------------------------------------
@pytest.mark.parametrize(("data", "expected"), [
    ({}, []),
    ({"redirect_from": None}, []),
    ({"redirect_from": "/old/"}, ["/old/"]),
    ({"redirect_from": ["/a/", None, "b"]}, ["/a/", "b"]),
])
def test_redirect_from_values(data: dict, expected: list) -> None:
    assert redirect_from(data) == expected


@pytest.mark.parametrize(("data", "expected"), [
    ({}, None),
    ({"redirect_to": "/new/"}, "/new/"),
    ({"redirect_to": [None, "/b/", "/c/"]}, "/b/"),
    ({"redirect_to": []}, None),
])
def test_redirect_to_values(data: dict, expected: object) -> None:
    assert redirect_to(data) == expected
