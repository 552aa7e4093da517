"""Build a site with Jekyll and with Broadsheet, and say how far the two outputs agree.

Broadsheet promises Jekyll 4.3's output. This module is the yardstick for that promise: it
builds a site with both engines and compares the output folders file by file. It is used by
the pytest suite (``test_compat.py``) and by ``python -m tests.compat.report``.

Two levels of agreement are measured, because the project's issues ask for them in turn:

* *same text*: the same output paths, and the same visible text on every HTML page;
* *strict*: the same HTML once insignificant differences (attribute order, whitespace
  that a browser collapses, character-reference spelling) are normalised away.

Everything that is not HTML is compared as strictly as its format allows: XML as canonical
XML (minus the few fields that change on every build), CSS after whitespace normalisation,
everything else byte for byte.

Both engines build a *staged copy* of the site whose files all carry one fixed mtime. Some
output depends on mtimes (``static_file.modified_time``, jekyll-sitemap's ``<lastmod>`` for
static files), and a git checkout gives every file the checkout time; with a fixed mtime that
output is the same for both engines and for the cached Jekyll build. Staging also keeps the
source tree clean whatever either engine writes next to its source.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SITES_DIR = Path(__file__).resolve().parent / "sites"

# Bump when the way the cache is filled changes, so old entries stop matching.
CACHE_FORMAT = "2"

# 2000-01-01T00:00:00Z: every staged file gets this mtime (see the module docstring).
FIXED_MTIME = 946_684_800

# Folders an engine may leave in a source tree; they are not part of the site.
_NOT_SITE = {".jekyll-cache", ".broadsheet-cache", "_site", ".sass-cache", "__pycache__"}

# A build may take a while on a big site, but a hung engine must not hang the suite.
BUILD_TIMEOUT = 600


class BuildError(RuntimeError):
    """An engine exited non-zero: carries its output so a test failure shows why."""

    def __init__(self, engine: str, site: Path, returncode: int, output: str) -> None:
        self.engine = engine
        self.site = site
        self.returncode = returncode
        self.output = output
        super().__init__(
            f"{engine} build of {site.name} failed (exit {returncode}):\n{output[-4000:]}"
        )


# --------------------------------------------------------------------------- suite sites


def suite_sites() -> list[str]:
    """Name every suite site: each folder of ``sites/`` that has a ``_config.yml``."""
    return sorted(p.name for p in SITES_DIR.iterdir() if (p / "_config.yml").is_file())


def resolve_site(name_or_path: str) -> Path:
    """Accept a suite-site name (``minima``) or a path to any site folder."""
    candidate = SITES_DIR / name_or_path
    if "/" not in name_or_path and candidate.is_dir():
        return candidate
    path = Path(name_or_path).resolve()
    if not path.is_dir():
        raise FileNotFoundError(f"no such site: {name_or_path}")
    return path


# --------------------------------------------------------------------------- building


def _site_files(site_dir: Path) -> list[Path]:
    """List the site's files in a stable order, skipping engines' caches and outputs."""
    files = []
    for path in site_dir.rglob("*"):
        rel = path.relative_to(site_dir)
        if _NOT_SITE.intersection(rel.parts) or not path.is_file():
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(site_dir).as_posix())


def site_fingerprint(site_dir: Path) -> str:
    """Hash every file's relative path and bytes: the Jekyll cache is keyed on it."""
    digest = hashlib.sha256()
    for path in _site_files(site_dir):
        data = path.read_bytes()
        rel = path.relative_to(site_dir).as_posix().encode()
        digest.update(len(rel).to_bytes(4, "big") + rel)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def stage_site(site_dir: Path, dest: Path) -> Path:
    """Copy the site to ``dest`` with every file's mtime set to :data:`FIXED_MTIME`."""
    for path in _site_files(site_dir):
        target = dest / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        os.utime(target, (FIXED_MTIME, FIXED_MTIME))
    dest.mkdir(parents=True, exist_ok=True)
    return dest


def build_env() -> dict[str, str]:
    """The environment both engines run in: UTC, UTF-8, the default (development) env."""
    env = dict(os.environ)
    env["TZ"] = "UTC"
    env["LC_ALL"] = "C.UTF-8"
    env["LANG"] = "C.UTF-8"
    env.pop("JEKYLL_ENV", None)  # production would switch on e.g. minima's analytics
    return env


@functools.lru_cache(maxsize=1)
def jekyll_version() -> str:
    """Describe the Jekyll install: its version and the gems beside it, for the cache key."""
    out = subprocess.run(
        ["jekyll", "--version"], capture_output=True, text=True, check=True, env=build_env()
    ).stdout.strip()
    gems_dir = Path("/usr/share/rubygems-integration/all/gems")
    gems = sorted(p.name for p in gems_dir.glob("*")) if gems_dir.is_dir() else []
    return out + "\n" + "\n".join(gems)


def cache_root() -> Path:
    """Where cached Jekyll builds live: ``$BROADSHEET_COMPAT_CACHE`` or the user cache."""
    configured = os.environ.get("BROADSHEET_COMPAT_CACHE")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "broadsheet-compat"


def _run(engine: str, site_dir: Path, argv: Sequence[str], cwd: Path) -> float:
    """Run one build command; return its wall time or raise :class:`BuildError`."""
    start = time.perf_counter()
    proc = subprocess.run(
        list(argv),
        cwd=cwd,
        env=build_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise BuildError(engine, site_dir, proc.returncode, proc.stdout)
    return seconds


def build_with_jekyll(site_dir: Path, *, cache_dir: Path | None = None) -> Path:
    """Build ``site_dir`` with Jekyll, or reuse the cached output of an identical build.

    The key is the site's content plus the Jekyll install, so any edit to the site (or an
    upgrade) rebuilds, and everything else is instant. The entry is filled in a temporary
    folder and renamed into place, so an interrupted build never leaves a half entry.
    """
    site_dir = site_dir.resolve()
    root = cache_dir or cache_root()
    key = hashlib.sha256(
        "\0".join([CACHE_FORMAT, jekyll_version(), site_fingerprint(site_dir)]).encode()
    ).hexdigest()[:24]
    entry = root / f"jekyll-{site_dir.name}-{key}"
    if (entry / "meta.json").is_file():
        return entry / "_site"
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".tmp-{site_dir.name}-", dir=root))
    try:
        source = stage_site(site_dir, work / "source")
        seconds = _run(
            "jekyll",
            site_dir,
            [
                "jekyll",
                "build",
                "-s",
                str(source),
                "-d",
                str(work / "_site"),
                "--disable-disk-cache",
            ],
            cwd=work,
        )
        shutil.rmtree(source)
        meta = {"site": site_dir.name, "seconds": round(seconds, 3), "key": key}
        (work / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        try:
            work.rename(entry)
        except OSError:
            if not (entry / "meta.json").is_file():  # not a concurrent twin's entry
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return entry / "_site"


def build_with_broadsheet(site_dir: Path, *, work_dir: Path | None = None) -> Path:
    """Build ``site_dir`` with this checkout's Broadsheet CLI, in a subprocess.

    The CLI is run as ``python -m broadsheet`` with the running interpreter, so the suite
    tests the engine installed beside it rather than whatever ``broadsheet`` is on PATH.
    Returns the output folder (inside ``work_dir``, or a new temporary folder).
    """
    site_dir = site_dir.resolve()
    work = work_dir or Path(tempfile.mkdtemp(prefix=f"broadsheet-{site_dir.name}-"))
    work.mkdir(parents=True, exist_ok=True)
    source = stage_site(site_dir, work / "source")
    out = work / "_site"
    seconds = _run(
        "broadsheet",
        site_dir,
        [sys.executable, "-m", "broadsheet", "build", "-s", str(source), "-d", str(out)],
        cwd=work,
    )
    (work / "meta.json").write_text(json.dumps({"seconds": round(seconds, 3)}) + "\n")
    return out


def build_seconds(out_dir: Path) -> float | None:
    """The wall time recorded for the build that made ``out_dir``, if there is one."""
    meta = out_dir.parent / "meta.json"
    if not meta.is_file():
        return None
    return json.loads(meta.read_text()).get("seconds")


# --------------------------------------------------------------------------- HTML


# Elements whose edges are block boundaries: whitespace next to them does not render.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "base",
        "blockquote",
        "body",
        "br",
        "caption",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "meta",
        "nav",
        "noscript",
        "ol",
        "optgroup",
        "option",
        "p",
        "pre",
        "script",
        "section",
        "select",
        "source",
        "style",
        "summary",
        "table",
        "tbody",
        "td",
        "template",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
        "video",
        "audio",
        "canvas",
        "svg",
    }
)
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Whitespace inside these is content, not layout.
PRESERVE_TAGS = frozenset({"pre", "code", "textarea", "script", "style"})
# Text inside these is not visible.
HIDDEN_TAGS = frozenset({"script", "style", "template"})
# <meta name=...> whose content names the engine rather than the site.
IGNORED_META = frozenset({"generator"})

_WS = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True)
class Token:
    """One item of the canonical stream: a tag, a run of text, a comment or a declaration."""

    kind: str  # "start", "end", "text", "comment", "decl"
    value: str  # tag name, or the text
    attrs: tuple[tuple[str, str], ...] = ()
    preserve: bool = False  # text inside pre/code/textarea/script/style
    hidden: bool = False  # text inside script/style/template

    def render(self) -> str:
        """One line per token, so that line diffs of token streams read naturally."""
        if self.kind == "start":
            attrs = "".join(f' {k}="{v}"' for k, v in self.attrs)
            return f"<{self.value}{attrs}>"
        if self.kind == "end":
            return f"</{self.value}>"
        if self.kind == "comment":
            return f"<!--{self.value}-->"
        if self.kind == "decl":
            return f"<!{self.value}>"
        return "  " + json.dumps(self.value, ensure_ascii=False)[1:-1]

    @property
    def is_boundary(self) -> bool:
        """True for tags that start or end a block, and for comments and declarations."""
        if self.kind in ("start", "end"):
            return self.value in BLOCK_TAGS
        return self.kind in ("comment", "decl")


class _Tokenizer(HTMLParser):
    """Turn HTML into raw tokens; :func:`html_tokens` then normalises them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self._preserve = 0
        self._hidden = 0

    def _text(self, data: str) -> None:
        if not data:
            return
        preserve, hidden = self._preserve > 0, self._hidden > 0
        last = self.tokens[-1] if self.tokens else None
        if last and last.kind == "text" and (last.preserve, last.hidden) == (preserve, hidden):
            self.tokens[-1] = Token("text", last.value + data, preserve=preserve, hidden=hidden)
        else:
            self.tokens.append(Token("text", data, preserve=preserve, hidden=hidden))

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = {}
        for name, value in attrs:
            value = value or ""
            if name == "class":
                value = " ".join(value.split())
            pairs[name] = value
        if tag == "meta" and pairs.get("name", "").lower() in IGNORED_META:
            pairs["content"] = "(ignored)"
        self.tokens.append(Token("start", tag, tuple(sorted(pairs.items()))))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag in VOID_TAGS:
            return
        self._preserve += tag in PRESERVE_TAGS
        self._hidden += tag in HIDDEN_TAGS

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> and <br> are the same element; <path/> (SVG) is <path></path>.
        self._start(tag, attrs)
        if tag not in VOID_TAGS:
            self.tokens.append(Token("end", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if tag in PRESERVE_TAGS and self._preserve:
            self._preserve -= 1
        if tag in HIDDEN_TAGS and self._hidden:
            self._hidden -= 1
        self.tokens.append(Token("end", tag))

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_comment(self, data: str) -> None:
        self.tokens.append(Token("comment", " ".join(data.split())))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(Token("decl", " ".join(decl.split()).lower()))

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA["):
            self._text(data[len("CDATA[") :])
        else:
            self.tokens.append(Token("decl", " ".join(data.split())))

    def handle_pi(self, data: str) -> None:
        self.tokens.append(Token("decl", "?" + " ".join(data.split())))


def html_tokens(html: str) -> list[Token]:
    """Parse HTML into the canonical token stream that strict comparison uses.

    Attributes are sorted; character references are decoded; outside pre/code/textarea/
    script/style each whitespace run becomes one space, and whitespace that touches a block
    boundary (where a browser would not render it) is dropped.
    """
    parser = _Tokenizer()
    parser.feed(html)
    parser.close()
    raw = parser.tokens
    out: list[Token] = []
    for i, token in enumerate(raw):
        if token.kind != "text" or token.preserve:
            out.append(token)
            continue
        text = _WS.sub(" ", token.value)
        if i == 0 or raw[i - 1].is_boundary:
            text = text.lstrip(" ")
        if i == len(raw) - 1 or raw[i + 1].is_boundary:
            text = text.rstrip(" ")
        if text:
            out.append(Token("text", text, hidden=token.hidden))
    return out


def html_canonical_lines(html: str) -> list[str]:
    """The canonical token stream, one rendered token per line."""
    return [token.render() for token in html_tokens(html)]


def visible_text_lines(html: str) -> list[str]:
    """The text a reader sees, one line per block, whitespace collapsed.

    Text inside script/style/template is skipped. Block boundaries become line breaks, so
    that ``<p>a</p><p>b</p>`` and ``<p>a</p>\\n<p>b</p>`` read the same.
    """
    parser = _Tokenizer()
    parser.feed(html)
    parser.close()
    parts: list[str] = []
    for token in parser.tokens:
        if token.kind == "text" and not token.hidden:
            parts.append(token.value)
        elif token.is_boundary:
            parts.append("\n")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def visible_text(html: str) -> str:
    """All visible text on one line: the weak "same text" check compares this."""
    return " ".join(visible_text_lines(html))


# --------------------------------------------------------------------------- XML


def _local(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


# Fields that change on every build. Paths are local names from the root element.
IGNORED_XML_PATHS = frozenset(
    {
        ("feed", "updated"),  # Atom feed: site.time
        ("rss", "channel", "lastBuildDate"),  # RSS feed: site.time
        ("rss", "channel", "pubDate"),
    }
)
# Elements ignored wherever they are: they name the engine and its version.
IGNORED_XML_ELEMENTS = frozenset({"generator"})


def xml_canonical_lines(data: bytes) -> list[str]:
    """Canonical XML, one line per tag or text, minus the fields that change every build.

    Attributes are sorted; text and tails are stripped at the edges. Element text marked
    ``type="html"`` (feed titles, content and summaries) is HTML escaped into XML, so it is
    canonicalised as HTML: a feed then agrees exactly when the pages it quotes agree.
    Raises ``xml.etree.ElementTree.ParseError`` if ``data`` is not well-formed.
    """
    root = ET.fromstring(data)
    lines: list[str] = []

    def walk(elem: ET.Element, path: tuple[str, ...], depth: int) -> None:
        name = _local(elem.tag)
        path = (*path, name)
        pad = "  " * depth
        attrs = "".join(f' {k}="{v}"' for k, v in sorted(elem.attrib.items()))
        if name in IGNORED_XML_ELEMENTS or path in IGNORED_XML_PATHS:
            lines.append(f"{pad}<{elem.tag}> (ignored)")
            return
        lines.append(f"{pad}<{elem.tag}{attrs}>")
        text = (elem.text or "").strip()
        if text and elem.attrib.get("type") == "html":
            lines.extend(pad + "  " + line for line in html_canonical_lines(text))
        elif text:
            lines.append(pad + "  " + json.dumps(text, ensure_ascii=False)[1:-1])
        for child in elem:
            walk(child, path, depth + 1)
            tail = (child.tail or "").strip()
            if tail:
                lines.append(pad + "  " + json.dumps(tail, ensure_ascii=False)[1:-1])
        lines.append(f"{pad}</{elem.tag}>")

    walk(root, (), 0)
    return lines


# --------------------------------------------------------------------------- CSS, maps


_CSS_COMMENT = re.compile(r"/\*(?!#).*?\*/", re.S)  # keeps /*# sourceMappingURL */
_CSS_PUNCT = re.compile(r"\s*([{};:,>])\s*")


def css_canonical_lines(css: str) -> list[str]:
    """CSS with whitespace normalised, one rule per line.

    Spacing and line breaks between tokens and a trailing semicolon before ``}`` are all
    the difference between Sass's output styles, none of them meaningful; comments other
    than the source-map pointer are dropped for the same reason.
    """
    css = _CSS_COMMENT.sub("", css)
    css = _WS.sub(" ", css)
    css = _CSS_PUNCT.sub(r"\1", css).replace(";}", "}")
    return [rule.strip() + "}" for rule in css.split("}") if rule.strip()]


def _map_source(source: str) -> str:
    """Name a Sass source by its path below ``_sass/`` (or its file name).

    Source maps name sources relative to where the build ran, and the theme lives in a
    different place for each engine; the part below ``_sass/`` is what identifies a file.
    """
    if "_sass/" in source:
        return "_sass/" + source.rsplit("_sass/", 1)[1]
    return source.rsplit("/", 1)[-1]


def sourcemap_canonical_lines(data: bytes) -> list[str]:
    """A source map as sorted, indented JSON with its source paths made location-free."""
    doc = json.loads(data)
    if isinstance(doc, dict) and isinstance(doc.get("sources"), list):
        doc["sources"] = [_map_source(str(s)) for s in doc["sources"]]
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False).splitlines()


# --------------------------------------------------------------------------- comparing


HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
XML_SUFFIXES = frozenset({".xml", ".atom", ".rss", ".xsl"})


def file_kind(path: str) -> str:
    """How a file is compared: ``html``, ``xml``, ``css``, ``sourcemap`` or ``bytes``."""
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in XML_SUFFIXES:
        return "xml"
    if suffix == ".css":
        return "css"
    if suffix == ".map":
        return "sourcemap"
    return "bytes"


def first_difference(
    expected: Sequence[str], actual: Sequence[str], context: int = 3, limit: int = 8
) -> str | None:
    """Describe where two line lists first differ, with a few lines of context.

    Lines only in Jekyll's output are marked ``-``, lines only in ours ``+``. Returns None
    when the lists are equal. Only a window after the common prefix is diffed, which keeps
    this fast on large pages.
    """
    if list(expected) == list(actual):
        return None
    start = 0
    while start < min(len(expected), len(actual)) and expected[start] == actual[start]:
        start += 1
    window = 200
    a, b = expected[start : start + window], actual[start : start + window]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    tag, i1, i2, j1, j2 = opcodes[0] if opcodes else ("replace", 0, len(a), 0, len(b))
    out = [f"@@ line {start + i1 + 1} (jekyll) / {start + j1 + 1} (ours) @@"]
    out += ["  " + line for line in expected[max(0, start + i1 - context) : start + i1]]
    removed, added = a[i1:i2], b[j1:j2]
    out += ["- " + line for line in removed[:limit]]
    if len(removed) > limit:
        out.append(f"- ... {len(removed) - limit} more")
    out += ["+ " + line for line in added[:limit]]
    if len(added) > limit:
        out.append(f"+ ... {len(added) - limit} more")
    out += ["  " + line for line in a[i2 : i2 + context]]
    return "\n".join(out)


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _byte_difference(a: bytes, b: bytes) -> str:
    """Describe differing non-text files by size and first differing offset."""
    offset = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    if offset is None:
        offset = min(len(a), len(b))
    return f"bytes differ: {len(a)} (jekyll) vs {len(b)} (ours), first at offset {offset}"


@dataclass
class FileResult:
    """How one output path present in both builds compares."""

    path: str
    kind: str
    identical: bool  # strict: canonical forms equal (bytes equal for plain files)
    same_text: bool | None = None  # HTML only: visible text equal
    difference: str | None = None  # first strict difference, with context
    text_difference: str | None = None  # first visible-text difference (HTML)


def compare_file(path: str, expected: bytes, actual: bytes) -> FileResult:
    """Compare one file from Jekyll's output (``expected``) with ours (``actual``)."""
    kind = file_kind(path)
    if expected == actual:
        return FileResult(path, kind, True, True if kind == "html" else None)
    a_text, b_text = _decode(expected), _decode(actual)
    if a_text is None or b_text is None:
        return FileResult(path, kind, False, difference=_byte_difference(expected, actual))
    if kind == "html":
        diff = first_difference(html_canonical_lines(a_text), html_canonical_lines(b_text))
        a_vis, b_vis = visible_text_lines(a_text), visible_text_lines(b_text)
        same_text = " ".join(a_vis) == " ".join(b_vis)
        text_diff = None if same_text else first_difference(a_vis, b_vis)
        return FileResult(path, kind, diff is None, same_text, diff, text_diff)
    try:
        if kind == "xml":
            a_lines, b_lines = xml_canonical_lines(expected), xml_canonical_lines(actual)
        elif kind == "css":
            a_lines, b_lines = css_canonical_lines(a_text), css_canonical_lines(b_text)
        elif kind == "sourcemap":
            a_lines = sourcemap_canonical_lines(expected)
            b_lines = sourcemap_canonical_lines(actual)
        else:
            a_lines, b_lines = a_text.splitlines(), b_text.splitlines()
    except (ET.ParseError, ValueError) as exc:
        a_lines, b_lines = a_text.splitlines(), b_text.splitlines()
        note = f"(could not parse as {kind}: {exc}; compared as text)\n"
        diff = first_difference(a_lines, b_lines) or "line endings or final newline differ"
        return FileResult(path, kind, False, difference=note + diff)
    diff = first_difference(a_lines, b_lines)
    if diff is None and kind == "bytes":
        diff = "line endings or final newline differ"
    return FileResult(path, kind, diff is None, difference=diff)


def list_files(root: Path) -> set[str]:
    """Every file below ``root`` as a relative POSIX path."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@dataclass
class CompareReport:
    """How one site's two outputs compare, file by file."""

    site: str
    only_jekyll: list[str] = field(default_factory=list)
    only_ours: list[str] = field(default_factory=list)
    files: dict[str, FileResult] = field(default_factory=dict, repr=False)
    jekyll_seconds: float | None = None
    ours_seconds: float | None = None

    @property
    def pages(self) -> list[FileResult]:
        """The HTML pages present in both outputs."""
        return [r for r in self.files.values() if r.kind == "html"]

    @property
    def others(self) -> list[FileResult]:
        """Every non-HTML file present in both outputs."""
        return [r for r in self.files.values() if r.kind != "html"]

    @property
    def identical_pages(self) -> list[FileResult]:
        """Pages equal under strict (normalised-HTML) comparison."""
        return [r for r in self.pages if r.identical]

    @property
    def same_text_pages(self) -> list[FileResult]:
        """Pages whose visible text is equal."""
        return [r for r in self.pages if r.same_text]

    @property
    def same_paths(self) -> bool:
        """Issue 2's first condition: both engines wrote the same set of files."""
        return not self.only_jekyll and not self.only_ours

    @property
    def all_text_same(self) -> bool:
        """Issue 2's second condition: every page shared by both reads the same."""
        return all(r.same_text for r in self.pages)

    def share_identical(self) -> float:
        """Share of Jekyll's pages that we reproduce strictly (missing pages count as 0)."""
        total = len(self.pages) + sum(file_kind(p) == "html" for p in self.only_jekyll)
        return len(self.identical_pages) / total if total else 1.0

    def format(self, max_details: int = 10) -> str:
        """A readable account: counts, paths present on one side only, first differences."""
        pages, others = self.pages, self.others
        lines = [
            f"== {self.site}: {len(self.files)} files in both, {len(self.only_jekyll)} only "
            f"in Jekyll, {len(self.only_ours)} only in ours",
            f"   HTML pages: {len(pages)}; strictly identical {len(self.identical_pages)}, "
            f"same text {len(self.same_text_pages)}; other files identical "
            f"{sum(r.identical for r in others)}/{len(others)}",
        ]
        for label, paths in (
            ("only in Jekyll", self.only_jekyll),
            ("only in ours", self.only_ours),
        ):
            for path in paths[:max_details]:
                lines.append(f"   {label}: {path}")
            if len(paths) > max_details:
                lines.append(f"   {label}: ... {len(paths) - max_details} more")
        differing = [r for r in self.files.values() if not r.identical]
        for result in differing[:max_details]:
            lines.append(f"--- {result.path} [{result.kind}]")
            if result.text_difference:
                lines.append("    visible text differs:")
                lines += ["    " + x for x in result.text_difference.splitlines()]
            if result.difference:
                lines += ["    " + x for x in result.difference.splitlines()]
        if len(differing) > max_details:
            lines.append(f"... {len(differing) - max_details} more differing files")
        return "\n".join(lines)


def compare(jekyll_out: Path, ours_out: Path, site: str = "") -> CompareReport:
    """Compare two output folders: paths on one side only, then every shared file."""
    expected, actual = list_files(jekyll_out), list_files(ours_out)
    report = CompareReport(
        site=site or jekyll_out.name,
        only_jekyll=sorted(expected - actual),
        only_ours=sorted(actual - expected),
        jekyll_seconds=build_seconds(jekyll_out),
        ours_seconds=build_seconds(ours_out),
    )
    for path in sorted(expected & actual):
        report.files[path] = compare_file(
            path, (jekyll_out / path).read_bytes(), (ours_out / path).read_bytes()
        )
    return report


def format_table(reports: Iterable[CompareReport]) -> str:
    """One row per site: shared and one-sided files, strict and same-text page counts."""
    header = (
        f"{'site':<12} {'files':>5} {'only J':>6} {'only us':>7} {'pages':>5} "
        f"{'strict':>6} {'text':>5} {'other':>7} {'share':>6} {'jekyll s':>8} {'ours s':>7}"
    )
    rows = [header, "-" * len(header)]
    for r in reports:
        others = r.others
        rows.append(
            f"{r.site:<12} {len(r.files):>5} {len(r.only_jekyll):>6} {len(r.only_ours):>7} "
            f"{len(r.pages):>5} {len(r.identical_pages):>6} {len(r.same_text_pages):>5} "
            f"{sum(o.identical for o in others):>3}/{len(others):<3} "
            f"{r.share_identical():>6.0%} {_secs(r.jekyll_seconds):>8} {_secs(r.ours_seconds):>7}"
        )
    return "\n".join(rows)


def _secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
