"""Front matter of the common shape is read without PyYAML's event machinery; what it gives
must be exactly what PyYAML's loader gives, for any text of that shape or near it."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.config import YamlLoader
from broadsheet.read.frontmatter import _simple_front_matter, parse_yaml

PLAIN_TEXTS = [
    "post", "2025-08-22T05:44:58", "2025-08-22", "2025-08-22 05:44:58 +02:00", "yes", "No",
    "off", "~", "null", "Null", "1.5", ".5", ".inf", "-.inf", ".nan", "0x1A", "1_000", "12:30",
    "190:20:30", "0o7", "1e3", "1.0e+3", "-5", "+3", "a b", "a  b", "a:b", "https://x.org/a",
    "assets/images/x.jpg", "(note)", "a.b", "...", "a: b", "a #b", "a#b", "x ", "y\t", "é",
    "True", "TRUE", "tRue", "0", "00", "012", "0b101", "3.", "1,000", "a-b", "_x", "/a", "a+",
    "a ", "2025-08-22 ", "a\tb", "(x) ", "+1", "1:2:3", "Yes", "ON", "n", "y", "NULL",
]
PLAIN = st.sampled_from(PLAIN_TEXTS)
QUOTED = st.text(alphabet="ab é#:'\"\\\t-", max_size=6).map(lambda t: f'"{t}"')
SINGLE = st.text(alphabet="ab é#:'\"-", max_size=6).map(lambda t: f"'{t}'")
ITEMS = st.lists(st.one_of(PLAIN, QUOTED), max_size=4)
FLOW = st.one_of(ITEMS.map(lambda items: "[" + ", ".join(items) + "]"),
                 ITEMS.map(lambda items: "[" + ",".join(items) + "]"), st.just("[ ]"))
VALUE = st.one_of(PLAIN, QUOTED, SINGLE, FLOW, st.just(""), st.just("[]"))
KEY = st.one_of(st.sampled_from(["layout", "title", "date", "tags", "image_alt"]),
                st.sampled_from(["last-modified", "yes", "null", "1", "_x", "a b", " indented"]))
SEPARATOR = st.one_of(st.just(": "), st.sampled_from([":", ":  ", " : ", ":\t"]))
LINE = st.tuples(KEY, SEPARATOR, VALUE).map("".join)


def loader(header: str) -> object:
    try:
        return ("ok", yaml.load(header, Loader=YamlLoader))
    except yaml.YAMLError as err:
        return ("error", type(err).__name__)


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.one_of(LINE, st.just(""), st.just("# note")), max_size=6),
       st.sampled_from(["---", "---  ", "--- "]))
def test_simple_reading_equals_the_loader(lines: list[str], first: str) -> None:
    header = first + "\n" + "".join(line + "\n" for line in lines)
    simple = _simple_front_matter(header)
    if simple is not None:
        expected = loader(header)
        assert expected[0] == "ok"
        assert simple == (expected[1] or {})
        assert [type(v) for v in simple.values()] == [type(v) for v in (expected[1] or {}).values()]


def test_every_listed_scalar_reads_as_the_loader_reads_it() -> None:
    values = PLAIN_TEXTS + [f"[{text}]" for text in PLAIN_TEXTS]
    values += [f"[{a}, {b}]" for a in PLAIN_TEXTS[:12] for b in PLAIN_TEXTS[-12:]]
    values += ['"a: b"', '"x "', '""', "'it'", "''", "[]", '["a, b", c]', "[ a]", "[a,b]"]
    taken = 0
    for value in values:
        header = f"---\nkey: {value}\n"
        simple = _simple_front_matter(header)
        if simple is not None:
            taken += 1
            assert loader(header) == ("ok", simple), value
            assert [type(v) for v in simple.values()] == [
                type(v) for v in loader(header)[1].values()], value  # type: ignore[index]
    assert taken > len(values) // 3  # the short road is taken for many of them


def test_the_seed_shape_takes_the_short_road() -> None:
    header = ('---\nlayout: post\ntitle: "Breaking: talks to start"\ndate: 2025-08-22T05:44:58\n'
              'author: "badely"\ncategories: [News]\ntags: []\nexcerpt: "Earlier, a source '
              'said ..."\nimage: assets/images/e55d64157a7a98423d658162b267ff2e.jpg\n')
    simple = _simple_front_matter(header)
    assert simple is not None and simple == yaml.load(header, Loader=YamlLoader)
    assert parse_yaml(header, "_posts/x.md") == simple


def test_other_shapes_take_the_loader() -> None:
    for header in ("---\nauthor:\n  name: Ann\n", "---\ntitle: a # comment\n",
                   "---\ntitle: |\n  block\n", '---\ntitle: "esc\\"aped"\n',
                   "---\ntags:\n- a\n", "---\nyes: 1\n", "---\ntitle: &a x\n"):
        assert _simple_front_matter(header) is None
