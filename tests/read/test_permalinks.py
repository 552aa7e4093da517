from __future__ import annotations

from broadsheet.dates import RubyTime, parse_time_text, site_zone
from broadsheet.read import permalinks


def _post_url(template: str, **data: object) -> str:
    date = parse_time_text("2025-08-22 05:44:58", site_zone("UTC"))
    assert isinstance(date, RubyTime)
    values = {"date": date, "slug": "talks-begin", "categories": ["News", "World Affairs"]}
    values.update(data)
    placeholders = permalinks.document_placeholders(
        collection="posts", basename_without_ext="2025-08-22-talks-begin",
        cleaned_relative_path="/2025-08-22-talks-begin", output_ext=".html", data=values,
    )
    return permalinks.document_url(template, placeholders)


def test_every_named_style_gives_jekylls_url() -> None:
    from broadsheet.config import PERMALINK_STYLES as S

    assert _post_url(S["date"]) == "/news/world%20affairs/2025/08/22/talks-begin.html"
    assert _post_url(S["pretty"]) == "/news/world%20affairs/2025/08/22/talks-begin/"
    assert _post_url(S["ordinal"]) == "/news/world%20affairs/2025/234/talks-begin.html"
    assert _post_url(S["none"]) == "/news/world%20affairs/talks-begin.html"
    assert _post_url(S["weekdate"]) == "/news/world%20affairs/2025/W34/Fri/talks-begin.html"


def test_template_placeholders_cover_dates_and_slugified_categories() -> None:
    url = _post_url("/:slugified_categories/:short_year/:i_month/:i_day/:hour:minute/:slug/")
    assert url == "/news/world-affairs/25/8/22/0544/talks-begin/"


def test_dot_dot_in_a_permalink_cannot_climb_out_of_the_site() -> None:
    assert ".." not in _post_url("/../../etc/:slug")
    assert permalinks.sanitize_url("/../../etc/passwd").startswith("/")
    assert permalinks.output_path(_post_url("/../../etc/:slug"), ".html", is_page=False) \
        == "etc/talks-begin.html"


def test_pages_take_the_site_style_ending() -> None:
    assert permalinks.page_template("date", ".html", "about") == "/:path/:basename:output_ext"
    assert permalinks.page_template("pretty", ".html", "about") == "/:path/:basename/"
    assert permalinks.page_template("pretty", ".html", "index") == "/:path/"
    assert permalinks.page_template("pretty", ".xml", "feed") == "/:path/:basename:output_ext"
    url = permalinks.page_url("/:path/:basename/", "/team/", "about", ".html")
    assert url == "/team/about/"
    assert permalinks.output_path(url, ".html", is_page=True) == "team/about/index.html"


def test_numeric_date_parts_are_padded_as_ruby_pads_them() -> None:
    early = RubyTime(987, 3, 4, 5, 6, 7, tzinfo=site_zone("UTC"))
    url = _post_url("/:year/:month/:day/:hour/:minute/:second/:slug/", date=early)
    assert url == "/0987/03/04/05/06/07/talks-begin/"


def test_a_placeholder_followed_by_an_underscore_keeps_it() -> None:
    assert _post_url("/:year_/:title_.html") == "/2025_/talks-begin_.html"


def test_an_unknown_placeholder_is_an_error_each_time_it_is_used() -> None:
    import pytest

    from broadsheet.errors import ContentError

    for _ in range(2):  # the second use finds the template's plan made
        with pytest.raises(ContentError, match="':headline', which Jekyll does not know"):
            _post_url("/:year/:headline/")


def test_a_date_placeholder_in_an_undated_document_is_an_error() -> None:
    import pytest

    from broadsheet.errors import ContentError

    with pytest.raises(ContentError, match="uses a date but the document has none"):
        _post_url("/:year/:slug/", date=None)
    assert _post_url("/:collection/:slug/", date=None) == "/posts/talks-begin/"
