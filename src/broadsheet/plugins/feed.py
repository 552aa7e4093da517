"""jekyll-feed 0.17.0: Atom feeds (``feed.xml``, per category, per tag, per collection)
and the ``{% feed_meta %}`` tag.

Like the gem, each feed is a page with no layout whose content is a Liquid template,
rendered by the site's own renderer after the posts, so ``post.content`` and
``post.excerpt`` are the converted HTML the posts' own pages use. The template is ours;
it is "minified" the way the gem minifies its own (whitespace after ``>`` or ``}`` is
dropped), which gives the gem's one-line output byte for byte.

Configuration read (all under ``feed:``): ``path``, ``posts_limit``, ``excerpt_only``,
``categories`` (a list), ``tags`` (``true`` or ``{only, except, path}``), ``collections``
(a list, or a mapping of name to ``{path, categories}``), ``disable_in_development``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from liquid import Node, Tag

from ..read import permalinks
from ..read.documents import Document
from ..render.tags import tag_markup

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

    from ..index.site import Site
    from ..render.liquid_env import SiteEnvironment

NAME = "jekyll-feed"
PRIORITY = 10  # after the core's generated pages; before jekyll-sitemap (which runs last)

_MINIFY = re.compile(r"(?<=[>}])\s+")
_SIMPLE_TAG = re.compile(r"^[A-Za-z0-9_]+$")

# Our Atom template. It is written readably and minified once, at import.
_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
{% if page.xsl %}
  <?xml-stylesheet type="text/xml" href="{{ '/feed.xslt.xml' | absolute_url }}"?>
{% endif %}
<feed xmlns="http://www.w3.org/2005/Atom" {% if site.lang %}xml:lang="{{ site.lang }}"{% endif %}>
  <generator uri="https://jekyllrb.com/" version="{{ jekyll.version }}">Jekyll</generator>
  <link href="{{ page.url | absolute_url }}" rel="self" type="application/atom+xml" />
  <link href="{{ '/' | absolute_url }}" rel="alternate" type="text/html" {% if site.lang
    %}hreflang="{{ site.lang }}" {% endif %}/>
  <updated>{{ site.time | date_to_xmlschema }}</updated>
  <id>{{ page.url | absolute_url | xml_escape }}</id>
  {% comment %} The heading: the site's name, then the collection and the category. {% endcomment %}
  {% assign feed_title = site.title | default: site.name %}
  {% unless page.collection == "posts" %}
    {% assign feed_collection = page.collection | capitalize %}
    {% assign feed_title = feed_title | append: " | " | append: feed_collection %}
  {% endunless %}
  {% if page.category %}
    {% assign feed_title = feed_title | append: " | " %}
    {% assign feed_category = page.category | capitalize %}
    {% assign feed_title = feed_title | append: feed_category %}
  {% endif %}
  {% if feed_title %}
    <title type="html">{{ feed_title | smartify | xml_escape }}</title>
  {% endif %}
  {% if site.description %}
    <subtitle>{{ site.description | xml_escape }}</subtitle>
  {% endif %}
  {% if site.author %}
    <author>
      <name>{{ site.author.name | default: site.author | xml_escape }}</name>
      {% if site.author.email %}<email>{{ site.author.email | xml_escape }}</email>{% endif %}
      {% if site.author.uri %}<uri>{{ site.author.uri | xml_escape }}</uri>{% endif %}
    </author>
  {% endif %}
  {% comment %} The entries: a tag's posts or a collection's, maybe of one category {% endcomment %}
  {% if page.tags %}
    {% assign feed_items = site.tags[page.tags] %}
  {% else %}
    {% assign feed_items = site[page.collection] %}
  {% endif %}
  {% if page.category %}
    {% assign feed_items = feed_items | where: "categories", page.category %}
  {% endif %}
  {% unless site.show_drafts %}
    {% assign feed_items = feed_items | where_exp: "item", "item.draft != true" %}
  {% endunless %}
  {% assign feed_items = feed_items | sort: "date" | reverse %}
  {% assign feed_limit = site.feed.posts_limit | default: 10 %}
  {% for item in feed_items limit: feed_limit %}
    <entry{% if item.lang %}{{ " " }}xml:lang="{{ item.lang }}"{% endif %}>
      {% assign item_title = item.title | smartify | strip_html | normalize_whitespace
         | xml_escape %}
      <title type="html">{{ item_title }}</title>
      <link href="{{ item.url | absolute_url }}" rel="alternate" type="text/html" title="{{
        item_title }}" />
      <published>{{ item.date | date_to_xmlschema }}</published>
      <updated>{{ item.last_modified_at | default: item.date | date_to_xmlschema }}</updated>
      <id>{{ item.id | absolute_url | xml_escape }}</id>
      {% assign only_excerpt = item.feed.excerpt_only | default: site.feed.excerpt_only %}
      {% unless only_excerpt %}
        <content type="html" xml:base="{{ item.url | absolute_url | xml_escape }}">
        <![CDATA[{{ item.content | strip }}]]></content>
      {% endunless %}
      {% assign writer = item.author | default: item.authors[0] | default: site.author %}
      {% assign writer = site.data.authors[writer] | default: writer %}
      {% assign writer_email = writer.email | default: nil %}
      {% assign writer_uri = writer.uri | default: nil %}
      {% assign writer_name = writer.name | default: writer %}
      <author>
        <name>{{ writer_name | default: "" | xml_escape }}</name>
        {% if writer_email %}<email>{{ writer_email | xml_escape }}</email>{% endif %}
        {% if writer_uri %}<uri>{{ writer_uri | xml_escape }}</uri>{% endif %}
      </author>
      {% if item.category %}
        <category term="{{ item.category | xml_escape }}" />
      {% elsif item.categories %}
        {% for term in item.categories %}<category term="{{ term | xml_escape }}" />{% endfor %}
      {% endif %}
      {% for term in item.tags %}<category term="{{ term | xml_escape }}" />{% endfor %}
      {% assign item_summary = item.description | default: item.excerpt %}
      {% if item_summary and item_summary != empty %}
        <summary type="html">
        <![CDATA[{{ item_summary | strip_html | normalize_whitespace }}]]></summary>
      {% endif %}
      {% assign item_image = item.image.path | default: item.image %}
      {% if item_image %}
        {% unless item_image contains "://" %}
          {% assign item_image = item_image | absolute_url %}
        {% endunless %}
        <media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="{{
          item_image | xml_escape }}" />
        <media:content medium="image" url="{{ item_image
          | xml_escape }}" xmlns:media="http://search.yahoo.com/mrss/" />
      {% endif %}
    </entry>
  {% endfor %}
</feed>
"""
FEED_TEMPLATE = _MINIFY.sub("", _TEMPLATE)


# -- which feeds ----------------------------------------------------------------------
def _feed_config(site: Site) -> dict[str, Any]:
    value = site.config.get("feed")
    return dict(value) if isinstance(value, Mapping) else {}


def _collections(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Collection name → ``{"path": ..., "categories": [...]}``, posts always included."""
    raw = config.get("collections")
    if isinstance(raw, list):
        found: dict[str, dict[str, Any]] = {str(name): {} for name in raw}
    elif isinstance(raw, Mapping):
        found = {str(name): dict(meta) if isinstance(meta, Mapping) else {}
                 for name, meta in raw.items()}
    else:
        found = {}
    posts = found.setdefault("posts", {})
    if not posts.get("path"):
        posts["path"] = config.get("path")
    if not posts.get("categories"):
        posts["categories"] = config.get("categories")
    for meta in found.values():
        categories = meta.get("categories") or []
        if not isinstance(categories, list):
            categories = [categories]
        meta["categories"] = list(dict.fromkeys(categories))
    return found


def _feed_path(collections: dict[str, dict[str, Any]], collection: str,
               category: Any = None) -> str:
    prefix = "/feed" if collection == "posts" else f"/feed/{collection}"
    if category is not None:
        return f"{prefix}/{category}.xml"
    return str(collections.get(collection, {}).get("path") or f"{prefix}.xml")


def _in_source(site: Site, path: str) -> bool:
    return (site.config.source / path.lstrip("/")).exists()


def make_feed_page(site: Site, path: str, *, collection: str = "posts", category: Any = None,
                   tag: Any = None) -> Document:
    """A feed as a page without a file: no layout, our template as its content."""
    name = path.lstrip("/")
    folder, _, filename = name.rpartition("/")
    ext = os.path.splitext(filename)[1]
    stem = name[: len(name) - len(ext)].rstrip(".") if ext else name
    url = permalinks.page_url(permalinks.page_template(
        site.config.permalink_style, ext, stem), "", stem, ext)
    data = {
        "layout": None,
        "sitemap": False,
        "xsl": _in_source(site, "feed.xslt.xml"),
        "collection": collection,
        "category": category,
        "tags": tag,
    }
    page = Document(relative_path=name, source_path=None, collection=None, data=data,
                    content=FEED_TEMPLATE, ext=ext, output_ext=ext, url=url)
    page.output_path = permalinks.output_path(url, ext, is_page=True)
    return page


def generate(site: Site) -> None:
    config = _feed_config(site)
    if config.get("disable_in_development") and (
            os.environ.get("JEKYLL_ENV") or "development") == "development":
        return
    collections = _collections(config)
    for name, meta in collections.items():
        for category in [*meta["categories"], None]:
            path = _feed_path(collections, name, category)
            if _in_source(site, path):
                continue
            site.pages.append(make_feed_page(site, path, collection=name, category=category))
    if config.get("tags") and site.tags:
        _tag_feeds(site, config)


def _tag_feeds(site: Site, config: dict[str, Any]) -> None:
    options = config["tags"] if isinstance(config["tags"], Mapping) else {}
    excluded = options.get("except") or []
    only = options.get("only") or list(site.tags)
    folder = str(options.get("path") or "/feed/by_tag/")
    for tag in [t for t in only if t not in excluded]:
        if not _SIMPLE_TAG.match(str(tag)):
            continue
        path = f"{folder}{tag}.xml"
        if _in_source(site, path):
            continue
        site.pages.append(make_feed_page(site, path, tag=tag))


# -- {% feed_meta %} ------------------------------------------------------------------
def _xml_attr(value: Any) -> str:
    from ..render.filters._ruby import to_s

    text = to_s(value)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        text = text.replace(char, entity)
    return f'"{text}"'


def feed_meta(env: SiteEnvironment) -> str:
    """The ``<link>`` every page's head carries: it depends on the configuration alone,
    which an environment keeps for its life, so it is worked out once per environment."""
    found = getattr(env, "_feed_meta", None)
    if found is None:
        found = env._feed_meta = _feed_meta(env)  # type: ignore[attr-defined]
    return found


def _feed_meta(env: SiteEnvironment) -> str:
    config = env.config
    feed = config.get("feed")
    path = (feed.get("path") if isinstance(feed, Mapping) else None) or "feed.xml"
    title = config.get("title")
    if title is None or title is False:
        title = config.get("name")
    attributes = {"type": "application/atom+xml", "rel": "alternate",
                  "href": env.filters["absolute_url"](path)}
    if title is not None and title is not False:
        attributes["title"] = title
    return "<link " + " ".join(f"{key}={_xml_attr(value)}"
                               for key, value in attributes.items()) + " />"


class FeedMetaNode(Node):
    __slots__ = ()
    tag = sys.intern("feed_meta")

    def __init__(self, token: Token):
        super().__init__(token)
        self.blank = False

    def __str__(self) -> str:
        return "{% feed_meta %}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        buffer.write(feed_meta(context.env))  # type: ignore[arg-type]
        return True


class FeedMetaTag(Tag):
    name = "feed_meta"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, _markup = tag_markup(stream)
        return FeedMetaNode(token)


def register(env: SiteEnvironment) -> None:
    env.add_tag(FeedMetaTag)
