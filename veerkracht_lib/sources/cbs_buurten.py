"""CBS/Kadaster Wijk- en Buurtkaart: the buurt geometry (plus the key figures older maps carry).

:func:`read_buurten` reads any OGR format (GeoPackage layer ``buurten``, shapefile, GeoJSON)
in either attribute style - older upper-case (``BU_CODE, AANT_INW, WWB_UITTOT, ...``) or newer
lower-case (``buurtcode, aantal_inwoners, ...``) - into the tidy shape of ``schema.py``.
:func:`select_region` picks a region's buurten from a year's map, also across gemeente mergers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyogrio import errors as ogr_errors

from veerkracht_lib.errors import SourceError, technical_note
from veerkracht_lib.schema import BUURT_COLUMNS, CRS
from veerkracht_lib.sources.catalogue import default_catalogue
from veerkracht_lib.sources.tables import to_numbers

#: canonical column -> the names it has in older (upper-case) and newer (lower-case) maps
KEY_COLUMNS = {
    "code": ["bu_code", "buurtcode"],
    "naam": ["bu_naam", "buurtnaam"],
    "wk_code": ["wk_code", "wijkcode"],
    "gm_code": ["gm_code", "gemeentecode"],
    "gm_naam": ["gm_naam", "gemeentenaam"],
}
#: KWB variable -> its names in the maps; a map carries whichever its year had
VARIABLE_COLUMNS = {
    "inwoners": ["aant_inw", "aantal_inwoners"],
    "huishoudens": ["aantal_hh", "aantal_huishoudens"],
    "woningen": ["woningen", "woningvoorraad", "aantal_woningen"],
    "corporatie_pct": [
        "p_huurcorp",
        "percentage_huurwoningen_in_bezit_woningcorporaties",
        "perc_huurwoningen_in_bezit_woningcorporaties",
    ],
    "bijstand": ["wwb_uittot", "aantal_personen_met_een_alg_bijstandsuitkering_tot"],
    "niet_westers_pct": ["p_n_w_al", "percentage_niet_westerse_migratieachtergrond"],
}
#: the wijk layer's code and name columns (older and newer style)
WIJK_COLUMNS = {"code": KEY_COLUMNS["wk_code"], "naam": ["wk_naam", "wijknaam"]}
MAP_SUFFIXES = {".gpkg", ".shp", ".geojson"}
WATER_COLUMN = "water"
BUURT_CODE = re.compile(r"^BU\d{8}$")


class RegionSelection(NamedTuple):
    """The buurten of a region and how they were selected: ``"outline"`` or ``"herindelingen"``."""

    buurten: gpd.GeoDataFrame
    method: str


def read_buurten(path: str | Path, year: int) -> gpd.GeoDataFrame:
    """Read a Wijk- en Buurtkaart buurt layer as ``BUURT_COLUMNS`` + the KWB variables it holds.

    Geometry is reprojected to EPSG:28992; CBS sentinels and "." become NaN; buurten flagged
    as water only (``WATER``/``water`` = "JA") are dropped; wijk and gemeente codes missing
    from the file are derived from the buurt code. Rows are sorted by code.
    """
    path = Path(path)
    frame = read_layer(path)
    columns = {name.lower(): name for name in frame.columns if name != "geometry"}
    found = {key: next((columns[n] for n in names if n in columns), None) for key, names in KEY_COLUMNS.items()}
    missing = [names[0].upper() for key, names in KEY_COLUMNS.items() if key in ("code", "naam") and not found[key]]
    if missing:
        raise SourceError(
            f"{path}: geen kolom {' of '.join(missing)} (ook niet in kleine letters: "
            f"buurtcode/buurtnaam); is dit de buurtlaag van een Wijk- en Buurtkaart?"
        )
    if WATER_COLUMN in columns:
        water = frame[columns[WATER_COLUMN]].astype("string").str.strip().str.upper() == "JA"
        frame = frame[~water.fillna(False)]
    codes = frame[found["code"]].astype("string").str.strip()
    bad = ~codes.str.match(BUURT_CODE.pattern).fillna(False)
    if bad.any():
        raise SourceError(
            f"{path}: {found['code']} bevat {codes[bad].iloc[0]!r}, geen buurtcode (BU + 8 cijfers); "
            "is dit de buurtlaag?"
        )
    if codes.duplicated().any():
        raise SourceError(
            f"{path}: buurtcode {codes[codes.duplicated()].iloc[0]} komt twee keer voor; "
            "het bestand is beschadigd of mengt jaren, download het opnieuw"
        )
    tidy = gpd.GeoDataFrame(
        {
            "code": codes,
            "naam": frame[found["naam"]].astype("string").str.strip(),
            "wk_code": _text_or(frame, found["wk_code"], "WK" + codes.str[2:8]),
            "gm_code": _text_or(frame, found["gm_code"], "GM" + codes.str[2:6]),
            "gm_naam": _text_or(frame, found["gm_naam"], pd.Series(pd.NA, index=frame.index, dtype="string")),
            "jaar": int(year),
        },
        geometry=frame.geometry.to_crs(CRS),
        crs=CRS,
    )[BUURT_COLUMNS]
    for variable, names in VARIABLE_COLUMNS.items():
        column = next((columns[name] for name in names if name in columns), None)
        if column is not None:
            tidy[variable] = to_numbers(frame[column], path=path, column=column)
    return tidy.sort_values("code").reset_index(drop=True)


def read_layer(path: Path) -> gpd.GeoDataFrame:
    """The buurt layer of a map file: its only layer, else ``buurten`` (or the one named like it).

    Unreadable, truncated or CRS-less files raise :class:`SourceError`.
    """
    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
        if len(layers) > 1:
            buurt_layers = [name for name in layers if name.lower() == "buurten"] or [
                name for name in layers if "buurt" in name.lower()
            ]
            if len(buurt_layers) != 1:
                raise SourceError(
                    f"{path}: bevat de lagen {', '.join(layers)} en geen daarvan is duidelijk de "
                    "buurtlaag; exporteer de buurtlaag als apart bestand, of noem hem 'buurten'"
                )
            frame = gpd.read_file(path, layer=buurt_layers[0], engine="pyogrio")
        else:
            frame = gpd.read_file(path, engine="pyogrio")
    except (
        ogr_errors.DataSourceError, ogr_errors.DataLayerError, ogr_errors.FeatureError,
        ogr_errors.FieldError, ogr_errors.GeometryError, ogr_errors.CRSError, OSError,
    ) as error:
        raise SourceError(
            f"{path}: onleesbaar als kaartlaag; het bestand is misschien onvolledig of beschadigd - "
            f"download het opnieuw {technical_note(error)}"
        ) from None
    if frame.crs is None:
        raise SourceError(
            f"{path}: het coördinatenstelsel ontbreekt (een shapefile heeft het .prj-bestand ernaast "
            "nodig); kopieer de volledige download"
        )
    return frame


def read_wijk_names(path: str | Path) -> pd.Series:
    """Wijk code -> wijk name, from the wijk layer that comes with a buurt layer.

    That is the ``wijken`` layer of the same GeoPackage, else a wijk file in the same folder
    (``wijk.geojson``, ``wijk_2015.shp``: the name holds "wijk" and not "buurt"). The names only
    label the maps, so a map without them gives an empty Series rather than an error.
    """
    path = Path(path)
    candidates = [(path, name) for name in _layers(path) if _is_wijk_name(name)]
    candidates += [(sibling, None) for sibling in sorted(path.parent.iterdir())
                   if sibling != path and sibling.suffix.lower() in MAP_SUFFIXES and _is_wijk_name(sibling.stem)]
    for source, layer in candidates:
        names = _wijk_names(source, layer)
        if not names.empty:
            return names
    return pd.Series(dtype="string", name="wk_naam")


def _is_wijk_name(name: str) -> bool:
    return "wijk" in name.lower() and "buurt" not in name.lower()


def _layers(path: Path) -> list[str]:
    try:
        return [str(name) for name, _ in pyogrio.list_layers(path)]
    except (ogr_errors.DataSourceError, OSError):
        return []


def _wijk_names(path: Path, layer: str | None) -> pd.Series:
    try:
        fields = {str(name).lower(): str(name) for name in pyogrio.read_info(path, layer=layer)["fields"]}
        code, naam = (next((fields[n] for n in names if n in fields), None) for names in WIJK_COLUMNS.values())
        if code is None or naam is None or set(KEY_COLUMNS["code"]) & set(fields):
            return pd.Series(dtype="string", name="wk_naam")
        frame = pyogrio.read_dataframe(path, layer=layer, columns=[code, naam], read_geometry=False)
    except (ogr_errors.DataSourceError, ogr_errors.DataLayerError, ogr_errors.FieldError, OSError):
        return pd.Series(dtype="string", name="wk_naam")
    codes = frame[code].astype("string").str.strip()
    names = frame[naam].astype("string").str.strip()
    usable = codes.str.match(r"^WK\d{6}$").fillna(False) & names.fillna("").ne("")
    return pd.Series(names[usable].to_numpy(), index=codes[usable].to_numpy(), dtype="string",
                     name="wk_naam").groupby(level=0).first()


def _text_or(frame: pd.DataFrame, column: str | None, fallback: pd.Series) -> pd.Series:
    if column is None:
        return fallback.astype("string")
    return frame[column].astype("string").str.strip()


def select_region(
    buurten: gpd.GeoDataFrame,
    gemeenten: Iterable[str],
    outline=None,
) -> RegionSelection:
    """The buurten of a region whose gemeenten are given by their current codes.

    With ``outline`` (the region's area, e.g. the situation year's buurten of ``gemeenten``,
    as a geometry, GeoSeries or GeoDataFrame) a buurt belongs to the region when its
    representative point lies within the outline: this follows mergers and boundary
    corrections alike, and the codes are not needed. Without it, the codes are resolved to
    the gemeenten of the buurten's year through the catalogue's list of mergers
    (``herindelingen``), which knows whole-gemeente mergers only.
    """
    if outline is not None:
        area = _as_geometry(outline, buurten.crs)
        shapely.prepare(area)
        inside = shapely.contains(area, buurten.geometry.representative_point().to_numpy())
        return RegionSelection(buurten[inside].reset_index(drop=True), "outline")
    years = buurten["jaar"].unique()
    if len(years) != 1:
        raise ValueError("select_region zonder omtrek heeft de buurten van één jaar nodig")
    gemeenten = [str(code).strip().upper() for code in gemeenten]
    codes = default_catalogue().gemeenten_in_year(gemeenten, int(years[0]))
    absent = sorted(set(codes) - set(buurten["gm_code"]))
    if absent:
        raise SourceError(
            f"buurten van {int(years[0])}: gemeente {', '.join(absent)} (uit {', '.join(gemeenten)}) ontbreekt "
            "en geen herindeling in catalogue.yaml verklaart dat; geef de omtrek van de regio om op ligging te kiezen"
        )
    return RegionSelection(buurten[buurten["gm_code"].isin(codes)].reset_index(drop=True), "herindelingen")


def _as_geometry(outline, crs) -> shapely.Geometry:
    if isinstance(outline, (gpd.GeoDataFrame, gpd.GeoSeries)):
        if outline.crs is not None and crs is not None:
            outline = outline.to_crs(crs)
        return outline.union_all()
    return outline
