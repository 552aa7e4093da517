"""Page order (``site.pages``), collection order (``order``/``sort_by``) and CSV cells,
as Jekyll 4.3 keeps them; the compat suite's ``structure`` site checks the same end to end."""

from __future__ import annotations

from pathlib import Path

from broadsheet.read.data import csv_rows
from broadsheet.read.documents import Document
from broadsheet.read.ordering import page_order, sort_collection
from broadsheet.slugify import slugify


def doc(path: str, **data: object) -> Document:
    return Document(relative_path=path, source_path=Path(path), collection="c", data=dict(data),
                    content="")


def test_pages_sort_by_name_with_subfolders_first_on_ties() -> None:
    paths = ["index.html", "sections/index.md", "sections/sport/index.md", "about.md",
             "sections/sport/results/2025.md"]
    ordered = sorted((doc(p) for p in paths), key=page_order)
    assert [d.relative_path for d in ordered] == [
        "sections/sport/results/2025.md", "about.md", "index.html",
        "sections/sport/index.md", "sections/index.md",
    ]


def test_sort_by_puts_documents_without_the_key_last() -> None:
    docs = [doc("_c/a.md"), doc("_c/b.md", order=2), doc("_c/c.md", order=1)]
    ordered = sort_collection(docs, {"sort_by": "order"}, "_c")
    assert [d.relative_path for d in ordered] == ["_c/c.md", "_c/b.md", "_c/a.md"]


def test_order_list_comes_first_then_the_rest() -> None:
    docs = [doc("_c/a.md"), doc("_c/b.md"), doc("_c/c.md")]
    ordered = sort_collection(docs, {"order": ["c.md", "missing.md", "a.md"]}, "_c")
    assert [d.relative_path for d in ordered] == ["_c/c.md", "_c/a.md", "_c/b.md"]


def test_csv_unquoted_empty_cells_are_nil() -> None:
    assert csv_rows('a,b,c\n1,,""\n"x,""y""",2\n') == [
        ["a", "b", "c"], ["1", None, ""], ['x,"y"', "2"],
    ]


def test_latin_slugs_use_i18n_table_only() -> None:
    assert slugify("Café Nº 9 Æsir", "latin") == "cafe-n-9-aesir"
