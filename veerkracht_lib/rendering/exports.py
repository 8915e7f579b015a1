"""Exports next to the HTML: every indicator and class per buurt (GeoPackage + CSV), the areas, print maps."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from veerkracht_lib.analysis.indicators import yearly_indicators
from veerkracht_lib.analysis.run import Analysis


def buurt_table(analysis: Analysis) -> pd.DataFrame:
    """One row per buurt: codes, names, indicators and classes (categoricals as text)."""
    frame = analysis.buurten.drop(columns="geometry").copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    return frame.sort_values("code").reset_index(drop=True)


def write_exports(analysis: Analysis, folder: Path, print_maps: bool = False) -> dict[str, Path]:
    """Write ``buurten.gpkg`` (layers buurten, gebieden), ``buurten.csv`` and ``jaren.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    table = buurt_table(analysis)
    gpkg = folder / f"{analysis.config.slug}.gpkg"
    geo = analysis.buurten[["code", "geometry"]].merge(table, on="code")
    geo.to_file(gpkg, layer="buurten", driver="GPKG")
    if not analysis.areas.empty:
        analysis.areas.to_file(gpkg, layer="gebieden", driver="GPKG")
    csv = folder / f"{analysis.config.slug}_buurten.csv"
    table.to_csv(csv, index=False, float_format="%.6g")
    years = folder / f"{analysis.config.slug}_jaren.csv"
    yearly_indicators(analysis.panel, analysis.config).sort_values(["code", "jaar"]).to_csv(years, index=False, float_format="%.6g")
    paths = {"gpkg": gpkg, "csv": csv, "jaren": years}
    if print_maps:
        from veerkracht_lib.rendering.pages import print_map, printable_maps

        for record in printable_maps(analysis):
            paths[f"kaart{record.number}"] = print_map(analysis, record.key, folder / record.print_name)
    return paths
