"""One python-liquid ``Environment`` per site, set up the way Jekyll sets up Liquid.

It owns the three things templates may reach outside themselves through: includes
(looked up in the site's ``_includes`` then the theme's, or beside the document for
``include_relative``, and never outside those folders), URLs of other documents (for
``link`` and ``post_url``), and the site's Jekyll filters. Parsed templates are cached
by path for the whole build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import liquid
from liquid import BoundTemplate
from liquid.exceptions import LiquidError

from ..errors import IncludeError, TemplateError
from ..read.entries import inside
from ..read.frontmatter import read_text
from . import (
    liquid_semantics,  # noqa: F401  (Ruby Liquid's empty/blank, applied on import)
    liquid_speed,  # noqa: F401  (fewer allocations per variable read, on import)
)
from .include_cache import IncludeCache, SiteContext
from .loop_cache import LoopOutputs
from .tags import JEKYLL_TAGS
from .tracking import ReadLog

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.token import Token

    from ..read.documents import Document, StaticFile

RECENT_CONTENTS = 32  # documents' parsed contents kept, the oldest dropped first


def _keep_final_newlines() -> None:
    """Work around a python-liquid 2.3 lexer bug that loses a template's last newline.

    Its content rule ends in ``$``, which in Python also matches just before a final
    newline; that newline then becomes a token of its own and inherits the ``-%}``
    trimming of the tag before it, so ``{%- endif -%}\n</head>\n`` renders without the
    newline Ruby Liquid keeps (minima's pages lost a line break after every include).
    Anchoring the rule at ``\\Z`` restores Ruby's behaviour.
    """
    import liquid.lex as lex

    original = lex._compile_rules
    if getattr(original, "keeps_final_newlines", False):
        return

    def compile_rules(rules: Iterable[tuple[str, str]]) -> Any:
        return original([(name, pattern.replace("|$)", "|\\Z)")) for name, pattern in rules])

    compile_rules.keeps_final_newlines = True  # type: ignore[attr-defined]
    lex._compile_rules = compile_rules
    lex.get_lexer.cache_clear()


_keep_final_newlines()


class SiteUrls:
    """The URLs ``{% link %}`` and ``{% post_url %}`` resolve to."""

    def __init__(self, documents: Iterable[Document], static_files: Iterable[StaticFile] = ()):
        self.by_path: dict[str, str] = {}
        self.posts: dict[str, str] = {}
        for item in static_files:  # Jekyll's link tag walks every site file, static too
            self.by_path[item.relative_path] = "/" + item.output_path
        for doc in documents:
            self.by_path[doc.relative_path] = doc.url
            if doc.is_post and not doc.is_draft:
                name = doc.relative_path.split("_posts/", 1)[-1]
                stem = name.rsplit(".", 1)[0]
                self.posts.setdefault(stem, doc.url)
                self.posts.setdefault(stem.rsplit("/", 1)[-1], doc.url)

    def link(self, path: str) -> str | None:
        return self.by_path.get(path.strip().lstrip("/"))

    def post(self, name: str) -> str | None:
        return self.posts.get(name) or self.posts.get(name.rsplit("/", 1)[-1])


class SiteTemplate(BoundTemplate):
    context_class = SiteContext  # notes what includes read, for the include cache

    def render_payload(self, payload: dict[str, object]) -> str:
        """``render(**payload)``, with ``payload`` itself as the globals when the template
        has none of its own: python-liquid chains the render's arguments, the template's
        front matter and its globals, and the context flattens the chain again for every
        variable it reads (include_cache.SiteContext), twice for each page's layouts."""
        if self.matter or self.globals:
            return self.render(**payload)
        context = self.context_class(self, globals=payload)
        buffer = self._get_buffer()
        self.render_with_context(context, buffer)
        return buffer.getvalue()


class SiteEnvironment(liquid.Environment):
    """python-liquid configured with Jekyll's tags, filters and include folders."""

    template_class = SiteTemplate

    def __init__(
        self,
        *,
        config: Mapping[str, Any],
        source: Path,
        include_dirs: list[Path],
        site_urls: SiteUrls,
        markdownify: Callable[[str], str],
        smartify: Callable[[str], str],
    ):
        super().__init__(tolerance=liquid.Mode.STRICT, strict_filters=False)
        self.config = config
        self.source = source
        self.include_dirs = [d for d in include_dirs if d.is_dir()]
        self.site_urls = site_urls
        self.current_document: Document | None = None
        self.log = ReadLog()  # the renderer's, so includes and links note what they read
        self.include_cache: IncludeCache | None = None  # the renderer sets one up
        self._includes: dict[Path, BoundTemplate] = {}
        self._found: dict[tuple[str, Path | None], Path | None] = {}
        self._parsed: dict[tuple[str, str], SiteTemplate] = {}
        self._recent: dict[tuple[str, str], SiteTemplate] = {}  # see parse_template
        for tag in JEKYLL_TAGS:
            self.add_tag(tag)
        from .filters import register_filters

        register_filters(self, config, markdownify, smartify)
        self.loop_outputs = LoopOutputs(self)  # loop bodies kept per post (see there)

    # -- URLs --------------------------------------------------------------------------
    def relative_url(self, url: str) -> str:
        base = str(self.config.get("baseurl") or "").rstrip("/")
        if base and not base.startswith("/"):
            base = "/" + base
        return base + (url if url.startswith("/") else "/" + url)

    # -- parsing with errors that name the file ------------------------------------------
    def parse_template(
        self, text: str, display: str, first_line: int = 1, *, reuse: bool = True
    ) -> SiteTemplate:
        """Parse ``text``; with ``reuse`` (layouts, includes) the parsed template is kept
        for the whole build. A document's own content is not: there are thousands. Only the
        last few are, because generated pages share their template's content: every
        ``/page:num/`` copy of the front page renders the same Liquid, and parsing it for
        each took 5% of a minima build's rendering."""
        key = (display, text)
        cached = self._parsed.get(key) if reuse else self._recent.get(key)
        if cached is not None:
            return cached
        try:
            template = self.from_string(text, name=display, path=display)  # a SiteTemplate
        except LiquidError as err:
            raise liquid_error(err, display, first_line, text) from err
        if reuse:
            self._parsed[key] = template
        else:
            if len(self._recent) >= RECENT_CONTENTS:
                del self._recent[next(iter(self._recent))]  # the oldest
            self._recent[key] = template
        return template

    def load_include(
        self, name: str, *, relative: bool, context: RenderContext, token: Token
    ) -> BoundTemplate:
        folder = self._relative_folder() if relative else None
        key = (name, folder[0] if folder else None)
        if self.log.current is not None:
            self.log.current.add(("i", name, str(key[1] or "")))
        if key not in self._found:
            self._found[key] = self._find_include(name, relative)
        path = self._found[key]
        if path is None:
            where = self._relative_folder() if relative else self.include_dirs
            raise IncludeError(
                f"could not locate the included file '{name}' in {list(map(str, where))}",
                _display(self.current_document),
                _token_line(token, self.current_document),
            )
        cached = self._includes.get(path)
        if cached is None:
            display = _shown(path, self.source)
            cached = self.parse_template(read_text(path, display), display)
            self._includes[path] = cached
        return cached

    def _relative_folder(self) -> list[Path]:
        doc = self.current_document
        if doc is None or doc.source_path is None:
            return []
        return [doc.source_path.parent]

    def _find_include(self, name: str, relative: bool) -> Path | None:
        folders = self._relative_folder() if relative else self.include_dirs
        fence = self.source if relative else None
        for folder in folders:
            candidate = folder / name
            if not inside(fence or folder, candidate):
                raise IncludeError(
                    f"the include '{name}' points outside the site's folders",
                    _display(self.current_document),
                )
            if candidate.is_file():
                return candidate
        return None


def liquid_error(err: LiquidError, display: str, first_line: int, text: str) -> TemplateError:
    """A python-liquid error as our TemplateError, with the file and line of the site."""
    message = str(getattr(err, "message", None) or err.args[0] if err.args else err)
    context = err.context() if hasattr(err, "context") else None
    name = str(err.template_name) if getattr(err, "template_name", None) else display
    line = context[0] if context else text.count("\n") + 1
    if name == display:
        line += first_line - 1
    return TemplateError(f"Liquid error: {message}", name, line)


def _token_line(token: Token, doc: Document | None) -> int | None:
    try:
        line = token.source.count("\n", 0, token.start_index) + 1
    except AttributeError:
        return None
    return line + (doc.body_line - 1 if doc is not None else 0)


def _display(doc: Document | None) -> str | None:
    return doc.relative_path if doc is not None else None


def _shown(path: Path, source: Path) -> str:
    return path.relative_to(source).as_posix() if path.is_relative_to(source) else str(path)
