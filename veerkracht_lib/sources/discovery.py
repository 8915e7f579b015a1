"""Recognising the source files in a data folder by what they hold, whatever they are called.

Every GeoPackage, shapefile, GeoJSON and CSV below the folder is looked at, cheaply: the
layer list and field names of a map (``pyogrio.list_layers`` / ``read_info``; a year column
reads one feature), the header line of a CSV. What the columns say decides the source:

- a map layer with a buurt code (``BU_CODE``/``buurtcode``) and name (``BU_NAAM``/``buurtnaam``):
  a Wijk- en Buurtkaart (``cbs_buurten``); with a buurt code but no name, or with
  "leefbaarometer"/"lbm" in its path: the Leefbaarometer geometry;
- a CSV with ``WijkenEnBuurten`` (2013: ``RegioS``) and ``Codering``: a Kerncijfers OData table;
  with ``Wijk_Buurt`` (or ``Regio_s``) and a StatLine variable column: a StatLine export;
- a CSV with ``bu_code, jaar, lbm, afw, fys, onv, soc, vrz, won``: Leefbaarometer buurt scores
  (with ``wk_code`` instead: a wijk-level file, which is listed as ignored: the maps need buurten);
- a CSV with ``bu_code, jaar, kwetsbaar``: an own vulnerability index.

The year of a map or table is, in this order: a ``JRSTATCODE`` (``2015BU...``) or ``jaar`` column,
the StatLine table id in the name (for Kerncijfers), the one year in the file name, in the layer
name, or in the nearest folder name that holds exactly one year (``cbs_wijkbuurtkaart_2015_zuid-
limburg/buurt.geojson`` is 2015). A name holding two different years gives no year.

A file whose contents say nothing (unreadable, or unknown columns) still counts when its name
matches a catalogue pattern, so that the reader reports what is wrong with it. Several versions
of one map (``..._v2``, ``..._v3``: the same name but the version) count once: the highest.
Files that are not used are listed with the reason (:attr:`FolderContents.ignored`): a Dutch
sentence for people, and a :class:`Skip` for code that acts on the kind of reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import pyogrio
from pyogrio import errors as ogr_errors

from veerkracht_lib.errors import SourceError, technical_note
from veerkracht_lib.schema import LBM_SCORES
from veerkracht_lib.sources.download import matches
from veerkracht_lib.sources.tables import normalise_name, read_csv_header

CANDIDATE_SUFFIXES = {".gpkg", ".shp", ".geojson", ".csv"}
BUURT_CODE_FIELDS = {"bu_code", "buurtcode"}
BUURT_NAME_FIELDS = {"bu_naam", "buurtnaam"}
WIJK_CODE_FIELDS = {"wk_code", "wijkcode"}
GEMEENTE_CODE_FIELDS = {"gm_code", "gemeentecode"}
YEAR_FIELDS = ("jrstatcode", "jaar")
LEEFBAAROMETER_NAME = re.compile(r"leefbaarometer|lbm", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
VERSION = re.compile(r"[ _-]?v(\d+)(?=$|[ _.-])", re.IGNORECASE)
KWB_ODATA_DIMENSIONS = {"WijkenEnBuurten", "RegioS"}
STATLINE_NAME_COLUMNS = {"wijk_buurt", "wijken_en_buurten", "regio_s"}
STATLINE_VARIABLE_PREFIXES = ("bevolking_", "wonen_", "inkomen_", "sociale_zekerheid_")
YEARLY_SOURCES = {"cbs_buurten", "kwb"}
LABELS = {
    "cbs_buurten": "buurtkaart", "kwb": "Kerncijfers-tabel",
    "leefbaarometer_buurten": "Leefbaarometer-scores", "leefbaarometer_geometrie": "Leefbaarometer-geometrie",
    "own_index": "eigen kwetsbaarheidsindex",
}


class Skip(Enum):
    """Why a file of the data folder is not used; code tests these, never the wording of the reason."""

    UNREADABLE = "unreadable"
    UNRECOGNISED = "unrecognised"
    NO_BUURT_LAYER = "no buurt layer"
    WIJK_SCORES = "wijk-level Leefbaarometer scores"
    WIJK_LAYER = "wijk map layer"
    GEMEENTE_LAYER = "gemeente map layer"
    NO_YEAR = "no year"
    OLDER_VERSION = "older version"
    OTHER_YEAR = "a year the region does not use"


@dataclass(frozen=True)
class Recognised:
    """A file of ``source`` (and ``year``, for the yearly sources); ``rank`` orders files of one
    source and year (the catalogue pattern its name matches, else after those)."""

    path: Path
    source: str
    year: int | None
    rank: int = 0


@dataclass(frozen=True)
class Ignored:
    """A file that is not used: ``skip`` says why for code, ``reason`` for people (Dutch)."""

    path: Path
    skip: Skip
    reason: str


@dataclass
class FolderContents:
    """What :func:`scan` found in a data folder."""

    found: list[Recognised] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)

    def paths(self, source: str, year: int | None = None) -> list[Path]:
        """The files of ``source`` (and ``year``), best first; a yearly source without a year:
        its latest year."""
        files = [item for item in self.found if item.source == source]
        if source in YEARLY_SOURCES:
            if year is None and files:
                year = max(item.year for item in files)
            files = [item for item in files if item.year == int(year)]
        return [item.path for item in sorted(files, key=lambda item: (item.rank, str(item.path).lower()))]


def scan(folder: Path, patterns: dict[str, list[tuple[str, int | None]]], tables: dict[str, int]) -> FolderContents:
    """Recognise every candidate file below ``folder``.

    ``patterns``: per source, the catalogue's file patterns with their year filled in (None for
    a year-less source) and the pattern's place in the catalogue list; ``tables``: StatLine
    table id -> year.
    """
    contents = FolderContents()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in CANDIDATE_SUFFIXES):
        relative = path.relative_to(folder).as_posix()
        result = _recognise(path, relative, patterns, tables)
        (contents.found if isinstance(result, Recognised) else contents.ignored).append(result)
    _keep_highest_versions(contents)
    contents.ignored.sort(key=lambda item: str(item.path).lower())
    return contents


def _recognise(path: Path, relative: str, patterns, tables) -> Recognised | Ignored:
    try:
        source, year, skipped = _by_contents(path, relative, tables)
    except (SourceError, ogr_errors.DataSourceError, ogr_errors.DataLayerError, ogr_errors.FieldError,
            ogr_errors.FeatureError, ogr_errors.GeometryError, ogr_errors.CRSError, OSError, ValueError) as error:
        # our own message (Dutch) as it is, without the path; a library's quoted as such
        reason = str(error).removeprefix(f"{path}: ") if isinstance(error, SourceError) else f"onleesbaar {technical_note(error)}"
        source, year, skipped = None, None, Ignored(path, Skip.UNREADABLE, reason)
    named = _by_name(relative, patterns)
    if skipped is not None and named is not None and skipped.skip in (Skip.UNREADABLE, Skip.UNRECOGNISED):
        return Recognised(path, named[0], named[1], named[2])
    if skipped is not None:
        return skipped
    if source in YEARLY_SOURCES and year is None:
        label = LABELS[source]
        return Ignored(path, Skip.NO_YEAR, f"{label} zonder jaar: zet het jaar in de bestands- of mapnaam "
                                           "(bijv. buurt_2015.shp)")
    rank = named[2] if named is not None and named[0] == source else 99
    return Recognised(path, source, year if source in YEARLY_SOURCES else None, rank)


def _by_name(relative: str, patterns) -> tuple[str, int | None, int] | None:
    """The source, year and pattern rank of the first catalogue pattern the path matches."""
    for source, items in patterns.items():
        for pattern, year, rank in items:
            if matches(relative, pattern):
                return source, year, rank
    return None


def _by_contents(path: Path, relative: str, tables) -> tuple[str | None, int | None, Ignored | None]:
    """(source, year, None) from the file's header, or (None, None, why it is not used)."""
    if path.suffix.lower() == ".csv":
        return _csv_source(path, relative, tables)
    return _map_source(path, relative)


def _skip(path: Path, skip: Skip, reason: str) -> tuple[None, None, Ignored]:
    return None, None, Ignored(path, skip, reason)


# -- CSV tables ----------------------------------------------------------------------------------


def _csv_source(path: Path, relative: str, tables) -> tuple[str | None, int | None, Ignored | None]:
    header = read_csv_header(path)
    lower = {name.lower() for name in header}
    if {"jaar", *LBM_SCORES} <= lower:
        if "bu_code" in lower:
            return "leefbaarometer_buurten", None, None
        if "wk_code" in lower:
            return _skip(path, Skip.WIJK_SCORES,
                         "Leefbaarometer-scores per wijk: de kaarten vragen scores per buurt (bu_code)")
    if {"bu_code", "jaar", "kwetsbaar"} <= lower:
        return "own_index", None, None
    stems = {re.sub(r"_\d+$", "", name) for name in header}
    normalised = {normalise_name(name) for name in header}
    is_odata = bool(stems & KWB_ODATA_DIMENSIONS) and "Codering" in stems
    is_statline = bool(normalised & STATLINE_NAME_COLUMNS) and any(
        name.startswith(STATLINE_VARIABLE_PREFIXES) for name in normalised)
    if is_odata or is_statline:
        return "kwb", _table_year(relative, tables), None
    return _skip(path, Skip.UNRECOGNISED, "geen bekende bron (geen kolommen van een buurtkaart, Kerncijfers-tabel, "
                                          "Leefbaarometer of eigen index)")


def _table_year(relative: str, tables) -> int | None:
    for table, year in tables.items():
        if table.lower() in relative.lower():
            return year
    return _year_in_names(relative)


# -- map layers ----------------------------------------------------------------------------------


def _map_source(path: Path, relative: str) -> tuple[str | None, int | None, Ignored | None]:
    layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    layer = _buurt_layer(layers)
    if layer is None:
        return _skip(path, Skip.NO_BUURT_LAYER, f"bevat de lagen {', '.join(layers)} en geen daarvan is de buurtlaag "
                                                "(noem die 'buurten')")
    fields = {str(name).lower(): str(name) for name in pyogrio.read_info(path, layer=layer)["fields"]}
    if not BUURT_CODE_FIELDS & set(fields):
        if WIJK_CODE_FIELDS & set(fields):
            return _skip(path, Skip.WIJK_LAYER, "wijklaag: alleen de wijknamen worden gebruikt (uit dezelfde map "
                                                "als de buurtkaart)")
        if GEMEENTE_CODE_FIELDS & set(fields):
            return _skip(path, Skip.GEMEENTE_LAYER, "gemeentelaag: de kaarten vragen de buurtlaag")
        return _skip(path, Skip.UNRECOGNISED, "geen bekende bron (een kaartlaag zonder kolom met buurtcode "
                                              "BU_CODE/buurtcode)")
    if LEEFBAAROMETER_NAME.search(relative) or not BUURT_NAME_FIELDS & set(fields):
        return "leefbaarometer_geometrie", None, None
    year = _year_in_fields(path, layer, fields)
    return "cbs_buurten", _year_in_names(relative, layer) if year is None else year, None


def _buurt_layer(layers: list[str]) -> str | None:
    if len(layers) == 1:
        return layers[0]
    named = [name for name in layers if name.lower() == "buurten"] or [name for name in layers if "buurt" in name.lower()]
    return named[0] if len(named) == 1 else None


def _year_in_fields(path: Path, layer: str, fields: dict[str, str]) -> int | None:
    """The year of a ``JRSTATCODE`` (``2015BU09170000``) or ``jaar`` value of the first feature."""
    for name in YEAR_FIELDS:
        if name in fields:
            first = pyogrio.read_dataframe(path, layer=layer, columns=[fields[name]], read_geometry=False, max_features=1)
            if len(first):
                found = YEAR.match(str(first.iloc[0, 0]).strip())
                if found:
                    return int(found.group(1))
    return None


def _year_in_names(relative: str, layer: str | None = None) -> int | None:
    """The one year in the file name, else in the layer name, else in the nearest folder name."""
    parts = relative.split("/")
    names = [Path(parts[-1]).stem] + ([layer] if layer else []) + parts[-2::-1]
    for name in names:
        years = set(YEAR.findall(name))
        if len(years) == 1:
            return int(years.pop())
    return None


# -- versions ------------------------------------------------------------------------------------


def _keep_highest_versions(contents: FolderContents) -> None:
    """Of files that differ only in their version (``_v1`` / ``_V2``), keep the highest."""
    groups: dict[tuple, list[Recognised]] = {}
    for item in contents.found:
        base = VERSION.sub("", item.path.stem.lower())
        groups.setdefault((item.source, item.year, base, item.path.suffix.lower()), []).append(item)
    for items in groups.values():
        versions = {item: _version(item.path) for item in items}
        highest = max(versions.values())
        if len(set(versions.values())) == 1:
            continue
        newest = next(item for item in items if versions[item] == highest)
        for item in items:
            if versions[item] < highest:
                contents.found.remove(item)
                contents.ignored.append(Ignored(item.path, Skip.OLDER_VERSION, f"oudere versie van {newest.path.name}"))


def _version(path: Path) -> int:
    found = VERSION.findall(path.stem)
    return int(found[-1]) if found else 0
