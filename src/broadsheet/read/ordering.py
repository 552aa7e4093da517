"""The order Jekyll keeps pages and collection documents in, which templates can see.

``site.pages`` is sorted by file *name* (``Reader#sort_files!``), so pages with the same
name in several folders (``index.md``) tie; Ruby's sort is then left with the order the
pages were read in, and Jekyll reads a folder's sub-folders before its own pages. A
collection is sorted by its ``order:`` list, by the ``sort_by:`` front-matter key (items
without the key last, ties by date and path), or by date and path.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cmp_to_key
from typing import Any

from .documents import Document

_AFTER_FOLDERS = "\U0010ffff"  # sorts a folder's own pages after its sub-folders' pages


def page_order(page: Document) -> tuple[bytes, tuple[str, ...]]:
    """Sort key: the file name, then Jekyll's reading order (sub-folders first)."""
    folders = tuple(page.relative_path.split("/")[:-1])
    return page.basename.encode(), (*folders, _AFTER_FOLDERS)


def _spaceship(left: object, right: object) -> int | None:
    """Ruby's ``<=>`` for front-matter values: numbers with numbers, like with like."""
    numbers = (int, float)
    if isinstance(left, numbers) and isinstance(right, numbers):
        pass
    elif type(left) is not type(right) or isinstance(left, (dict, bool)):
        return None
    try:
        return (left > right) - (left < right)  # type: ignore[operator]
    except TypeError:
        return None


def sort_collection(docs: list[Document], meta: Mapping[str, Any], folder: str) -> list[Document]:
    """``Collection#sort_docs!``: by ``order``, else by ``sort_by``, else by date and path."""
    by_date = sorted(docs, key=Document.sort_key)
    order = meta.get("order")
    if isinstance(order, list):
        listed = {f"{folder}/{entry}": None for entry in order}
        found = {doc.relative_path: doc for doc in by_date}
        ranked = [found[path] for path in listed if path in found]
        return ranked + [doc for doc in by_date if doc.relative_path not in listed]
    key = meta.get("sort_by")
    if not isinstance(key, str):
        return by_date
    position = {id(doc): index for index, doc in enumerate(by_date)}

    def compare(left: Document, right: Document) -> int:
        a, b = left.data.get(key), right.data.get(key)
        if a is None and b is not None:
            return 1
        if a is not None and b is None:
            return -1
        result = _spaceship(a, b)
        if not result:
            return position[id(left)] - position[id(right)]
        return result

    return sorted(docs, key=cmp_to_key(compare))
