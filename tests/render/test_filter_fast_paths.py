"""Filters' short cuts give exactly what their full route gives (``filters_expected.json``
checks the full route against Jekyll): ``sort`` by property orders plain values with a key
sort, in the order Ruby's ``<=>`` comparison gives; ``number_of_words`` splits ASCII text
with ``str.split`` when it holds none of the spaces only Python splits at."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from liquid import Environment
from liquid.filter import with_context

from broadsheet.render.filters import arrays, grouping
from broadsheet.render.filters.arrays import sort
from broadsheet.render.filters.text import (
    _RUBY_WS,
    PYTHON_ONLY_SPACES,
    awk_split,
    html_escape,
    number_of_words,
)
from broadsheet.render.filters.urls import _URI, _is_absolute

TIMES = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1),
                     timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-5))]))
VALUES = st.one_of(
    st.lists(st.one_of(st.none(), st.text(alphabet="aBé0 9-", max_size=4)), max_size=12),
    st.lists(st.one_of(st.none(), st.integers(-5, 5), st.floats(-5, 5, allow_nan=False)),
             max_size=12),
    st.lists(st.one_of(st.none(), TIMES), max_size=12),
    st.lists(st.one_of(st.none(), st.dates()), max_size=12),
    st.lists(st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=2), st.booleans(),
                       st.floats()), max_size=12),
)


@settings(max_examples=500, deadline=None)
@given(values=VALUES, nils=st.sampled_from(["first", "last"]))
def test_key_sort_orders_as_the_comparison_does(values: list[Any], nils: str) -> None:
    items = [{"rank": value, "n": number} for number, value in enumerate(values)]
    pairs = [(arrays.item_property(item, "rank"), item) for item in items]
    expected = arrays._sorted_by_comparison(pairs, -1 if nils == "first" else 1)
    assert sort(items, "rank", nils) == expected


def test_posts_sort_by_date_with_undated_ones_first() -> None:
    posts = [{"t": "b", "date": datetime(2024, 5, 2, tzinfo=UTC)},
             {"t": "none"},
             {"t": "a", "date": datetime(2024, 5, 1, 23, tzinfo=timezone(timedelta(hours=-5)))},
             {"t": "c", "date": datetime(2024, 5, 2, 3)}]
    assert [post["t"] for post in sort(posts, "date")] == ["none", "b", "c", "a"]
    assert [post["t"] for post in sort(posts, "date", "last")] == ["b", "c", "a", "none"]
    days = [{"t": "x", "date": date(2024, 1, 2)}, {"t": "y", "date": date(2023, 1, 2)}]
    assert [day["t"] for day in sort(days, "date")] == ["y", "x"]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab \t\n\r\x0b\x0c\x00é’“.—" + PYTHON_ONLY_SPACES, max_size=16))
def test_word_split_equals_the_ruby_whitespace_split(text: str) -> None:
    assert awk_split(text) == [part for part in _RUBY_WS.split(text) if part]


def test_the_spaces_only_python_splits_at_are_all_listed() -> None:
    spaces = {chr(code) for code in range(0x110000) if chr(code).isspace()}
    assert spaces - set(" \t\n\x0b\x0c\r") == set(PYTHON_ONLY_SPACES)


def test_separators_python_splits_at_are_not_word_breaks() -> None:
    assert number_of_words("one\x1ctwo three\u2003four") == 2
    assert number_of_words(" one  two\tthree\n") == 3


ZONES = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                         timezone(timedelta(hours=-3, seconds=7)), timezone(-timedelta(hours=11))])


@settings(max_examples=2000, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1, 12), max_value=datetime(9999, 12, 30)), ZONES)
def test_xmlschema_short_cut_equals_rubys_strftime(moment: datetime, zone: timezone) -> None:
    from broadsheet.render.filters.dates import _xmlschema, strftime

    aware = moment.replace(tzinfo=zone)
    assert _xmlschema(aware) == strftime(aware, "%Y-%m-%dT%H:%M:%S%:z")


ITEMS = st.lists(st.one_of(
    st.fixed_dictionaries({}, optional={"draft": st.one_of(st.booleans(), st.none(),
                                                          st.sampled_from(["true", "", 1, 0])),
                                        "size": st.integers(0, 2)}),
    st.text(max_size=3), st.integers(0, 3), st.lists(st.integers(0, 2), max_size=2),
), max_size=10)
CONDITIONS = st.sampled_from([
    "item.draft != true", "item.draft == true", "item.draft == nil", "item.draft != nil",
    "item.draft == false", "item.draft == 'true'", "item.draft != ''", "item.draft == 1",
    "item.size == 1", "item.draft != true and item.draft", "other.draft == true",
])


@settings(max_examples=1500, deadline=None)
@given(items=ITEMS, condition=CONDITIONS)
def test_where_exp_short_cut_keeps_what_the_full_route_keeps(items: list[Any],
                                                              condition: str) -> None:
    assert _kept(grouping.where_exp, items, condition) == _kept(_slow_where_exp, items,
                                                                 condition)


def test_where_exp_short_cut_on_feed_items() -> None:
    items = [{"draft": True, "t": "a"}, {"t": "b"}, {"draft": False, "t": "c"}, "text"]
    assert _kept(grouping.where_exp, items, "item.draft != true") == "bctext"
    assert _kept(grouping.where_exp, items, "item.draft == true") == "a"


def _kept(where_exp: Any, items: list[Any], condition: str) -> str:
    env = Environment()
    env.filters["where_exp"] = where_exp
    template = env.from_string(
        "{% assign kept = items | where_exp: 'item', cond %}"
        "{% for k in kept %}{{ k.t | default: k }}{% endfor %}")
    return template.render(items=items, cond=condition)


@with_context
def _slow_where_exp(value: Any, variable: object = None, expression: object = None, *,
                    context: Any) -> Any:
    """where_exp as it was: every item bound in a scope, the whole condition evaluated."""
    condition = grouping.parse_condition(context.env, str(expression))
    out = []
    scope: dict[str, Any] = {}
    with context.extend(scope):
        for item in value:
            scope[str(variable)] = item
            if condition.evaluate(context):
                out.append(item)
    return out


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab&<>\"'é; #", max_size=12))
def test_escape_replaces_as_the_table_did(text: str) -> None:
    table = str.maketrans({"&": "&amp;", ">": "&gt;", "<": "&lt;", '"': "&quot;", "'": "&#39;"})
    assert html_escape(text) == text.translate(table)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab/.?#@[]%9 -_~é", max_size=16))
def test_text_without_a_colon_parses_as_a_relative_uri(text: str) -> None:
    uri = _URI(text)  # the full parse neither fails nor finds a scheme
    assert uri.absolute is False and _is_absolute(text) is False
