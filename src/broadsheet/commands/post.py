"""``broadsheet post "Title"``: a new post in the seed's front-matter shape, dated now."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from ..config import load_config
from ..dates import site_zone
from ..errors import ConfigError
from ..slugify import slugify


def render_post(title: str, when: datetime, author: str, categories: list[str],
                tags: list[str], excerpt: str, image: str) -> str:
    """The front matter keys, order and quoting of the seed post, then an empty body."""

    def flow(items: list[str]) -> str:
        return "[" + ", ".join(items) + "]"

    lines = [
        "---",
        "layout: post",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"date: {when.strftime('%Y-%m-%dT%H:%M:%S')}",
        f"author: {json.dumps(author, ensure_ascii=False)}",
        f"categories: {flow(categories)}",
        f"tags: {flow(tags)}",
        f"excerpt: {json.dumps(excerpt, ensure_ascii=False)}",
    ]
    if image:
        lines.append(f"image: {image}")
    lines += ["---", "", "Write the story here.", ""]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.source)
    zone = site_zone(config.get("timezone"))
    now = datetime.now(zone).replace(microsecond=0)
    slug = slugify(args.title) or "post"
    folder = config.source / "_posts"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now:%Y-%m-%d}-{slug}.md"
    if path.exists():
        raise ConfigError(f"{path} already exists")
    text = render_post(
        args.title, now.astimezone(site_zone("UTC")), args.author or "", args.category or [],
        args.tag or [], args.excerpt or "", args.image or "",
    )
    path.write_text(text, encoding="utf-8")
    print(f"New post: {path}")
    return 0
