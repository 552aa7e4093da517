"""Write a deterministic news site of N posts in the seed's front-matter shape.

    python bench/corpus.py 1000 [--out bench/sites/news-1000] [--theme minima|news]

The same N always gives the same bytes (a fixed random seed), so timings of different
engines and of different commits are measured on the same input. The text is generated
from word lists of our own.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

CATEGORIES = ["News", "Business", "Sport", "Culture", "Science", "Opinion", "World"]
SUBJECTS = ["The council", "A local bakery", "The harbour board", "Residents", "The mayor",
            "Researchers", "The city orchestra", "Union leaders", "The school board",
            "Hospital staff", "Farmers", "The transport authority", "Volunteers"]
VERBS = ["approved", "questioned", "celebrated", "delayed", "announced", "rejected",
         "welcomed", "reviewed", "funded", "criticised", "launched", "postponed"]
OBJECTS = ["a new tram line", "the budget for next year", "plans for a river park",
           "a rise in rents", "the festival programme", "a study of air quality",
           "the stadium renovation", "a late-night bus service", "the library extension",
           "a shortage of nurses", "the harvest forecast", "new cycle lanes"]
DETAILS = ["after a long debate", "despite objections", "on Thursday night",
           "for the first time in a decade", "with broad support", "amid rising costs",
           "following months of talks", "ahead of the winter", "in a surprise move"]
AUTHORS = ["mlewis", "jdoe", "akhan", "tnguyen", "rsilva", "bokafor"]

# The benchmark site: minima with the plugins news sites use.
MINIMA_PLUGINS = ("jekyll-feed", "jekyll-seo-tag", "jekyll-sitemap", "jekyll-paginate",
                  "jekyll-archives")
# jekyll-archives generates nothing unless told which archives to make.
ARCHIVES_CONFIG = ["jekyll-archives:", "  enabled: [year, categories, tags]",
                   "  layout: archive"]
# minima 2.5 ships no archive layout; this is the small one a minima site adds.
ARCHIVE_LAYOUT = """---
layout: default
---
<h1 class="page-heading">{{ page.type | capitalize }}: {{ page.title | default: page.date }}</h1>
<ul class="post-list">
{%- for post in page.posts %}
  <li><span class="post-meta">{{ post.date | date: "%b %-d, %Y" }}</span>
    <a class="post-link" href="{{ post.url | relative_url }}">{{ post.title | escape }}</a></li>
{%- endfor %}
</ul>
"""
# minima 2.5's home layout lists every post and ignores the paginator, so every page of a
# paginated front page would list the whole site; a paginated minima site uses this instead.
MINIMA_INDEX = """---
layout: default
---
<div class="home">
<ul class="post-list">
{%- for post in paginator.posts %}
  <li><span class="post-meta">{{ post.date | date: "%b %-d, %Y" }}</span>
    <h3><a class="post-link" href="{{ post.url | relative_url }}">{{ post.title | escape }}</a></h3>
    {{ post.excerpt }}</li>
{%- endfor %}
</ul>
<p class="pager">
{%- if paginator.previous_page %}
  <a href="{{ paginator.previous_page_path | relative_url }}">Newer</a>
{%- endif %}
  Page {{ paginator.page }} of {{ paginator.total_pages }}
{%- if paginator.next_page %}
  <a href="{{ paginator.next_page_path | relative_url }}">Older</a>
{%- endif %}
</p>
<p class="rss-subscribe">subscribe <a href="{{ "/feed.xml" | relative_url }}">via RSS</a></p>
</div>
"""


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(DETAILS)}.")


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def post_text(rng: random.Random, index: int, when: datetime, tags: list[str]) -> tuple[str, str]:
    title = sentence(rng).rstrip(".")
    slug = "-".join(title.lower().replace(",", "").split()[:8]) + f"-{index}"
    image = hashlib.md5(f"image-{index}".encode()).hexdigest()
    body = []
    for number in range(rng.randint(5, 10)):
        if number == 3:
            body.append(f"## {sentence(rng).rstrip('.')}")
        if number == 5:
            body.append(f'> "{sentence(rng)}" said a spokesperson.')
        body.append(paragraph(rng))
    tag_list = ", ".join(tags)
    front = "\n".join([
        "---",
        "layout: post",
        f'title: "{title}"',
        f"date: {when:%Y-%m-%dT%H:%M:%S}",
        f'author: "{rng.choice(AUTHORS)}"',
        f"categories: [{rng.choice(CATEGORIES)}]",
        f"tags: [{tag_list}]",
        f'excerpt: "{sentence(rng)}"',
        f"image: assets/images/{image}.jpg",
        "---",
    ])
    return f"{when:%Y-%m-%d}-{slug}.md", front + "\n" + "\n\n".join(body) + "\n"


def write_corpus(count: int, out: Path, theme: str = "minima", tags: int = 300,
                 discard: Callable[[Path], object] = shutil.rmtree) -> Path:
    """Write the corpus into ``out``; ``discard`` removes an earlier one first."""
    rng = random.Random(20250822)
    if out.exists():
        discard(out)
    (out / "_posts").mkdir(parents=True)
    tag_names = [f"topic-{n}" for n in range(tags)]
    start = datetime(2025, 8, 22, 5, 44, 58)
    for index in range(count):
        when = start - timedelta(minutes=37 * index)
        chosen = rng.sample(tag_names, rng.randint(0, 3))
        name, text = post_text(rng, index, when, chosen)
        (out / "_posts" / name).write_text(text, encoding="utf-8")
    config = ["title: The Benchmark Herald", "timezone: UTC", "url: https://example.org",
              "permalink: /:categories/:year/:month/:day/:title:output_ext"]
    if theme == "minima":
        # header_pages: minima's header otherwise links every page with a title, which
        # with jekyll-archives is every tag page, on every page (and costs cubic time).
        config += ["theme: minima", "paginate: 10", f"plugins: [{', '.join(MINIMA_PLUGINS)}]",
                   "header_pages: [about.md]", *ARCHIVES_CONFIG]
        (out / "_layouts").mkdir()
        (out / "_layouts" / "archive.html").write_text(ARCHIVE_LAYOUT, encoding="utf-8")
        (out / "index.html").write_text(MINIMA_INDEX, encoding="utf-8")
    else:
        config += ["paginate: 10", "plugins: [jekyll-paginate]"]
        (out / "index.html").write_text("---\nlayout: home\n---\n", encoding="utf-8")
    (out / "_config.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    (out / "about.md").write_text("---\nlayout: page\ntitle: About\n---\nWe report.\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--theme", choices=["minima", "news"], default="minima")
    args = parser.parse_args()
    out = args.out or Path("bench/sites") / f"{args.theme}-{args.count}"
    write_corpus(args.count, out, args.theme)
    print(out)


if __name__ == "__main__":
    main()
