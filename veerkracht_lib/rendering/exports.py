"""Exports next to the HTML: every indicator and class per buurt (GeoPackage + CSV), the areas, print maps.

Each CSV comes twice: plain (comma, decimal point; for scripts and GIS) and for Dutch Excel
(semicolon, decimal comma, UTF-8 with BOM, ja/nee), beside a data dictionary of every column.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from veerkracht_lib.analysis.atelier import area_figures
from veerkracht_lib.analysis.indicators import yearly_indicators
from veerkracht_lib.analysis.run import Analysis
from veerkracht_lib.rendering.dictionary import area_dictionary, column_dictionary

#: Dutch Excel opens a CSV by double-click with these settings (the Windows list separator ";")
EXCEL = {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"}


def buurt_table(analysis: Analysis) -> pd.DataFrame:
    """One row per buurt: codes, names, indicators and classes (categoricals as text)."""
    frame = analysis.buurten.drop(columns="geometry").copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    return frame.sort_values("code").reset_index(drop=True)


def excel_csv(table: pd.DataFrame, path: Path) -> Path:
    """``table`` as a CSV that Dutch Excel reads right: ``;``, decimal comma, BOM, ja/nee for booleans."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "ja", False: "nee"})
    # fixed-point: Excel would read "1e-05" as text; six decimals as in the plain CSV's precision
    out.to_csv(path, index=False, float_format="%.6f", **EXCEL)
    return path


def write_exports(analysis: Analysis, folder: Path, print_maps: bool = False) -> dict[str, Path]:
    """Write ``<slug>.gpkg`` (layers buurten, gebieden), the buurten, jaren and gebieden CSVs (plain and
    for Excel; the gebieden with chapter III's figures, `atelier.area_figures`) and ``<slug>_kolommen.csv``,
    the data dictionary (in the Excel format: it is read by people)."""
    folder.mkdir(parents=True, exist_ok=True)
    slug = analysis.config.slug
    table = buurt_table(analysis)
    gpkg = folder / f"{slug}.gpkg"
    paths: dict[str, Path] = {}
    geo = analysis.buurten[["code", "geometry"]].merge(table, on="code")
    geo.to_file(gpkg, layer="buurten", driver="GPKG")
    if not analysis.areas.empty:
        analysis.areas.to_file(gpkg, layer="gebieden", driver="GPKG")
        areas = area_figures(analysis.buurten, analysis.areas, analysis.config.thresholds, analysis.config.reference)
        paths["gebieden"] = folder / f"{slug}_gebieden.csv"
        areas.to_csv(paths["gebieden"], index=False, float_format="%.6g")
        paths["gebieden_excel"] = excel_csv(areas, folder / f"{slug}_gebieden_excel.csv")
    csv = folder / f"{slug}_buurten.csv"
    table.to_csv(csv, index=False, float_format="%.6g")
    years = folder / f"{slug}_jaren.csv"
    yearly = yearly_indicators(analysis.panel, analysis.config).sort_values(["code", "jaar"])
    yearly.to_csv(years, index=False, float_format="%.6g")
    paths |= {"gpkg": gpkg, "csv": csv, "jaren": years,
              "csv_excel": excel_csv(table, folder / f"{slug}_buurten_excel.csv"),
              "jaren_excel": excel_csv(yearly, folder / f"{slug}_jaren_excel.csv")}
    paths["kolommen"] = folder / f"{slug}_kolommen.csv"
    files = {f"{csv.name}, {paths['csv_excel'].name}, {gpkg.name} (laag buurten)": list(table.columns),
             f"{years.name}, {paths['jaren_excel'].name}": list(yearly.columns)}
    parts = [column_dictionary(analysis, files)]
    if not analysis.areas.empty:
        parts.append(area_dictionary(analysis, list(analysis.areas.columns), f"{gpkg.name} (laag gebieden)"))
        parts.append(area_dictionary(analysis, list(areas.columns),
                                     f"{paths['gebieden'].name}, {paths['gebieden_excel'].name}"))
    pd.concat(parts).to_csv(paths["kolommen"], index=False, **EXCEL)
    if print_maps:
        from veerkracht_lib.rendering.pages import print_map, printable_maps

        for record in printable_maps(analysis):
            paths[f"kaart{record.number}"] = print_map(analysis, record.key, folder / record.print_name)
    return paths
