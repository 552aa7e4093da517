"""Write the ``news-2000`` compatibility site: the benchmark corpus at a size CI can afford.

``seed-news`` proves the seed's shape on thirty hand-picked posts; this site proves it at
the scale news sites have — thousands of posts, seven categories, ~300 tags, minima with
jekyll-feed, jekyll-seo-tag, jekyll-sitemap, jekyll-paginate and jekyll-archives — where
pagination, archives, feeds and sitemaps have real work to do and ordering or slug bugs
show. It is the same generator as ``bench/corpus.py`` (so a benchmark slowdown can be
checked for correctness on the same input), with its fixed seed: running this again gives
byte-identical files, and they are committed so the suite never depends on running it.

The post count is what keeps the suite affordable: CI has no Jekyll cache, so every run
builds this site with Jekyll from scratch; see POSTS.

Run: ``python tests/compat/sites/make_news_2000.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent / "news-2000"
BENCH = Path(__file__).resolve().parents[3] / "bench"

# The issue asks for "a few thousand posts"; 2,000 keeps Jekyll's build of the site (and
# with it the whole compare) within about a minute on the project's two-core machines.
POSTS = 2000


def main() -> None:
    sys.path.insert(0, str(BENCH))
    from corpus import write_corpus  # bench/ is scripts, not a package

    write_corpus(POSTS, SITE, "minima")
    print(f"wrote {POSTS} posts to {SITE}")


if __name__ == "__main__":
    main()
