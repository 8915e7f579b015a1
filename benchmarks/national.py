"""National input files at the official size and detail, for the benchmark (issue 14).

The scaled demo generator writes light files (one layer, ~50 vertices per buurt, a few columns).
The real national files are heavier; this module turns the generated files into ones of their
size and shape, so the benchmark measures what a user's machine reads:

- each buurtkaart (five map years) a GeoPackage with the layers ``gemeenten``, ``wijken`` and
  ``buurten``, buurt boundaries densified to about ``vertices`` points (RD New), and about as many
  attribute columns as the real map (~130);
- the Leefbaarometer buurten CSV with every measuring year 2002–2024;
- the KWB tables per year with the wijk, gemeente and Nederland rows and ~120 columns.

The figures the analysis reads are the generated ones; the additions are filler of the right size.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from veerkracht_lib import demo

LBM_YEARS = (2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022, 2024)
MAP_COLUMNS = 130  # attribute columns of a real buurt layer (2022: ~130)
KWB_COLUMNS = 120  # columns of a real KWB table (2022: ~120)


def write_national(out: Path, n_buurten: int = 14_500, vertices: int = 200, seed: int = 7) -> dict:
    """Write national-size files into ``out`` and return what was written (counts, sizes)."""
    out = Path(out)
    raw = out / "_generated"
    demo.write_demo_data(raw, n_buurten=n_buurten)
    rng = np.random.default_rng(seed)
    facts = {"buurten": n_buurten, "maps": {}}
    for path in sorted(raw.glob("*.gpkg")):
        if path.name.startswith("Leefbaarometer"):
            shutil.copy(path, out / path.name)
            continue
        facts["maps"][path.name] = _national_map(path, out / path.name, vertices, rng)
    for path in sorted(raw.glob("kwb_*.csv")):
        _national_kwb(path, out / path.name, rng)
    scores = next(raw.glob("Leefbaarometer-scores*.csv"))
    _all_lbm_years(scores, out / "Leefbaarometer-scores buurten 2002-2024.csv", rng)
    shutil.copy(raw / "planted.json", out / "planted.json")
    shutil.rmtree(raw)
    facts["bytes"] = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    return facts


def _national_map(source: Path, target: Path, vertices: int, rng: np.random.Generator) -> dict:
    layers = [name for name, _ in pyogrio.list_layers(source)]
    buurten = gpd.read_file(source, layer=layers[0], engine="pyogrio")  # the demo writes the buurt layer first
    perimeter = float(buurten.length.median())
    # equal steps along every edge: neighbours share the same new points, so contiguity is kept
    buurten["geometry"] = shapely.segmentize(buurten.geometry.to_numpy(), perimeter / vertices)
    upper = "BU_CODE" in buurten.columns
    code, wijk, gemeente = ("BU_CODE", "WK_CODE", "GM_CODE") if upper else ("buurtcode", "wijkcode", "gemeentecode")
    extra = pd.DataFrame(rng.integers(0, 5000, (len(buurten), MAP_COLUMNS - len(buurten.columns))), index=buurten.index)
    extra.columns = [f"{'VAR' if upper else 'var'}_{i:03d}" for i in extra.columns]
    buurten = gpd.GeoDataFrame(pd.concat([buurten, extra], axis=1), geometry="geometry", crs=buurten.crs)
    layer = layers[0]
    if target.exists():
        target.unlink()
    pyogrio.write_dataframe(buurten, target, layer=layer, driver="GPKG")
    for name, key in (("wijken", wijk), ("gemeenten", gemeente)):
        frame = buurten[[key, "geometry"]].dissolve(by=key).reset_index()
        if name in layers:  # the demo's own layer carries the names
            names = pyogrio.read_dataframe(source, layer=name, read_geometry=False)
            frame = frame.merge(names, on=key, how="left")
        pyogrio.write_dataframe(frame, target, layer=name, driver="GPKG", append=True)
    return {"vertices_per_buurt": float(shapely.get_num_coordinates(buurten.geometry.to_numpy()).mean()),
            "bytes": target.stat().st_size}


def _national_kwb(source: Path, target: Path, rng: np.random.Generator) -> None:
    separator = ";" if ";" in source.open(encoding="utf-8").readline() else ","
    table = pd.read_csv(source, sep=separator, dtype=str, keep_default_na=False)
    extra = pd.DataFrame(rng.integers(0, 5000, (len(table), KWB_COLUMNS - len(table.columns))).astype(str))
    extra.columns = [f"Extra_{i:03d}" for i in extra.columns]
    table = pd.concat([table, extra], axis=1)
    table.to_csv(target, sep=separator, index=False)


def _all_lbm_years(source: Path, target: Path, rng: np.random.Generator) -> None:
    scores = pd.read_csv(source)
    have = sorted(scores["jaar"].unique())
    frames = [scores]
    for year in LBM_YEARS:
        if year in have:
            continue
        nearest = min(have, key=lambda y: abs(y - year))
        copy = scores[scores["jaar"] == nearest].copy()
        copy["jaar"] = year
        numeric = [c for c in copy.columns if c not in ("bu_code", "jaar")]
        copy[numeric] = copy[numeric] + rng.normal(0, 0.01, (len(copy), len(numeric)))
        frames.append(copy)
    pd.concat(frames).sort_values(["bu_code", "jaar"]).to_csv(target, index=False, float_format="%.6f")
