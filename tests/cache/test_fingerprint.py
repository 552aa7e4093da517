"""Fingerprints of long values (``site.posts`` at a hundred thousand posts) are hashed a
few thousand parts at a time: the digest must be the one of the whole value, and move
when any single item does, wherever it falls."""

from __future__ import annotations

import hashlib

import pytest

from broadsheet.render.tracking import fingerprint


def _whole(items: list[str]) -> str:
    """The digest of the list's parts joined at once, as fingerprints were first taken."""
    parts = ["[", *("s" + item for item in items), "]"]
    return hashlib.blake2b("\x1e".join(parts).encode(), digest_size=12).hexdigest()


@pytest.mark.parametrize("size", [0, 1, 4094, 4095, 4096, 4097, 12_289])
def test_a_long_list_has_the_digest_of_all_its_parts_at_once(size: int) -> None:
    items = [f"story-{n}" for n in range(size)]
    assert fingerprint(items) == _whole(items)


def test_a_change_to_any_one_item_of_a_long_list_moves_its_fingerprint() -> None:
    items = [f"story-{n}" for n in range(10_000)]
    before = fingerprint(items)
    for position in (0, 4094, 4095, 4096, 8191, 9_999):
        changed = list(items)
        changed[position] += "!"
        assert fingerprint(changed) != before, position
    assert fingerprint(items[:-1]) != before
    assert fingerprint({"posts": items}) == fingerprint({"posts": list(items)})
