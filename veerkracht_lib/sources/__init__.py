"""Data sources: the catalogue of official downloads and one loader per source.

Every loader returns the tidy shapes of ``veerkracht_lib.schema``; every problem with a file
raises :class:`SourceError` with a one-line message saying what to do.
"""

import pandas as pd

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

# pyarrow is installed for the prepared Parquet copies; pandas would then store every text column
# in pyarrow arrays, whose arithmetic and ``map`` results differ in dtype. Text stays in Python
# storage, so a report does not depend on which optional packages are installed.
pd.set_option("mode.string_storage", "python")

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
