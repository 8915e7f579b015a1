"""Leefbaarometer 3.0 open data: scores per buurt or wijk (all years in one file) and geometry.

The scores file has ``bu_code`` (buurt file) or ``wk_code`` (wijk file), ``jaar`` and the
scores ``lbm afw fys onv soc vrz won``; ``afw`` is the total deviation from the national
average and equals the sum of the five dimensions. Class columns the file ships (``konv``,
``kafw``, ...) are kept as nullable integers so the maps can use the official classes.

The national file ("Leefbaarometer-scores buurten 2002-2024.csv") holds every measurement
year, writes ``NA`` for a missing value, and has the five dimensions only in some years
(2014, 2018, 2020, 2022, 2024): the other years keep their ``lbm``/``afw`` with NaN
dimensions. :func:`read_scores_files` merges several score files (e.g. regional extracts).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from veerkracht_lib.errors import SourceError
from veerkracht_lib.schema import CRS, LBM_SCORES
from veerkracht_lib.sources.cbs_buurten import read_layer
from veerkracht_lib.sources.tables import read_csv_table, to_numbers

CODE_COLUMNS = ("bu_code", "wk_code")
CODE_PATTERN = {"bu_code": r"^BU\d{8}$", "wk_code": r"^WK\d{6}$"}
CODE_NAMES = {"bu_code": "buurtcode (BU + 8 cijfers)", "wk_code": "wijkcode (WK + 6 cijfers)"}
CLASS_COLUMNS = [f"k{score}" for score in LBM_SCORES]
#: R writes a missing value as NA (the official file does); it is missing, never zero
NA_MARKER = "NA"
#: two files agree on a score when the values differ by at most this much
SAME_SCORE_TOLERANCE = 1e-9


def read_scores(path: str | Path) -> pd.DataFrame:
    """Read a Leefbaarometer scores CSV as ``code, jaar`` + ``LBM_SCORES`` (+ class columns).

    Columns other than these (a leading row index, names) are left out. Sorted by code, jaar.
    """
    table, decimal = read_csv_table(path)
    columns = {name.lower(): name for name in table.columns}
    key = next((name for name in CODE_COLUMNS if name in columns), None)
    missing = [name for name in ["jaar", *LBM_SCORES] if name not in columns]
    if key is None or missing:
        needed = ([] if key else ["bu_code of wk_code"]) + missing
        raise SourceError(
            f"{path}: kolom {', '.join(needed)} ontbreekt; verwacht: de scores van Leefbaarometer 3.0 "
            "(open data: bu_code/wk_code, jaar, lbm, afw, fys, onv, soc, vrz, won)"
        )
    codes = table[columns[key]].str.upper()
    bad = ~codes.str.match(CODE_PATTERN[key])
    if bad.any():
        raise SourceError(f"{path}: kolom {columns[key]!r} bevat {codes[bad].iloc[0]!r}, geen {CODE_NAMES[key]}; "
                          "controleer of dit het Leefbaarometer-bestand is")
    years = to_numbers(table[columns["jaar"]], path=path, column=columns["jaar"])
    if years.isna().any() or (years % 1 != 0).any():
        raise SourceError(f"{path}: kolom 'jaar' heeft lege of niet-gehele jaartallen; verbeter het bestand")
    frame = pd.DataFrame({"code": codes, "jaar": years.astype(int)})
    for score in LBM_SCORES:
        frame[score] = to_numbers(_without_na(table[columns[score]]), path=path, column=columns[score], decimal=decimal)
    for name in CLASS_COLUMNS:
        if name in columns:
            classes = to_numbers(_without_na(table[columns[name]]), path=path, column=columns[name])
            frame[name] = classes.astype("Int64")
    name = columns.get(key.replace("_code", "_naam"))
    if name:  # the name lets the panel match a buurt whose code differs between editions
        frame["naam"] = table[name].str.strip()
    if frame.duplicated(["code", "jaar"]).any():
        first = frame[frame.duplicated(["code", "jaar"])].iloc[0]
        raise SourceError(f"{path}: {first['code']} staat voor {first['jaar']} twee keer in het bestand; het is beschadigd, "
                          "download het opnieuw")
    return frame.sort_values(["code", "jaar"]).reset_index(drop=True)


def _without_na(values: pd.Series) -> pd.Series:
    """The cells with ``NA`` emptied, so that they are read as missing."""
    return values.mask(values.str.strip().str.upper() == NA_MARKER, "")


def read_scores_files(paths: list[str | Path], read: Callable[[Path], pd.DataFrame] | None = None) -> pd.DataFrame:
    """Read several score files of one kind (all buurt or all wijk) and merge them (``read``:
    how one file is read, default :func:`read_scores`).

    A buurt and year in several files must have the same scores there (to within
    ``SAME_SCORE_TOLERANCE``; NaN equals NaN) and is kept once; different values raise a
    :class:`SourceError` naming the code, year, column and both files.
    """
    frames = [(read or read_scores)(Path(path)).assign(_file=str(path)) for path in paths]
    if not frames:
        raise ValueError("read_scores_files heeft minstens één bestand nodig")
    merged = pd.concat(frames, ignore_index=True)
    first = merged.drop_duplicates(["code", "jaar"]).set_index(["code", "jaar"])
    repeated = merged[merged.duplicated(["code", "jaar"])]
    for column in [name for name in merged.columns if name not in ("code", "jaar", "_file", "naam")]:
        kept = first.loc[list(zip(repeated["code"], repeated["jaar"])), column].to_numpy(dtype="float64", na_value=np.nan)
        again = repeated[column].to_numpy(dtype="float64", na_value=np.nan)
        same = (np.isnan(kept) & np.isnan(again)) | (np.abs(kept - again) <= SAME_SCORE_TOLERANCE)
        if not same.all():
            row = repeated.iloc[int(np.flatnonzero(~same)[0])]
            other = first.loc[(row["code"], row["jaar"]), "_file"]
            raise SourceError(
                f"{other} en {row['_file']}: {row['code']} {row['jaar']} heeft {column} "
                f"{first.loc[(row['code'], row['jaar']), column]} in het eerste en {row[column]} in het "
                "tweede; laat maar één van de twee bestanden in de datamap staan"
            )
    return first.drop(columns="_file").reset_index().sort_values(["code", "jaar"]).reset_index(drop=True)


def read_geometry(path: str | Path) -> gpd.GeoDataFrame:
    """Read the buurt (or wijk) geometry the scores are published on: ``code``, ``geometry``."""
    frame = read_layer(Path(path))
    columns = {name.lower(): name for name in frame.columns}
    key = next((name for name in CODE_COLUMNS if name in columns), None)
    if key is None:
        raise SourceError(
            f"{path}: geen kolom bu_code of wk_code; verwacht: de geometrie van Leefbaarometer 3.0"
        )
    codes = frame[columns[key]].astype("string").str.strip().str.upper()
    return gpd.GeoDataFrame(
        {"code": codes}, geometry=frame.geometry.to_crs(CRS), crs=CRS
    ).sort_values("code").reset_index(drop=True)
