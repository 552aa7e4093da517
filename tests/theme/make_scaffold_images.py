"""Draw the scaffold's example pictures: abstract, deterministic JPEGs.

Run from the repository root:  python tests/theme/make_scaffold_images.py
Every post in src/broadsheet/scaffold/_posts names its picture in `image:`; this
script draws one 1200x675 JPEG per post (a palette per section, a scene seeded by
the file name) and the author avatars named in _data/authors.yml. Only the JPEGs
are shipped; the script is kept so the pictures can be remade.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
SCAFFOLD = ROOT / "src" / "broadsheet" / "scaffold"
W, H = 1200, 675

PALETTES = {
    "News": ["#1d3557", "#457b9d", "#a8dadc", "#f1faee", "#e63946"],
    "Business": ["#14213d", "#2a9d8f", "#e9c46a", "#f4a261", "#e5e5e5"],
    "Sport": ["#0b6e4f", "#08a045", "#6bbf59", "#f7f7f2", "#ffd23f"],
    "Culture": ["#3d0c45", "#7b2d26", "#d7263d", "#f46036", "#ffd6a5"],
    "Science": ["#03045e", "#0077b6", "#00b4d8", "#90e0ef", "#caf0f8"],
    "Opinion": ["#2b2d42", "#8d99ae", "#edf2f4", "#ef233c", "#d90429"],
    "World": ["#283618", "#606c38", "#dda15e", "#bc6c25", "#fefae0"],
}


def hex_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def gradient(size, top, bottom):
    w, h = size
    column = Image.new("RGB", (1, h))
    for y in range(h):
        column.putpixel((0, y), mix(top, bottom, y / (h - 1)))
    return column.resize((w, h))


def scene(seed: str, section: str) -> Image.Image:
    rng = random.Random(seed)
    colours = [hex_rgb(c) for c in PALETTES.get(section, PALETTES["News"])]
    rng.shuffle(colours)
    dark = min(colours, key=sum)
    light = max(colours, key=sum)
    img = gradient((W, H), mix(dark, light, rng.uniform(0.0, 0.25)), mix(dark, light, 0.7))

    # A sun or moon.
    glow = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    gd = ImageDraw.Draw(glow)
    cx, cy, r = rng.randint(150, W - 150), rng.randint(90, 300), rng.randint(60, 150)
    gd.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*rng.choice(colours), 230))
    glow = glow.filter(ImageFilter.GaussianBlur(6))
    img.paste(glow, (0, 0), glow)

    # Rolling bands, like hills, roofs or water, one behind the other.
    bands = rng.randint(3, 5)
    for i in range(bands):
        layer = Image.new("RGBA", (W, H), (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        base = H * (0.45 + 0.5 * i / bands) + rng.uniform(-20, 20)
        amp = rng.uniform(15, 60)
        freq = rng.uniform(0.6, 2.2)
        phase = rng.uniform(0, math.tau)
        step = rng.choice([None, None, rng.randint(40, 110)])
        points = []
        for x in range(0, W + 10, 10):
            y = base + amp * math.sin(freq * math.tau * x / W + phase)
            if step:  # a city skyline instead of a hill
                x_cell = x // step
                y = base - abs(math.sin(x_cell * 12.9898 + phase) * 43758.5453 % 1) * amp * 2.2
            points.append((x, y))
        points += [(W, H), (0, H)]
        colour = mix(rng.choice(colours), dark, 0.25 + 0.6 * i / bands)
        d.polygon(points, fill=(*colour, 255))
        img.paste(layer, (0, 0), layer)

    # A few accent shapes: rings and clouds.
    accent = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    ad = ImageDraw.Draw(accent)
    for _ in range(rng.randint(2, 5)):
        colour = (*rng.choice(colours), rng.randint(90, 180))
        x, y = rng.randint(0, W), rng.randint(0, H)
        s = rng.randint(30, 160)
        if rng.random() < 0.5:
            ad.ellipse((x - s, y - s, x + s, y + s), outline=colour, width=rng.randint(4, 14))
        else:
            y = rng.randint(20, H // 2)  # a long, low cloud
            ad.ellipse((x - s * 2, y - s // 6, x + s * 2, y + s // 6), fill=colour)
    img.paste(accent, (0, 0), accent)
    return img.filter(ImageFilter.GaussianBlur(1.2))


def avatar(seed: str) -> Image.Image:
    rng = random.Random(seed)
    colours = [hex_rgb(c) for c in rng.choice(list(PALETTES.values()))]
    img = gradient((160, 160), colours[0], colours[2])
    d = ImageDraw.Draw(img)
    d.ellipse((50, 28, 110, 88), fill=colours[3])  # head
    d.ellipse((22, 96, 138, 220), fill=colours[4])  # shoulders
    return img.filter(ImageFilter.GaussianBlur(0.8))


def save(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=70, optimize=True, progressive=True)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


def main() -> None:
    for post in sorted((SCAFFOLD / "_posts").glob("*.md")):
        text = post.read_text(encoding="utf-8")
        image = re.search(r"^image:\s*(\S+)", text, re.M).group(1)
        section = re.search(r"^categories:\s*\[([^\]]*)\]", text, re.M).group(1).split(",")[0]
        seed = hashlib.sha256(post.stem.encode()).hexdigest()
        save(scene(seed, section.strip()), SCAFFOLD / image.lstrip("/"))
    authors = (SCAFFOLD / "_data" / "authors.yml").read_text(encoding="utf-8")
    for key, path in re.findall(r"^(\w+):\n(?:  .*\n)*?  avatar:\s*(\S+)", authors, re.M):
        save(avatar(key), SCAFFOLD / path)


if __name__ == "__main__":
    main()
