"""Writers of the official file formats: Wijk- en Buurtkaart, Kerncijfers CSV, Leefbaarometer, README."""

from __future__ import annotations

import csv
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from ..schema import CRS, NEDERLAND
from .regions import (
    _COUNTS,
    _GEMEENTEN,
    _KWB_COLUMNS,
    _NEDERLAND,
    CBS_OLD_MISSING,
    DEMO_GEMEENTEN,
    DEMO_REGION,
    DEMO_YEARS,
    LBM_NL_MEAN,
    REGION_NAME,
    SCALED_REGION_NAME,
)


def _year_buurten(atoms: pd.DataFrame, cells: list, year: int) -> gpd.GeoDataFrame:
    """Buurt geometries of ``year`` (parents before the split, the union after a merger).

    ``cells`` holds the base cell geometries by the atoms' ``cell`` number.
    """
    key = f"code_{year}"
    size = atoms[key].map(atoms[key].value_counts())
    rows = {
        code: dict(code=code, naam=naam, gm=gm, wk=f"WK{gm[2:]}{wijk:02d}", geometry=geom)
        for code, naam, gm, wijk, geom in zip(atoms.loc[size == 1, key], atoms.loc[size == 1, f"naam_{year}"],
                                              atoms.loc[size == 1, "gm"], atoms.loc[size == 1, "wijk"],
                                              atoms.loc[size == 1, "geometry"])
    }
    for code, grp in atoms[size > 1].groupby(key, sort=True):
        in_cells = sorted(set(grp["cell"]))
        if len(in_cells) == 1:  # the split buurt before its split
            geom = cells[in_cells[0]]
        else:  # the merged buurt
            geom = shapely.union_all(list(grp.geometry))
        first = grp.iloc[0]
        rows[code] = dict(code=code, naam=first[f"naam_{year}"], gm=first["gm"],
                          wk=f"WK{first['gm'][2:]}{first['wijk']:02d}", geometry=geom)
    return gpd.GeoDataFrame([rows[code] for code in sorted(rows)], geometry="geometry", crs=CRS)


def _write_buurtkaart(out_dir: Path, buurten: gpd.GeoDataFrame, figures: pd.DataFrame,
                      suppressed: dict, wijk_naam: dict, year: int, gemeenten: dict | None = None) -> str:
    """One CBS Wijk- en Buurtkaart: older upper-case style until 2018, newer style after (with
    its ``wijken`` layer, as the official GeoPackage has).

    ``wijk_naam`` maps (gemeente code, wijk number) -> name; ``gemeenten`` maps gemeente code -> name
    (default: the demo region's).
    """
    gemeenten = gemeenten or {gm: v[0] for gm, v in _GEMEENTEN.items()}
    f = figures.loc[buurten["code"]]
    gm_naam = buurten["gm"].map(gemeenten)
    if year <= 2018:
        bijstand = [CBS_OLD_MISSING if "bijstand" in suppressed.get(c, ()) else int(b)
                    for c, b in zip(buurten["code"], f["bijstand"])]
        gdf = gpd.GeoDataFrame({
            "BU_CODE": buurten["code"], "BU_NAAM": buurten["naam"], "WK_CODE": buurten["wk"],
            "GM_CODE": buurten["gm"], "GM_NAAM": gm_naam,
            "AANT_INW": f["inwoners"].to_numpy(), "AANTAL_HH": f["huishoudens"].to_numpy(),
            "WWB_UITTOT": bijstand, "WATER": "NEE",
        }, geometry=buurten.geometry.to_numpy(), crs=CRS)
        name = f"buurt_{year}_v1.gpkg"
        layer = f"buurt_{year}_v1"
    else:
        gdf = gpd.GeoDataFrame({
            "buurtcode": buurten["code"], "buurtnaam": buurten["naam"],
            "wijkcode": buurten["wk"], "gemeentecode": buurten["gm"], "gemeentenaam": gm_naam,
            "water": "NEE", "aantal_inwoners": f["inwoners"].to_numpy(),
            "aantal_huishoudens": f["huishoudens"].to_numpy(),
        }, geometry=buurten.geometry.to_numpy(), crs=CRS)
        name = f"wijkenbuurten_{year}_v1.gpkg"
        layer = "buurten"
    _write_gpkg(gdf, out_dir / name, layer)
    if year > 2018:
        wijken = gdf[["wijkcode", "gemeentecode", "gemeentenaam", "geometry"]].dissolve("wijkcode").reset_index()
        wijken.insert(1, "wijknaam", [f"Wijk {wk[-2:]} {wijk_naam[(gm, int(wk[-2:]))]}"
                                      for wk, gm in zip(wijken["wijkcode"], wijken["gemeentecode"])])
        _write_gpkg(wijken, out_dir / name, "wijken", append=True)
    return name


@contextmanager
def _fixed_gpkg_timestamp():
    """Let GDAL stamp a fixed date into ``gpkg_contents`` so GeoPackages are byte-identical."""
    key = "OGR_CURRENT_DATE"
    before = pyogrio.get_gdal_config_option(key)
    pyogrio.set_gdal_config_options({key: "2000-01-01T00:00:00.000Z"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({key: before})


def _write_gpkg(gdf: gpd.GeoDataFrame, path: Path, layer: str, append: bool = False) -> None:
    if not append:
        path.unlink(missing_ok=True)
    with _fixed_gpkg_timestamp():
        gdf.to_file(path, layer=layer, driver="GPKG", engine="pyogrio", mode="a" if append else "w")


def _aggregate(figures: dict, rows: np.ndarray) -> dict:
    """Totals and weighted percentages of a set of buurten (from unsuppressed values).

    ``figures`` maps variable -> numpy array over all buurten; ``rows`` picks the set.
    """
    f = {var: values[rows] for var, values in figures.items()}
    hh, won = f["huishoudens"].sum(), f["woningen"].sum()
    return dict(
        inwoners=int(f["inwoners"].sum()), huishoudens=int(hh), woningen=int(won),
        corporatie_pct=round(float((f["corporatie_pct"] * f["woningen"]).sum() / won), 1),
        bijstand=int(f["bijstand"].sum()),
        laag_inkomen_pct=round(float((f["laag_inkomen_pct"] * f["huishoudens"]).sum() / hh), 1),
    )


def _cell(var: str, value) -> str:
    """A CSV cell as cbsodata data saved by pandas: integers, one-decimal percentages, '' = missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(int(value)) if var in _COUNTS else f"{float(value):.1f}"


def _write_kwb(out_dir: Path, buurten: gpd.GeoDataFrame, figures: pd.DataFrame,
               suppressed: dict, wijk_naam: dict, year: int, gemeenten: dict | None = None) -> str:
    """Kerncijfers wijken en buurten of ``year`` as ``cbsodata.get_data`` returns them.

    ``gemeenten`` maps gemeente code -> name, in the order of the file (default: the demo's).
    """
    gemeenten = gemeenten or {gm: _GEMEENTEN[gm][0] for gm in DEMO_GEMEENTEN}
    columns = _KWB_COLUMNS[year]
    variables = sorted(columns, key=lambda v: int(columns[v].rsplit("_", 1)[1]))
    codes = buurten["code"].tolist()
    f = figures.loc[codes]
    arrays = {var: f[var].to_numpy() for var in f.columns}
    cells = {var: [_cell(var, value) for value in f[var].tolist()] for var in variables}
    names = buurten["naam"].tolist()
    in_gm: dict = {}
    for i, (gm, wk) in enumerate(zip(buurten["gm"], buurten["wk"])):
        in_gm.setdefault(gm, {}).setdefault(wk, []).append(i)

    def row(naam, gemeente, soort, code, vals):
        return [naam, gemeente, soort.ljust(10), code.ljust(10)] + [
            _cell(v, vals.get(v)) for v in variables]

    rows = [row("Nederland", "Nederland", "Land", NEDERLAND, _NEDERLAND[year])]
    for gm, gm_naam in gemeenten.items():
        wijken = in_gm.get(gm, {})
        rows.append(row(gm_naam, gm_naam, "Gemeente", gm,
                        _aggregate(arrays, np.array(sorted(i for w in wijken.values() for i in w)))))
        for wk in sorted(wijken):
            in_wk = wijken[wk]
            naam = f"Wijk {wk[-2:]} {wijk_naam[(gm, int(wk[-2:]))]}"
            rows.append(row(naam, gm_naam, "Wijk", wk, _aggregate(arrays, np.array(in_wk))))
            for i in sorted(in_wk, key=lambda i: codes[i]):
                hidden = suppressed.get(codes[i], ())
                rows.append([names[i], gm_naam, "Buurt".ljust(10), codes[i].ljust(10)] + [
                    "" if v in hidden else cells[v][i] for v in variables])
    name = f"kwb_{year}_DEMO.csv"
    header = ["ID", "WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3"] + [
        columns[v] for v in variables]
    with open(out_dir / name, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for i, r in enumerate(rows):
            writer.writerow([i] + r)
    return name


def _write_leefbaarometer(out_dir: Path, atoms: pd.DataFrame, values: pd.DataFrame,
                          buurten: gpd.GeoDataFrame) -> list:
    """LBM 3.0 scores for all years on the 2022 indeling, and its buurt geometry."""
    last = DEMO_YEARS[-1]
    v = values.join(atoms[[f"code_{last}"]], on="atom").rename(columns={f"code_{last}": "bu_code"})
    dims = ["fys", "onv", "soc", "vrz", "won"]
    for d in dims:
        v[d] = v[d] * v["inwoners"]
    g = v.groupby(["bu_code", "jaar"], sort=True)[dims + ["inwoners"]].sum()
    scores = g[dims].div(g["inwoners"], axis=0).round(6)
    scores["afw"] = scores[dims].sum(axis=1).round(6)
    scores["lbm"] = (LBM_NL_MEAN + scores["afw"]).round(6)
    scores = scores.reset_index()[["bu_code", "jaar", "lbm", "afw"] + dims]
    csv_name = "Leefbaarometer-scores buurten 2014-2022.csv"
    scores.to_csv(out_dir / csv_name, index=False, float_format="%.6f", lineterminator="\n")

    gpkg_name = f"Leefbaarometer buurten {last}.gpkg"
    geo = gpd.GeoDataFrame({"bu_code": buurten["code"]}, geometry=buurten.geometry.to_numpy(), crs=CRS)
    _write_gpkg(geo, out_dir / gpkg_name, "buurten")
    return [csv_name, gpkg_name]


def _readme(seed: int, parts: list | None = None) -> str:
    if parts is not None and len(parts) == 1 and parts[0].region is DEMO_REGION:
        parts = None
    if parts is None:
        return (
            f"{REGION_NAME}: synthetische voorbeelddata / synthetic demo data\n"
            "\n"
            "All files in this folder were generated by veerkracht (veerkracht_lib.demo) with\n"
            f"seed {seed}. They are NOT official CBS or Leefbaarometer data: the region, its\n"
            "gemeenten (GM9901-GM9905), wijken, buurten, names and all numbers are fictional,\n"
            "written in the official file formats so that the demo runs through the real loaders.\n"
            "The region lies in the North Sea on purpose, so that it is obviously fictional on a map.\n"
            "planted.json lists the structure planted on purpose (focus, resilient and worsening\n"
            "areas, rural gemeenten, two splits, a merger, a tiny buurt, suppressed values, a\n"
            "drifting gemeente and buurten on and beside class edges).\n"
        )
    codes = [gm for part in parts for gm in part.region.codes]
    n = sum(part.region.n_cells for part in parts)
    return (
        f"{SCALED_REGION_NAME}: synthetische voorbeelddata / synthetic demo data\n"
        "\n"
        "All files in this folder were generated by veerkracht (veerkracht_lib.demo, scaled) with\n"
        f"seed {seed}: {n} buurten in {len(codes)} gemeenten ({codes[0]}-{codes[-1]}) in {len(parts)}\n"
        "clusters. They are NOT official CBS or Leefbaarometer data: the gemeenten, wijken,\n"
        "buurten, names and all numbers are fictional, written in the official file formats so\n"
        "that the demo runs through the real loaders. The clusters lie in the North Sea on\n"
        "purpose, so that they are obviously fictional on a map. planted.json lists the structure\n"
        "planted on purpose in every cluster (under 'clusters').\n"
    )
