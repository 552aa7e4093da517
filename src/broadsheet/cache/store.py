"""The build cache: one SQLite file in the site's cache folder (``.jekyll-cache``).

SQLite because the state must survive between runs, be written in one transaction (a
crashed build must not leave half a cache that claims to be whole), and answer "which
facts are about these documents" without loading everything. Tables:

* ``meta`` — the signature of everything that invalidates the whole cache (engine
  version, configuration, theme, layouts' names) and the time the cache was written;
* ``sources`` — each read document, parsed, keyed by its file's stamp and hash, so an
  incremental build parses only the files that changed;
* ``facts`` — every fact some output read (render/tracking.py) with its fingerprint;
* ``scopes`` — for each output (``o:<path>``), each document's content (``c:<doc>``) and
  excerpt (``e:<doc>``), the ids of the facts it read, as a packed array, and a digest of
  those facts' names, so that a page that read the same facts again (a feed sorting every
  post by date) is known to be unchanged without looking up every fact's id;
* ``outputs`` — the files the build wrote for documents, with the document's key;
* ``statics`` — the static files copied, with their source stamp.
"""

from __future__ import annotations

import sqlite3
import time
from array import array
from collections.abc import Iterable
from pathlib import Path

from ..render.tracking import Fact, decode, encode, subject

SCHEMA = 2  # the tables' shape: a cache file of another shape is started again
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (relative TEXT PRIMARY KEY, kind TEXT, mtime_ns INTEGER,
    size INTEGER, hash TEXT, blob BLOB);
CREATE TABLE IF NOT EXISTS facts (id INTEGER PRIMARY KEY, fact TEXT UNIQUE, subject TEXT,
    attr TEXT, fp TEXT);
CREATE INDEX IF NOT EXISTS facts_subject ON facts(subject);
CREATE INDEX IF NOT EXISTS facts_attr ON facts(attr);
CREATE TABLE IF NOT EXISTS scopes (name TEXT PRIMARY KEY, facts BLOB, digest INTEGER);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, doc TEXT);
CREATE TABLE IF NOT EXISTS statics (path TEXT PRIMARY KEY, source TEXT, mtime_ns INTEGER,
    size INTEGER);
"""


class Store:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        try:
            self._create()
        except sqlite3.DatabaseError:  # not a cache we can read: start again
            self.db.close()
            path.unlink(missing_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None)
            self._create()
        self._ids: dict[str, int] = {}

    def _create(self) -> None:
        (version,) = self.db.execute("PRAGMA user_version").fetchone()
        if version != SCHEMA:
            tables = [name for (name,) in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                self.db.execute(f'DROP TABLE "{table}"')  # noqa: S608 - names from SQLite
        self.db.executescript(_TABLES)
        self.db.execute(f"PRAGMA user_version = {SCHEMA}")

    @classmethod
    def for_site(cls, source: Path, cache_dir: str) -> Store:
        folder = (source / cache_dir).resolve()
        if not folder.is_relative_to(source.resolve()):
            folder = source / ".jekyll-cache"
        return cls(folder / "broadsheet" / "build.sqlite")

    def close(self) -> None:
        self.db.close()

    # -- meta ------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.set_meta("written_ns", str(time.time_ns()))
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def clear(self, signature: str) -> None:
        """Forget everything but the parsed sources (kept under their own key, see
        cache/sources.py); inside the caller's transaction."""
        for table in ("facts", "scopes", "outputs", "statics", "meta"):
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        self.set_meta("signature", signature)
        self._ids.clear()

    # -- parsed sources ------------------------------------------------------------------
    def sources(self, only: Iterable[str] | None = None
                ) -> dict[str, tuple[str, int, int, str, bytes]]:
        """Every stored parse, or those of the relative paths ``only``."""
        query = "SELECT relative, kind, mtime_ns, size, hash, blob FROM sources"
        if only is None:
            return {row[0]: row[1:] for row in self.db.execute(query)}
        found = {}
        for chunk in _chunks(list(only), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"{query} WHERE relative IN ({marks})", chunk)  # noqa: S608
            found.update((row[0], row[1:]) for row in rows)
        return found

    def put_sources(self, rows: Iterable[tuple[str, str, int, int, str, bytes]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?)", rows)

    def vouch_sources(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Give rows stored early their file's stamp and hash: (mtime_ns, hash, relative)."""
        self.db.executemany("UPDATE sources SET mtime_ns = ?, hash = ? WHERE relative = ?",
                            rows)

    def drop_sources(self, keep: set[str]) -> None:
        gone = [(r,) for (r,) in self.db.execute("SELECT relative FROM sources") if r not in keep]
        self.db.executemany("DELETE FROM sources WHERE relative = ?", gone)

    # -- facts -----------------------------------------------------------------------------
    def facts_about(self, subjects: Iterable[str], attrs: Iterable[str] = ()
                    ) -> list[tuple[int, Fact, str]]:
        """Facts about the given documents, site-wide facts, and facts with the given
        attributes (``next``/``previous`` when the order of a collection moved)."""
        found: dict[int, tuple[int, Fact, str]] = {}
        queries = [("SELECT id, fact, fp FROM facts WHERE subject = ''", ())]
        for name in set(subjects):
            queries.append(("SELECT id, fact, fp FROM facts WHERE subject = ?", (name,)))
        for attr in set(attrs):
            queries.append(("SELECT id, fact, fp FROM facts WHERE attr = ?", (attr,)))
        for sql, args in queries:
            for fact_id, text, fp in self.db.execute(sql, args):
                found[fact_id] = (fact_id, decode(text), fp)
        return list(found.values())

    def subjects(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT DISTINCT subject FROM facts")}

    def fact_ids(self, facts: Iterable[Fact]) -> dict[Fact, int]:
        """Ids of known facts (unknown ones are left out)."""
        wanted = {encode(fact): fact for fact in facts}
        out: dict[Fact, int] = {}
        missing = [text for text in wanted if text not in self._ids]
        for chunk in _chunks(missing, 500):
            marks = ",".join("?" * len(chunk))
            for fact_id, text in self.db.execute(
                f"SELECT id, fact FROM facts WHERE fact IN ({marks})", chunk  # noqa: S608
            ):
                self._ids[text] = fact_id
        for text, fact in wanted.items():
            if text in self._ids:
                out[fact] = self._ids[text]
        return out

    def fingerprints(self, ids: Iterable[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(
                f"SELECT id, fp FROM facts WHERE id IN ({marks})", chunk))  # noqa: S608
        return out

    def put_facts(self, values: dict[Fact, str]) -> dict[Fact, int]:
        """Insert or update facts' fingerprints; returns every fact's id."""
        self.db.executemany(
            "INSERT INTO facts (fact, subject, attr, fp) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(fact) DO UPDATE SET fp = excluded.fp",
            [(encode(f), subject(f), _attr(f), fp) for f, fp in values.items()],
        )
        return self.fact_ids(values)

    def put_numbered_facts(self, rows: Iterable[tuple[int, str, Fact, str]]) -> None:
        """Facts with the ids the caller gave them, into an empty table: (id, encoded fact,
        fact, fingerprint)."""
        self.db.executemany(
            "INSERT INTO facts (id, fact, subject, attr, fp) VALUES (?, ?, ?, ?, ?)",
            ((fact_id, text, subject(f), _attr(f), fp) for fact_id, text, f, fp in rows),
        )

    # -- scopes and outputs --------------------------------------------------------------
    def scopes(self) -> dict[str, array]:
        out: dict[str, array] = {}
        for name, blob in self.db.execute("SELECT name, facts FROM scopes"):
            ids = array("q")
            ids.frombytes(blob)
            out[name] = ids
        return out

    def scope_digests(self, names: Iterable[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(names), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(
                f"SELECT name, digest FROM scopes WHERE name IN ({marks}) "  # noqa: S608
                "AND digest IS NOT NULL", chunk))
        return out

    def put_scopes(self, scopes: Iterable[tuple[str, Iterable[int], int]]) -> None:
        """Scopes as (name, fact ids, digest of the facts' names)."""
        self.put_packed_scopes((name, array("q", sorted(ids)), digest)
                               for name, ids, digest in scopes)

    def put_packed_scopes(self, scopes: Iterable[tuple[str, array, int]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO scopes VALUES (?, ?, ?)",
                            ((name, ids.tobytes(), digest) for name, ids, digest in scopes))

    def drop_scopes(self, names: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM scopes WHERE name = ?", [(n,) for n in names])

    def outputs(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT path, doc FROM outputs"))

    def put_outputs(self, rows: dict[str, str]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?)", rows.items())

    def drop_outputs(self, paths: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM outputs WHERE path = ?", [(p,) for p in paths])

    def statics(self) -> dict[str, tuple[str, int, int]]:
        return {row[0]: row[1:] for row in self.db.execute("SELECT * FROM statics")}

    def put_statics(self, rows: dict[str, tuple[str, int, int]]) -> None:
        self.db.execute("DELETE FROM statics")
        self.db.executemany("INSERT INTO statics VALUES (?, ?, ?, ?)",
                            [(path, *row) for path, row in rows.items()])


def _attr(fact: Fact) -> str:
    """The attribute a document fact is about (``title``, ``next``); "" for others."""
    return fact[2] if fact[0] == "d" and len(fact) > 2 else ""  # type: ignore[return-value]


def _chunks(items: list[str] | list[int], size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
