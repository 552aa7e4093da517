"""Jekyll's own Liquid tags: ``include``, ``include_relative``, ``link``, ``post_url``,
``highlight`` (and ``include_cached`` from jekyll-include-cache).

python-liquid's ``include`` follows Shopify's syntax (``{% include 'name' with x %}``);
Jekyll's takes a bare file name, ``key=value`` parameters exposed as ``include.key``, and
``{{ }}`` inside the name. These tags read their raw markup and parse it Jekyll's way.
Every file they load goes through the site's ``TemplateFiles``, which refuses anything
outside the source and theme folders.
"""

from __future__ import annotations

import io
import re
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

from liquid import Node, Tag
from liquid.builtin.tags.capture_tag import get_parser
from liquid.exceptions import LiquidSyntaxError
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG

from .filters._ruby import is_undefined
from .include_cache import SiteContext

if TYPE_CHECKING:
    from liquid.ast import BlockNode
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

    from .liquid_env import SiteEnvironment

_PARAM = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\-\[\]"']+))"""
)
_VARIABLE_NAME = re.compile(r"^(?P<name>(?:[^{\s]*\{\{.*?\}\}[^\s{}]*)+)(?P<params>.*)$", re.S)
_VALID_FILE = re.compile(r"^[\w/.\-()+~#@]+$")


def tag_markup(stream: TokenStream) -> tuple[Token, str]:
    """The tag token and its raw markup (``""`` when the tag has none), as Jekyll's tags
    receive it; the stream is left on the markup."""
    token = stream.current
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value.strip()
    return token, ""


class _MarkupNode(Node):
    __slots__ = ("markup",)

    def __init__(self, token: Token, markup: str):
        super().__init__(token)
        self.markup = markup
        self.blank = False

    def __str__(self) -> str:
        return f"{{% {self.tag} {self.markup} %}}"


class IncludeNode(_MarkupNode):
    tag = sys.intern("include")
    relative = False
    _checked: tuple[str, str] | None = None  # a name without {{ }}, once it was checked

    def _split(self, context: RenderContext) -> tuple[str, str]:
        match = _VARIABLE_NAME.match(self.markup) if "{{" in self.markup else None
        if match:
            return _render_fragment(context, match.group("name")).strip(), match.group("params")
        name, _, params = self.markup.partition(" ")
        return name.strip(), params

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: SiteEnvironment = context.env  # type: ignore[assignment]
        checked = self._checked
        if checked is not None:
            name, params_text = checked
        else:
            name, params_text = self._split(context)
            if not _VALID_FILE.match(name) or ".." in name.split("/"):
                raise LiquidSyntaxError(
                    f"invalid include file name {name!r}: it must name a file inside the "
                    f"{'document' if self.relative else '_includes'} folder",
                    token=self.token,
                )
            if "{{" not in self.markup:
                self._checked = (name, params_text)
        params = _parse_params(params_text, context, self.token)
        template = env.load_include(name, relative=self.relative, context=context,
                                    token=self.token)
        previous = context.locals.get("include")
        if isinstance(context, SiteContext):
            context.enter_include()
        context.locals["include"] = params
        try:
            if env.include_cache is not None and not self.relative:
                env.include_cache.render(template, context, buffer)
            else:
                if isinstance(context, SiteContext):  # it depends on the current file
                    context.not_cacheable()
                template.render_with_context(context, buffer, partial=True)
        finally:
            if isinstance(context, SiteContext):
                context.leave_include()
            if previous is None:
                context.locals.pop("include", None)
            else:
                context.locals["include"] = previous
        return True


class IncludeRelativeNode(IncludeNode):
    tag = sys.intern("include_relative")
    relative = True


def _render_fragment(context: RenderContext, source: str) -> str:
    template = context.env.from_string(source)
    buffer = io.StringIO()
    template.render_with_context(context, buffer, partial=True)
    return buffer.getvalue()


def _parse_params(text: str, context: RenderContext, token: Token) -> dict[str, Any] | None:
    spec = _param_spec(text)
    if spec is _INVALID:
        raise LiquidSyntaxError(
            f"invalid parameters in include tag: {text.strip()!r}; use key=\"value\" or "
            "key=variable", token=token,
        )
    if spec is None:
        return None
    return {key: value if literal else _resolve(context, value)
            for key, literal, value in spec}  # type: ignore[union-attr]


_INVALID = ()  # a parameter text that does not parse
_PARAM_LITERALS = {"true": True, "false": False, "nil": None, "null": None}


@lru_cache(maxsize=1024)
def _param_spec(text: str) -> tuple[tuple[str, bool, Any], ...] | None:
    """An include's parameters, parsed once per text (a card is included thousands of
    times): each is (name, True, literal value) or (name, False, the variable's path)."""
    text = text.strip()
    if not text:
        return None
    spec: list[tuple[str, bool, Any]] = []
    position = 0
    for match in _PARAM.finditer(text):
        if text[position:match.start()].strip():
            break
        key, double, single, variable = match.groups()
        if double is not None:
            spec.append((key, True, double.replace('\\"', '"')))
        elif single is not None:
            spec.append((key, True, single.replace("\\'", "'")))
        else:
            spec.append((key, *_variable_spec(variable)))
        position = match.end()
    if text[position:].strip():
        return _INVALID
    return tuple(spec)


def _variable_spec(path: str) -> tuple[bool, Any]:
    # Jekyll evaluates a bare value as a Liquid expression: literals first, then variables.
    if path in _PARAM_LITERALS:
        return True, _PARAM_LITERALS[path]
    if re.fullmatch(r"-?\d+", path):
        return True, int(path)
    if re.fullmatch(r"-?\d[\d.]+", path):
        return True, float(path)
    return False, tuple(part for part in re.split(r"\.|\[|\]", path) if part)


def _resolve(context: RenderContext, parts: tuple[str, ...]) -> Any:
    current: Any = context.resolve(parts[0]) if parts else None
    for part in parts[1:]:
        key: Any = part.strip("\"'")
        if isinstance(current, list) and key.lstrip("-").isdigit():
            index = int(key)
            current = current[index] if -len(current) <= index < len(current) else None
        elif hasattr(current, "get"):
            current = current.get(key)
        else:
            current = None
    return None if is_undefined(current) else current


class _MarkupTag(Tag):
    block = False
    node_class: type[_MarkupNode] = _MarkupNode

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_markup(stream)
        if not markup:
            raise LiquidSyntaxError(f"the {self.name} tag needs an argument", token=token)
        return self.node_class(token, markup)


class IncludeTag(_MarkupTag):
    name = "include"
    node_class = IncludeNode


class IncludeCachedTag(_MarkupTag):
    name = "include_cached"
    node_class = IncludeNode


class IncludeRelativeTag(_MarkupTag):
    name = "include_relative"
    node_class = IncludeRelativeNode


def _write_site_url(context: RenderContext, buffer: TextIO, url: str | None, token: Token,
                    missing: str) -> int:
    """What ``link`` and ``post_url`` share: they depend on the site's set of URLs (noted
    for incremental builds), fail the page with ``missing`` when there is no such file,
    and write the URL under the baseurl."""
    env: SiteEnvironment = context.env  # type: ignore[assignment]
    env.log.add(("u",))
    if url is None:
        raise LiquidSyntaxError(missing, token=token)
    buffer.write(env.relative_url(url))
    return True


class LinkNode(_MarkupNode):
    tag = sys.intern("link")

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: SiteEnvironment = context.env  # type: ignore[assignment]
        path = _render_fragment(context, self.markup).strip() if "{{" in self.markup else (
            self.markup)
        return _write_site_url(
            context, buffer, env.site_urls.link(path), self.token,
            f"could not find document '{path}' in tag 'link'; make sure the path is right "
            "and the file is not a draft or excluded")


class LinkTag(_MarkupTag):
    name = "link"
    node_class = LinkNode


class PostUrlNode(_MarkupNode):
    tag = sys.intern("post_url")

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: SiteEnvironment = context.env  # type: ignore[assignment]
        return _write_site_url(
            context, buffer, env.site_urls.post(self.markup.strip()), self.token,
            f"could not find post '{self.markup}' in tag 'post_url'; make sure the post "
            "exists and the name is YYYY-MM-DD-slug")


class PostUrlTag(_MarkupTag):
    name = "post_url"
    node_class = PostUrlNode


_HIGHLIGHT_SYNTAX = re.compile(r"^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|\"([0-9]+\s)*[0-9]+\"))?)*)$")


class HighlightNode(Node):
    __slots__ = ("lang", "options", "block")
    tag = sys.intern("highlight")

    def __init__(self, token: Token, lang: str, options: str, block: BlockNode):
        super().__init__(token)
        self.lang = lang
        self.options = options
        self.block = block
        self.blank = False

    def __str__(self) -> str:
        return f"{{% highlight {self.lang}{self.options} %}}{self.block}{{% endhighlight %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        from .highlight import highlight_tag

        inner = io.StringIO()
        self.block.render(context, inner)
        code = inner.getvalue().strip("\n").lstrip("\r").rstrip()
        linenos = "linenos" in self.options
        buffer.write(highlight_tag(code, self.lang, linenos=linenos))
        return True


class HighlightTag(Tag):
    name = "highlight"
    end = "endhighlight"
    block = True

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_markup(stream)
        match = _HIGHLIGHT_SYNTAX.match(markup)
        if not match:
            raise LiquidSyntaxError(
                f"syntax error in tag 'highlight' while parsing {markup!r}: use "
                "{% highlight lang [linenos] %}", token=token,
            )
        next(stream)
        block = get_parser(self.env).parse_block(stream, frozenset(("endhighlight", TOKEN_EOF)))
        stream.expect(TOKEN_TAG, value="endhighlight")
        return HighlightNode(token, match.group(1).lower(), match.group(2) or "", block)


JEKYLL_TAGS: tuple[type[Tag], ...] = (
    IncludeTag, IncludeCachedTag, IncludeRelativeTag, LinkTag, PostUrlTag, HighlightTag,
)
