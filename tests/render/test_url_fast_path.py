"""``relative_url``/``absolute_url`` skip Addressable's normalisation for plain URLs; the
short cut must give exactly what the full normalisation gives, for any input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.render.filters import urls

PIECES = st.text(alphabet="abcXYZ019_~-./%:?#é ", max_size=14)
BASES = st.sampled_from([None, "", "/blog", "blog/", "/a.b", "/x//"])
SITES = st.sampled_from(["https://example.com", "http://news.example.org",
                         "https://Example.com", "https://x.org:443", "http://a.b:8080"])


def _outcome(compute, *args):  # noqa: ANN001, ANN202 - any callable, any result
    try:
        return compute(*args)
    except Exception as err:  # noqa: BLE001 - the error's type is the outcome
        return type(err).__name__


def _slow_relative(value: str, base: str | None) -> str:
    if urls._URI(value).absolute:
        return value
    base = base or ""
    base = base[:-1] if base.endswith("/") else base
    return urls._URI(urls._leading_slash(base) + urls._leading_slash(value)).normalized()


@settings(max_examples=400, deadline=None)
@given(value=PIECES, base=BASES, site=SITES)
def test_short_cut_equals_full_normalisation(value: str, base: str | None, site: str) -> None:
    relative = _outcome(urls.compute_relative_url, value, base)
    assert relative == _outcome(_slow_relative, value, base)
    if isinstance(relative, str) and _outcome(lambda: urls._URI(value).absolute) is False:
        assert _outcome(urls.compute_absolute_url, value, site, base) == _outcome(
            lambda: urls._URI(site + relative).normalized())
