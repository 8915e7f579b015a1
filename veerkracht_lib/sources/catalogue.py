"""The catalogue of official sources: where each file comes from and how it is found or fetched.

Modelled on geodatasets: the facts live in ``catalogue.yaml`` (URL, archive member, licence,
attribution, optional sha256 and the usual file names of ``docs/contracts.md``) and three verbs
use them:

- :func:`get_url` - the official URL, optionally redirected to a mirror (``base_url`` argument
  or the ``VEERKRACHT_BASE_URL`` environment variable);
- :func:`get_path` / :func:`get_paths` - the hand-downloaded file(s) in a data folder, recognised
  by what they hold (``discovery.py``), else the cached download, else None / [];
- :func:`fetch` - download into the cache (pooch, hash-checked where a hash is known, atomic).

:func:`require` combines them and raises a :class:`SourceError` that says where to get the file.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from veerkracht_lib import workbook
from veerkracht_lib.errors import SourceError
from veerkracht_lib.sources import discovery
from veerkracht_lib.sources.discovery import FolderContents
from veerkracht_lib.sources.download import (
    EXTRACT_PREFIX,
    download_file,
    download_odata_csv,
    extract_member,
    matches,
    mirror_url,
)

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")
CACHE_ENV = "VEERKRACHT_CACHE"


def default_cache_dir() -> Path:
    """The download cache: ``$VEERKRACHT_CACHE``, else ``data/cache`` in the workbook (the working folder)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    return workbook.data_dir() / "cache"




class Catalogue:
    """Source entries and gemeente mergers, as read from a catalogue YAML file."""

    def __init__(self, data: Mapping):
        self.sources: dict = {
            name: {**entry, "years": {int(year): item for year, item in (entry.get("years") or {}).items()}}
            for name, entry in data["sources"].items()
        }
        self.herindelingen: list[dict] = sorted(
            data.get("herindelingen", []), key=lambda merger: merger["jaar"], reverse=True
        )
        self._scans: dict[tuple, FolderContents] = {}

    @classmethod
    def from_yaml(cls, path: str | Path) -> Catalogue:
        """Read a catalogue file (the packaged one is ``catalogue.yaml``)."""
        with open(path, encoding="utf-8") as file:
            return cls(yaml.safe_load(file))

    # -- entries -----------------------------------------------------------------------------

    def source(self, source: str) -> dict:
        """The catalogue entry of ``source``."""
        if source not in self.sources:
            known = ", ".join(sorted(self.sources))
            raise SourceError(f"onbekende bron {source!r}; de catalogus kent: {known}")
        return self.sources[source]

    def years(self, source: str) -> list[int]:
        """The years (editions) the catalogue has a download for."""
        return sorted(self.source(source)["years"])

    def entry(self, source: str, year: int | None = None) -> dict:
        """The download entry of ``source`` for ``year`` (None: the latest edition)."""
        years = self.years(source)
        if not years:
            raise SourceError(
                f"{self.source(source)['title']} is nergens officieel te downloaden; zet een bestand dat lijkt op "
                f"{self._pattern_text(source, year)} in de datamap (--data-dir)"
            )
        if year is None:
            year = years[-1]
        if int(year) not in years:
            raise SourceError(
                f"{self.source(source)['title']} staat niet voor {year} in de catalogus (wel voor {', '.join(map(str, years))}); "
                f"voeg het jaar toe aan {CATALOGUE_FILE.name} of zet een zelf gedownload bestand dat lijkt op "
                f"{self._pattern_text(source, year)} in de datamap (--data-dir)"
            )
        return {"year": int(year), **self.source(source)["years"][int(year)]}

    def attribution(self, source: str) -> str:
        """The attribution line for map footers, e.g. ``"Bron: CBS, Kadaster"``."""
        return self.source(source)["attribution"]

    def licence(self, source: str) -> str:
        """The licence of the source, e.g. ``"CC BY 4.0"``."""
        return self.source(source)["licence"]

    # -- get_url -----------------------------------------------------------------------------

    def get_url(self, source: str, year: int | None = None, *, base_url: str | None = None) -> str:
        """The official URL of ``source`` for ``year``, redirected to ``base_url`` if given."""
        return mirror_url(self.entry(source, year)["url"], base_url)

    # -- get_path ----------------------------------------------------------------------------

    def get_path(
        self,
        source: str,
        year: int | None = None,
        data_dir: str | Path | None = None,
        *,
        gemeenten: Iterable[str] | None = None,
        cache_dir: str | Path | None = None,
    ) -> Path | None:
        """The best file of :meth:`get_paths`, or None."""
        paths = self.get_paths(source, year, data_dir, gemeenten=gemeenten, cache_dir=cache_dir)
        return paths[0] if paths else None

    def get_paths(
        self,
        source: str,
        year: int | None = None,
        data_dir: str | Path | None = None,
        *,
        gemeenten: Iterable[str] | None = None,
        cache_dir: str | Path | None = None,
    ) -> list[Path]:
        """Every file of ``source`` (and ``year``) in ``data_dir``, best first; else the cached download.

        Files in ``data_dir`` (any sub-folder) are recognised by what they hold, whatever their
        names (see ``discovery.py``); among several, those whose name matches the first catalogue
        pattern come first (for ``kwb`` the OData table before a StatLine export). Several files
        of one source and year (e.g. regional extracts) are all returned, to be combined. For
        ``kwb`` a cached download for exactly ``gemeenten`` is used when the full table is not cached.
        """
        if data_dir is not None:
            found = self.scan(data_dir).paths(source, year)
            if found:
                return found
        if not self.years(source) or (year is not None and int(year) not in self.years(source)):
            return []
        entry = self.entry(source, year)
        gemeenten = self.gemeenten_in_year(gemeenten, entry["year"]) if gemeenten else None
        cached = self._find_in_cache(source, entry, gemeenten, cache_dir)
        return [cached] if cached is not None else []

    def scan(self, data_dir: str | Path) -> FolderContents:
        """What the files in ``data_dir`` are (see ``discovery.py``); remembered until a file changes."""
        data_dir = Path(data_dir)
        if not data_dir.is_dir():
            raise SourceError(f"{data_dir}: datamap niet gevonden; controleer --data-dir")
        state = tuple(
            (str(path), stat.st_mtime_ns, stat.st_size)
            for path in sorted(data_dir.rglob("*")) if path.is_file() for stat in [path.stat()]
        )
        key = (str(data_dir.resolve()), state)
        if key not in self._scans:
            self._scans = {key: discovery.scan(data_dir, self._named_patterns(), self._tables())}
        return self._scans[key]

    def _named_patterns(self) -> dict[str, list[tuple[str, int | None, int]]]:
        """Per source its file patterns with each catalogue year filled in, and their rank."""
        named = {}
        for source, entry in self.sources.items():
            items = []
            for rank, pattern in enumerate(entry["patterns"]):
                if "{year}" not in pattern:
                    items.append((pattern.replace("{table}", "*"), None, rank))
                    continue
                for year in self.years(source):
                    items.append((pattern.format(year=year, table=self.entry(source, year).get("table", "*")), year, rank))
            named[source] = items
        return named

    def _tables(self) -> dict[str, int]:
        return {item["table"]: year for entry in self.sources.values()
                for year, item in entry["years"].items() if item.get("table")}

    def _patterns(self, source: str, year: int | None) -> list[str]:
        table = ""
        if year is not None and int(year) in self.years(source):
            table = self.entry(source, year).get("table", "")
        patterns = self.source(source)["patterns"]
        if year is None:
            patterns = [pattern for pattern in patterns if "{year}" not in pattern]
        return [pattern.format(year=year, table=table or "*") for pattern in patterns]

    def _pattern_text(self, source: str, year: int | None) -> str:
        return " of ".join(repr(pattern) for pattern in self._patterns(source, year))

    def _source_dir(self, source: str, entry: Mapping, cache_dir: str | Path | None) -> Path:
        return Path(cache_dir or default_cache_dir()) / source / str(entry["year"])

    def _find_in_cache(self, source, entry, gemeenten, cache_dir) -> Path | None:
        folder = self._source_dir(source, entry, cache_dir)
        if not folder.is_dir():
            return None
        if source == "kwb":
            for name in (_kwb_file_name(entry), _kwb_file_name(entry, gemeenten)):
                if (folder / name).is_file():
                    return folder / name
            return None
        if "member" not in entry:
            path = folder / _download_name(entry["url"])
            return path if path.is_file() else None
        members = [
            path for path in sorted(folder.rglob("*"))
            if path.is_file() and not any(part.startswith(EXTRACT_PREFIX) for part in path.parts)
            and matches(path.relative_to(folder).as_posix(), entry["member"])
        ]
        return members[-1] if members else None

    # -- fetch -------------------------------------------------------------------------------

    def fetch(
        self,
        source: str,
        year: int | None = None,
        progress: bool = True,
        *,
        base_url: str | None = None,
        cache_dir: str | Path | None = None,
        gemeenten: Iterable[str] | None = None,
    ) -> Path:
        """Download ``source`` for ``year`` into the cache (once) and return the file to read.

        Archives are unpacked to the member the catalogue names. ``kwb`` is fetched from the
        CBS OData API and saved as the CSV of ``docs/contracts.md``; with ``gemeenten`` (codes
        of the situation year) only those gemeenten - resolved to their predecessors for
        older years - and the Nederland row are downloaded. Failures raise :class:`SourceError`.
        """
        entry = self.entry(source, year)
        gemeenten = self.gemeenten_in_year(gemeenten, entry["year"]) if gemeenten else None
        cached = self._find_in_cache(source, entry, gemeenten, cache_dir)
        if cached is not None:
            return cached
        folder = self._source_dir(source, entry, cache_dir)
        folder.mkdir(parents=True, exist_ok=True)
        if source == "kwb":
            destination = folder / _kwb_file_name(entry, gemeenten)
            return download_odata_csv(
                entry["url"], destination, gemeenten=gemeenten, base_url=base_url, progress=progress
            )
        url = mirror_url(entry["url"], base_url)
        download = download_file(url, folder / _download_name(entry["url"]), entry.get("sha256"), progress)
        if "member" not in entry:
            return download
        return extract_member(download, entry["member"], folder, url)

    def require(
        self,
        source: str,
        year: int | None = None,
        data_dir: str | Path | None = None,
        *,
        download: bool = True,
        gemeenten: Iterable[str] | None = None,
        progress: bool = True,
        base_url: str | None = None,
        cache_dir: str | Path | None = None,
    ) -> Path:
        """:meth:`get_path`, else :meth:`fetch` (when ``download``), else a SourceError saying
        which file is needed, where to get it and where to put it."""
        path = self.get_path(source, year, data_dir, gemeenten=gemeenten, cache_dir=cache_dir)
        if path is not None:
            return path
        if download and self.years(source):
            return self.fetch(
                source, year, progress=progress, base_url=base_url, cache_dir=cache_dir,
                gemeenten=gemeenten,
            )
        entry = self.source(source)
        table = self.entry(source, year).get("table", "") if self.years(source) else ""
        where = f"in {data_dir}" if data_dir is not None else "(geen --data-dir gegeven)"
        raise SourceError(
            f"{entry['title']}{f' {year}' if year else ''}: geen bestand dat lijkt op "
            f"{self._pattern_text(source, year)} (en ook geen bestand met de kolommen ervan) {where}, en ook niet "
            f"in de cache {Path(cache_dir or default_cache_dir()) / source}; download het van "
            f"{entry['page'].format(year=year, table=table)} en zet het in de datamap (--data-dir)"
        )

    # -- gemeente mergers --------------------------------------------------------------------

    def gemeenten_in_year(self, codes: Iterable[str], year: int) -> list[str]:
        """The gemeente codes that covered ``codes``' area in ``year`` (mergers undone).

        >>> default_catalogue().gemeenten_in_year(["GM1954", "GM0917"], 2015)
        ['GM0881', 'GM0917', 'GM0951', 'GM0962']
        >>> default_catalogue().gemeenten_in_year(["GM1954"], 2019)
        ['GM1954']
        """

        def expand(code: str, undone: frozenset[int]) -> set[str]:
            for number, merger in enumerate(self.herindelingen):
                if merger["code"] == code and year < merger["jaar"] and number not in undone:
                    return set().union(
                        *(expand(older, undone | {number}) for older in merger["voorgangers"])
                    )
            return {code}

        return sorted(set().union(*(expand(str(code).strip().upper(), frozenset()) for code in codes)))


@functools.cache
def default_catalogue() -> Catalogue:
    """The packaged catalogue (``catalogue.yaml``)."""
    return Catalogue.from_yaml(CATALOGUE_FILE)


def get_url(source: str, year: int | None = None, *, base_url: str | None = None) -> str:
    """The official URL of ``source`` for ``year`` (see :meth:`Catalogue.get_url`)."""
    return default_catalogue().get_url(source, year, base_url=base_url)


def get_path(source: str, year: int | None = None, data_dir: str | Path | None = None, **kwargs) -> Path | None:
    """A hand-downloaded or cached file, or None (see :meth:`Catalogue.get_path`)."""
    return default_catalogue().get_path(source, year, data_dir, **kwargs)


def get_paths(source: str, year: int | None = None, data_dir: str | Path | None = None, **kwargs) -> list[Path]:
    """Every hand-downloaded file of the source and year, else the cached one (see :meth:`Catalogue.get_paths`)."""
    return default_catalogue().get_paths(source, year, data_dir, **kwargs)


def scan(data_dir: str | Path) -> FolderContents:
    """What the files in a data folder are, and which are ignored (see :meth:`Catalogue.scan`)."""
    return default_catalogue().scan(data_dir)


def fetch(source: str, year: int | None = None, progress: bool = True, **kwargs) -> Path:
    """Download into the cache and return the file (see :meth:`Catalogue.fetch`)."""
    return default_catalogue().fetch(source, year, progress=progress, **kwargs)


def require(source: str, year: int | None = None, data_dir: str | Path | None = None, **kwargs) -> Path:
    """Find or fetch the file, or raise an actionable SourceError (see :meth:`Catalogue.require`)."""
    return default_catalogue().require(source, year, data_dir, **kwargs)


def attribution(source: str) -> str:
    """The attribution line of ``source`` for map footers."""
    return default_catalogue().attribution(source)


def licence(source: str) -> str:
    """The licence of ``source``."""
    return default_catalogue().licence(source)


def gemeenten_in_year(codes: Iterable[str], year: int) -> list[str]:
    """The gemeente codes that covered ``codes``' area in ``year`` (mergers undone)."""
    return default_catalogue().gemeenten_in_year(codes, year)


# -- helpers -------------------------------------------------------------------------------------


def _download_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def _kwb_file_name(entry: Mapping, gemeenten: Iterable[str] | None = None) -> str:
    """``kwb_{year}_{table}.csv`` for the whole table, with a region suffix for a subset."""
    name = f"kwb_{entry['year']}_{entry['table']}"
    if gemeenten:
        digest = hashlib.sha1(",".join(sorted(gemeenten)).encode()).hexdigest()[:10]
        name += f"_region-{digest}"
    return f"{name}.csv"


