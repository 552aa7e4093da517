"""What GitHub Pages' small plugins (relative-links, titles-from-headings,
optional-front-matter) do alike: read one option of their configuration section, and pick
the documents they work on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..config import Config
    from ..index.site import Site
    from ..read.documents import Document


def option(config: Config, section_key: str, key: str) -> Any:
    """The gems' ``config[SECTION] && config[SECTION][key]``."""
    section = config.get(section_key)
    if isinstance(section, dict):
        return section.get(key)
    return False if section is False else None


def written_documents(site: Site) -> list[Document]:
    """Jekyll's ``site.docs_to_write``: posts and items of collections with ``output``."""
    return [doc for doc in site.documents() if not doc.is_page and doc.write]


def pages_and_documents(site: Site, section_key: str) -> list[Document]:
    """The pages, and the written documents too when the section says
    ``collections: true``."""
    documents = list(site.pages)
    if option(site.config, section_key, "collections") is True:
        documents += written_documents(site)
    return documents
