"""Data sources: the catalogue of official downloads and one loader per source.

Every loader returns the tidy shapes of ``veerkracht_lib.schema``; every problem with a file
raises :class:`SourceError` with a one-line message saying what to do.
"""
from veerkracht_lib.errors import SourceError
from veerkracht_lib.sources.catalogue import (
    Catalogue,
    attribution,
    default_catalogue,
    fetch,
    gemeenten_in_year,
    get_path,
    get_paths,
    get_url,
    licence,
    require,
)

__all__ = [
    "Catalogue",
    "SourceError",
    "attribution",
    "default_catalogue",
    "fetch",
    "gemeenten_in_year",
    "get_path",
    "get_paths",
    "get_url",
    "licence",
    "require",
]
