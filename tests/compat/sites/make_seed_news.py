"""Generate the posts and images of the ``seed-news`` compatibility site.

The site has to look like the news sites Broadsheet is for: about thirty posts in exactly
one front-matter shape (``layout``, quoted ``title``, a zone-less ``date``, ``author``,
``categories``, ``tags``, ``excerpt``, ``image``). Writing them by hand would be tedious and
editing them later error-prone, so this script writes them from fixed tables and a seeded
random generator: running it again gives byte-identical files, and the files it writes are
committed so that the suite never depends on running it.

The text is invented for this suite. A few posts carry the Markdown that trips engines up:
quotes, apostrophes and dashes (kramdown's smart quotes and typographic symbols), headings
(auto ids), lists, a table, a footnote, a block quote and a fenced code block.

Run: ``python tests/compat/sites/make_seed_news.py``
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

SITE = Path(__file__).resolve().parent / "seed-news"

# A 2x2 baseline JPEG; each image gets a COM segment naming its post so files differ.
_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQER"
    "XRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2N"
    "jY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAE"
    "CAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2J"
    "yggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJW"
    "Wl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwE"
    "AAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRM"
    "iMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN"
    "0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5eb"
    "n6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDHooor0DhP/9k="
)

# (title, category, tags, excerpt) — the first one is the shape given in the brief.
STORIES: list[tuple[str, str, list[str], str]] = [
    (
        "Harbour authority delays vote on new ferry terminal",
        "News",
        [],
        "The board said it needed more time to study the costs.",
    ),
    (
        "Night buses return to the eastern suburbs",
        "News",
        ["transport"],
        "Three routes will run again from the first of the month.",
    ),
    (
        "Library extends weekend opening hours",
        "Culture",
        [],
        "Saturday and Sunday doors will now stay open until seven.",
    ),
    (
        '"We\'re not finished yet," says rowing club captain',
        "Sport",
        ["rowing"],
        "After a narrow loss, the crew is already planning next season's entry.",
    ),
    (
        "Market traders face higher stall fees",
        "Business",
        [],
        "The increase is the first in four years, the council said.",
    ),
    (
        "Why the river path needs more than a new coat of paint",
        "Opinion",
        [],
        "Repairs that only cover the surface will not last the winter.",
    ),
    (
        "Primary school wins regional science prize",
        "News",
        ["schools"],
        "Pupils built a weather station from recycled parts.",
    ),
    (
        "How the new recycling rules work",
        "News",
        ["council", "recycling"],
        "A short guide to what goes in which bin from next week.",
    ),
    (
        "Bakery chain opens its third shop in the old town",
        "Business",
        [],
        "The owners say the new site will employ twelve people.",
    ),
    (
        "Local team's late goal seals promotion",
        "Sport",
        ["football"],
        "A header in the ninety-third minute sent the home crowd into raptures.",
    ),
    (
        "Open-air cinema season announced",
        "Culture",
        [],
        "Eight films will be shown in the park over the summer.",
    ),
    (
        "Water rates compared: what households pay",
        "Business",
        ["utilities"],
        "The table below sets out the charges for each band.",
    ),
    (
        "Road closure planned for bridge inspection",
        "News",
        [],
        "Drivers are advised to use the ring road on Sunday morning.",
    ),
    (
        "The case for a later start to the school day",
        "Opinion",
        ["schools"],
        "Teenagers learn better after nine, and the evidence keeps growing.",
    ),
    (
        "Volunteers clear three tonnes of litter from the dunes",
        "News",
        [],
        "Organisers thanked the two hundred people who turned up.",
    ),
    (
        "Theatre's budget gap explained",
        "Culture",
        ["arts", "council"],
        "Ticket sales rose, but so did the cost of heating the hall.",
    ),
    (
        "Cycling race to pass through the high street",
        "Sport",
        ["cycling"],
        "Parking will be suspended along the route for most of the day.",
    ),
    (
        "Fishing fleet reports a quiet season",
        "Business",
        [],
        "Catches were down by a fifth on last year, skippers said.",
    ),
    (
        "Hospital car park to get charging points",
        "News",
        ["transport"],
        "Forty bays will be fitted with chargers by the end of the year.",
    ),
    (
        "Letters: the ferry, the fees and the fog",
        "Opinion",
        [],
        "Readers write about the week's news.",
    ),
    (
        "Choir celebrates fifty years of rehearsals",
        "Culture",
        [],
        "Founding members joined the current singers for an anniversary concert.",
    ),
    (
        "Swimming pool reopens after roof repairs",
        "Sport",
        [],
        "The main pool had been closed since the storm in March.",
    ),
    (
        "Start-up turns seaweed into packaging",
        "Business",
        ["science"],
        "The firm hopes to supply two supermarkets by the spring.",
    ),
    (
        "Council publishes plan for the empty mill",
        "News",
        ["council"],
        "Flats, a workshop and a small museum are proposed for the site.",
    ),
    (
        "A walk along the old railway line",
        "Culture",
        [],
        "Eleven miles of cuttings, viaducts and wild garlic.",
    ),
    (
        "Tennis courts to be resurfaced",
        "Sport",
        [],
        "Work starts in September and should take six weeks.",
    ),
    (
        "Airport passenger numbers climb again",
        "Business",
        ["transport"],
        "Summer traffic was the busiest since the runway was extended.",
    ),
    (
        "It's time to talk about the harbour wall",
        "Opinion",
        [],
        "Every winter the sea takes a little more of it.",
    ),
    (
        "Storm warning issued for the coast",
        "News",
        [],
        "Gusts of up to seventy miles an hour are expected overnight.",
    ),
    (
        "Museum returns borrowed paintings",
        "Culture",
        ["arts"],
        "The loan of six portraits ends after two successful years.",
    ),
]

AUTHORS = ["jdoe", "asmith", "mkhan", "lnovak"]

SENTENCES = [
    "The meeting ran well past its scheduled finish.",
    "Officials promised a fuller statement later in the week.",
    "Several residents spoke during the public session.",
    "The figures were published on the council website on Tuesday.",
    "Nobody from the company was available for comment.",
    "A spokesperson said the decision had not been taken lightly.",
    "Similar schemes have been tried in two neighbouring towns.",
    "The work is expected to cost a little under two million pounds.",
    "Campaigners welcomed the news but said more was needed.",
    "The proposal will go to a second consultation in the autumn.",
    "Weather permitting, the first phase should be finished by October.",
    "Turnout was higher than at any event in recent memory.",
    "The committee agreed to review the arrangement after a year.",
    "Local businesses have been asked to share their views.",
    "Most of the money will come from a national grant.",
    "A small number of objections were received in writing.",
    "Staff said the change had been requested for some time.",
    "The plans are available to view at the town hall.",
]

SPECIAL_BODIES: dict[int, str] = {
    3: (
        '"We\'re not finished yet," the captain said on the slipway -- and she meant it.\n\n'
        "The crew's boat, which they call 'the Heron', was built in 1987... and it shows.\n"
        "Still, the club's coach thinks the 'old lady' has another season in her --- maybe two.\n\n"
        '> "You don\'t win races in a new boat," he said. "You win them in training."\n'
    ),
    7: (
        "The new rules start on Monday. Here is what changes.\n\n"
        "## What goes in the blue bin\n\n"
        "* Paper and cardboard, flattened\n"
        "* Clean plastic bottles and tubs\n"
        "* Food tins and drinks cans\n\n"
        "## What goes in the green bin\n\n"
        "1. Garden cuttings\n"
        "2. Food waste, in the small caddy\n"
        "3. Cardboard that is wet or greasy\n\n"
        "### Collection days\n\n"
        "Collections move to **Thursday** for streets north of the river and *Friday* "
        "for those to the south.\n"
    ),
    11: (
        "Households in the lowest band pay the least, but the gap is narrowing.\n\n"
        "| Band | Annual charge | Change |\n"
        "|------|--------------:|:------:|\n"
        "| A    | £312          | +4%    |\n"
        "| B    | £365          | +5%    |\n"
        "| C    | £418          | +5%    |\n"
        "| D    | £470          | +6%    |\n\n"
        "The water company said the rise reflected the cost of new pipes.\n"
    ),
    15: (
        "The theatre's accounts show a shortfall of forty thousand pounds.[^1] "
        "Trustees say the gap can be closed without cutting shows.\n\n"
        "Energy bills rose by more than half over the year, while grants stayed flat.[^2]\n\n"
        "[^1]: Figures from the accounts filed in July.\n"
        "[^2]: The arts council grant has not changed since 2021.\n"
    ),
    19: (
        "**From a reader in the old town:** the ferry vote should not be rushed. "
        "Nobody wants a terminal that's out of date before it opens.\n\n"
        "**From a reader by the harbour:** the new stall fees are fair, but the "
        "market needs better signs.\n\n"
        "---\n\n"
        "Write to us at the address below. Letters may be shortened.\n"
    ),
    22: (
        "The firm's process is simple enough to describe in a few lines:\n\n"
        "```\n"
        "wash -> dry -> press -> cut\n"
        "```\n\n"
        "Its founders say the hard part is getting enough seaweed, not processing it.\n"
    ),
    27: (
        "It's easy to forget the wall is there -- until a storm reminds us.\n\n"
        "The council's engineers say it's \"sound for now\". That's not the same as safe.\n\n"
        "Repairs were costed at £1.2m in 2019; today's estimate is nearer £2m.\n"
    ),
}


def slugify(title: str) -> str:
    """Turn a headline into a filename slug, lower case and hyphen-separated."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def yaml_quote(text: str) -> str:
    """Quote a string the way the front-matter shape does: double quotes, escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def body_for(index: int, rng: random.Random) -> str:
    """Return the Markdown body: a special one for some posts, three paragraphs otherwise."""
    if index in SPECIAL_BODIES:
        return SPECIAL_BODIES[index]
    paragraphs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(3)]
    return "\n\n".join(paragraphs) + "\n"


def tags_yaml(tags: list[str]) -> str:
    """Write the tag list in flow style, as the shape does (``[]`` when empty)."""
    return "[" + ", ".join(tags) + "]"


def main() -> None:
    """Rewrite ``_posts/`` and ``assets/images/`` of the seed-news site from the tables."""
    rng = random.Random(20250822)
    posts = SITE / "_posts"
    images = SITE / "assets" / "images"
    for folder, pattern in ((posts, "*.md"), (images, "*.jpg")):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(pattern):
            old.unlink()
    when = datetime(2025, 6, 2, 6, 15, 0)
    previous = when
    for index, (title, category, tags, excerpt) in enumerate(STORIES):
        if index == 0:
            date = datetime(2025, 8, 22, 5, 44, 58)
        elif index == 13:
            date = previous  # two posts at the same instant: Jekyll then orders by path
        else:
            when += timedelta(days=rng.randint(1, 3), minutes=rng.randint(0, 900))
            date = when
        previous = date
        slug = slugify(title)
        image = hashlib.md5(slug.encode()).hexdigest() + ".jpg"
        comment = f"seed-news {slug}".encode()
        jpeg = _JPEG[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
        (images / image).write_bytes(jpeg + _JPEG[2:])
        front = "\n".join(
            [
                "---",
                "layout: post",
                f"title: {yaml_quote(title)}",
                f"date: {date:%Y-%m-%dT%H:%M:%S}",
                f"author: {yaml_quote(AUTHORS[index % len(AUTHORS)])}",
                f"categories: [{category}]",
                f"tags: {tags_yaml(tags)}",
                f"excerpt: {yaml_quote(excerpt)}",
                f"image: assets/images/{image}",
                "---",
            ]
        )
        name = f"{date:%Y-%m-%d}-{slug}.md"
        (posts / name).write_text(front + "\n" + body_for(index, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
