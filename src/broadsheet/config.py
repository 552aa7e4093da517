"""The site configuration: Jekyll's defaults, the site's ``_config.yml`` files, the CLI.

Templates see the configuration as ``site.*`` exactly as Jekyll builds it, so it stays a
plain dictionary (``Config.data``); the engine reads the few settings it acts on through
the typed properties of ``Config``, which validate as they read.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULTS: dict[str, Any] = {
    "source": ".",
    "destination": "_site",
    "collections_dir": "",
    "cache_dir": ".jekyll-cache",
    "plugins_dir": "_plugins",
    "layouts_dir": "_layouts",
    "data_dir": "_data",
    "includes_dir": "_includes",
    "collections": {},
    "safe": False,
    "include": [".htaccess"],
    "exclude": [],
    "keep_files": [".git", ".svn"],
    "encoding": "utf-8",
    "markdown_ext": "markdown,mkdown,mkdn,mkd,md",
    "strict_front_matter": False,
    "show_drafts": None,
    "limit_posts": 0,
    "future": False,
    "unpublished": False,
    "whitelist": [],
    "plugins": [],
    "markdown": "kramdown",
    "highlighter": "rouge",
    "lsi": False,
    "excerpt_separator": "\n\n",
    "incremental": False,
    "detach": False,
    "port": "4000",
    "host": "127.0.0.1",
    "baseurl": None,
    "show_dir_listing": False,
    "permalink": "date",
    "paginate_path": "/page:num",
    "timezone": None,
    "quiet": False,
    "verbose": False,
    "defaults": [],
    "liquid": {"error_mode": "warn", "strict_filters": False, "strict_variables": False},
    "kramdown": {
        "auto_ids": True,
        "toc_levels": [1, 2, 3, 4, 5, 6],
        "entity_output": "as_char",
        "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
        "input": "GFM",
        "hard_wrap": False,
        "guess_lang": True,
        "footnote_nr": 1,
        "show_warnings": False,
    },
}

# What Jekyll 4.3 leaves out of every site even when the config's exclude list is empty.
DEFAULT_EXCLUDES = [
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
]

PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def deep_merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll's ``Utils.deep_merge_hashes``: nested mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


class Config:
    """The merged configuration of one build."""

    def __init__(self, data: dict[str, Any], source: Path, destination: Path):
        self.data = data
        self.source = source
        self.destination = destination

    def __getitem__(self, key: str) -> Any:
        return self.data.get(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def permalink_style(self) -> str:
        return str(self.data.get("permalink") or "date")

    @property
    def permalink_template(self) -> str:
        style = self.permalink_style
        return PERMALINK_STYLES.get(style.lstrip(":"), style)

    @property
    def markdown_exts(self) -> frozenset[str]:
        raw = str(self.data.get("markdown_ext") or "")
        return frozenset("." + ext.strip().lower() for ext in raw.split(",") if ext.strip())

    @property
    def excludes(self) -> list[str]:
        return [str(item) for item in _as_list(self.data.get("exclude"))]

    @property
    def includes(self) -> list[str]:
        return [str(item) for item in _as_list(self.data.get("include"))]

    @property
    def keep_files(self) -> list[str]:
        return [str(item) for item in _as_list(self.data.get("keep_files"))]

    @property
    def show_drafts(self) -> bool:
        return bool(self.data.get("show_drafts"))

    @property
    def future(self) -> bool:
        return bool(self.data.get("future"))

    @property
    def unpublished(self) -> bool:
        return bool(self.data.get("unpublished"))

    @property
    def limit_posts(self) -> int:
        try:
            limit = int(self.data.get("limit_posts") or 0)
        except (TypeError, ValueError) as err:
            raise ConfigError("limit_posts must be a whole number") from err
        if limit < 0:
            raise ConfigError("limit_posts must be zero or a positive number")
        return limit

    @property
    def collections(self) -> dict[str, dict[str, Any]]:
        """Collections by label, each with its metadata; posts always among them."""
        raw = self.data.get("collections") or {}
        if isinstance(raw, list):
            raw = {str(label): {} for label in raw}
        if not isinstance(raw, Mapping):
            raise ConfigError("collections must be a mapping or a list of names")
        collections = {str(k): dict(v or {}) for k, v in raw.items()}
        posts = collections.setdefault("posts", {})
        posts.setdefault("output", True)
        posts.setdefault("permalink", self.permalink_template)
        return collections

    @property
    def baseurl(self) -> str:
        return str(self.data.get("baseurl") or "")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def read_config_file(path: Path) -> dict[str, Any]:
    """One YAML (or TOML-free) configuration file as a mapping, with errors that name it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"cannot read configuration file: {err.strerror}", path) from err
    except UnicodeDecodeError as err:
        raise ConfigError("configuration file is not UTF-8 text", path) from err
    try:
        data = yaml.load(text, Loader=YamlLoader)
    except yaml.YAMLError as err:
        line = err.problem_mark.line + 1 if getattr(err, "problem_mark", None) else None
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise ConfigError(f"invalid YAML: {problem}", path, line) from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("configuration must be a mapping of settings", path, 1)
    return data


def load_config(
    source: Path,
    destination: Path | None = None,
    config_files: list[Path] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Jekyll's defaults, then each config file in order, then command-line overrides."""
    source = source.resolve()
    if not source.is_dir():  # Jekyll stops there too (Errno::ENOENT), rather than build nothing
        raise ConfigError(f"the site's source folder {source} "
                          + ("is not a folder" if source.exists() else "does not exist"))
    data = copy.deepcopy(DEFAULTS)
    files = config_files if config_files else _default_config_files(source)
    for path in files:
        data = deep_merge(data, read_config_file(path))
    data = deep_merge(data, dict(overrides or {}))
    if destination is None:
        destination = source / str(data.get("destination") or "_site")
    data["source"] = str(source)
    data["destination"] = str(destination.resolve())
    _check_types(data, files[0] if files else None)
    return Config(data, source, destination.resolve())


def _default_config_files(source: Path) -> list[Path]:
    for name in ("_config.yml", "_config.yaml"):
        candidate = source / name
        if candidate.is_file():
            return [candidate]
    return []


def _check_types(data: dict[str, Any], path: Path | None) -> None:
    for key in ("exclude", "include", "keep_files", "plugins"):
        value = data.get(key)
        if value is not None and not isinstance(value, list | str):
            raise ConfigError(f"'{key}' must be a list", path)
    if not isinstance(data.get("defaults") or [], list):
        raise ConfigError("'defaults' must be a list of {scope, values} entries", path)
