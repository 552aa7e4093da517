"""Jekyll 4.3's Liquid filters for python-liquid, with Ruby Liquid 5.4's standard ones.

Jekyll registers its filters over Liquid's, so a site sees Jekyll's ``sort``/``where``
and Ruby's ``split``/``round``/``escape``. python-liquid ships its own (Python-flavoured)
standard filters; ``register_filters`` adds Jekyll's and replaces every built-in whose
output differs from Ruby Liquid's on real site data. Each family lives in its own module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .arrays import make_array_filters
from .dates import make_date_filters
from .grouping import make_grouping_filters
from .json_inspect import make_json_filters
from .numbers import make_number_filters
from .sass_filters import make_sass_filters
from .text import make_text_filters
from .urls import make_url_filters, strip_index, uri_escape

if TYPE_CHECKING:
    import liquid

__all__ = ["register_filters"]


def register_filters(
    env: liquid.Environment,
    config: Mapping[str, Any],
    markdownify: Callable[[str], str],
    smartify: Callable[[str], str],
) -> None:
    """Add Jekyll's filters to ``env`` and override python-liquid's where Ruby differs.

    ``config`` is the site configuration (``url``, ``baseurl`` and ``timezone`` are read
    on each call, so later changes are seen); ``markdownify`` and ``smartify`` are the
    site's converters.
    """
    filters: dict[str, Callable[..., Any]] = {}
    filters.update(make_number_filters())
    filters.update(make_text_filters(markdownify, smartify))
    filters.update(make_array_filters())
    filters.update(make_grouping_filters())
    filters.update(make_json_filters())
    filters.update(make_date_filters(config))
    filters.update(make_url_filters(config))
    filters.update(make_sass_filters(config))
    filters["strip_index"] = strip_index
    filters["uri_escape"] = uri_escape
    for name, func in filters.items():
        env.add_filter(name, func)
