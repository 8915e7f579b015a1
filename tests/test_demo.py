"""Tests of the demo-region generator (``veerkracht_lib.demo``).

The files are read with plain geopandas/pandas, as the official formats are documented in
docs/contracts.md, so these tests do not depend on the project's loaders.
"""

from __future__ import annotations

import json
import shutil
import re
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from veerkracht_lib.demo import DEMO_GEMEENTEN, DEMO_YEARS, write_demo_data

FIRST, LAST = DEMO_YEARS[0], DEMO_YEARS[-1]
LBM_CSV = "Leefbaarometer-scores buurten 2014-2022.csv"
LBM_GPKG = "Leefbaarometer buurten 2022.gpkg"
CANONICAL = {
    "AantalInwoners": "inwoners",
    "HuishoudensTotaal": "huishoudens",
    "Woningvoorraad": "woningen",
    "InBezitWoningcorporatie": "corporatie_pct",
    "PersonenPerSoortUitkeringBijstand": "bijstand",
    "HuishoudensMetEenLaagInkomen": "laag_inkomen_pct",
}


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    start = time.perf_counter()
    planted = write_demo_data(out)
    return out, planted, time.perf_counter() - start


@pytest.fixture(scope="module")
def out(demo):
    return demo[0]


@pytest.fixture(scope="module")
def planted(demo):
    return demo[1]


def _buurtkaart_path(out: Path, year: int) -> Path:
    return out / (f"buurt_{year}_v1.gpkg" if year <= 2018 else f"wijkenbuurten_{year}_v1.gpkg")


def read_buurten(out: Path, year: int) -> gpd.GeoDataFrame:
    """The buurt map of ``year`` with canonical ``code, gm_code, wk_code`` columns."""
    path = _buurtkaart_path(out, year)
    if year <= 2018:
        gdf = gpd.read_file(path)
        return gdf.rename(columns={"BU_CODE": "code", "WK_CODE": "wk_code", "GM_CODE": "gm_code"})
    gdf = gpd.read_file(path, layer="buurten")
    return gdf.rename(columns={"buurtcode": "code", "wijkcode": "wk_code", "gemeentecode": "gm_code"})


def read_kwb(out: Path, year: int) -> pd.DataFrame:
    """The Kerncijfers CSV with suffixes stripped, codes stripped and canonical names."""
    raw = pd.read_csv(out / f"kwb_{year}_DEMO.csv", dtype=str, keep_default_na=False)
    df = raw.rename(columns=lambda c: CANONICAL.get(re.sub(r"_\d+$", "", c), c))
    df["code"] = df["Codering_3"].str.strip()
    df["soort"] = df["SoortRegio_2"].str.strip()
    for var in CANONICAL.values():
        df[var] = pd.to_numeric(df[var].replace("", np.nan))
    return df.set_index("code")


def kwetsbaar(kwb: pd.DataFrame) -> pd.Series:
    """Methodology section 3 with equal weights on bijstand/inwoners and low-income %."""
    nl = kwb.loc["NL00"]
    ratios = pd.DataFrame({
        "bijstand": (kwb["bijstand"] / kwb["inwoners"]) / (nl["bijstand"] / nl["inwoners"]),
        "laag_inkomen": kwb["laag_inkomen_pct"] / nl["laag_inkomen_pct"],
    })
    return 100 * ratios.mean(axis=1, skipna=True)


def read_lbm(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / LBM_CSV)


def onv(out: Path, year: int) -> pd.Series:
    lbm = read_lbm(out)
    return lbm[lbm["jaar"] == year].set_index("bu_code")["onv"]


def is_connected(geoms: gpd.GeoSeries) -> bool:
    """Queen contiguity (shapely ``touches``): one connected component."""
    geoms = list(geoms)
    seen, todo = {0}, [0]
    while todo:
        i = todo.pop()
        for j, g in enumerate(geoms):
            if j not in seen and geoms[i].touches(g):
                seen.add(j)
                todo.append(j)
    return len(seen) == len(geoms)


# ------------------------------------------------------------------------------ files


def test_generation_is_fast(demo):
    assert demo[2] < 3.0


def test_files_written(out, planted):
    expected = {f"kwb_{y}_DEMO.csv" for y in DEMO_YEARS} | {
        _buurtkaart_path(out, y).name for y in DEMO_YEARS} | {
        LBM_CSV, LBM_GPKG, "README.txt", "planted.json"}
    assert {p.name for p in out.iterdir()} == expected
    assert set(planted["files"]) == expected
    assert json.loads((out / "planted.json").read_text(encoding="utf-8")) == planted
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert "synthetic" in readme and str(planted["seed"]) in readme
    assert not re.search(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}", readme)


def test_planted_keys(planted):
    for key in ("focus", "resilient", "worsening", "rural_gemeenten", "split", "merged",
                "tiny", "suppressed", "gemeenten", "focus_gemeente", "corporatie_missing"):
        assert key in planted
    assert tuple(planted["gemeenten"]) == DEMO_GEMEENTEN
    assert 10 <= len(planted["focus"]) <= 16
    assert 8 <= len(planted["resilient"]) <= 12
    assert 6 <= len(planted["worsening"]) <= 10
    assert len(planted["rural_gemeenten"]) == 2


# ------------------------------------------------------------------------------ geometry


@pytest.mark.parametrize("year", DEMO_YEARS)
def test_buurtkaart_format_and_tiling(out, year):
    gdf = gpd.read_file(_buurtkaart_path(out, year), layer=None if year <= 2018 else "buurten")
    if year <= 2018:
        assert list(gdf.columns) == ["BU_CODE", "BU_NAAM", "WK_CODE", "GM_CODE", "GM_NAAM",
                                     "AANT_INW", "AANTAL_HH", "WWB_UITTOT", "WATER", "geometry"]
        assert set(gdf["WATER"]) == {"NEE"}
    else:
        assert list(gdf.columns) == ["buurtcode", "buurtnaam", "wijkcode", "gemeentecode",
                                     "gemeentenaam", "water", "aantal_inwoners",
                                     "aantal_huishoudens", "geometry"]
        assert set(gdf["water"]) == {"NEE"}
    gdf = read_buurten(out, year)
    assert gdf.crs.to_epsg() == 28992
    assert 150 <= len(gdf) <= 300
    assert gdf["code"].is_unique
    assert sorted(gdf["gm_code"].unique()) == list(DEMO_GEMEENTEN)
    for code, wk, gm in zip(gdf["code"], gdf["wk_code"], gdf["gm_code"]):
        assert re.fullmatch(r"BU99\d{6}", code) and code[2:8] == wk[2:] and wk[2:6] == gm[2:]
    assert gdf.is_valid.all()
    assert (gdf.geom_type == "Polygon").all()
    xmin, ymin, xmax, ymax = gdf.total_bounds
    assert 0 <= xmin and xmax <= 45_000 and 470_000 <= ymin and ymax <= 520_000
    union = shapely.union_all(gdf.geometry.to_numpy())
    assert union.geom_type == "Polygon" and len(union.interiors) == 0  # no gaps
    assert union.area == pytest.approx(gdf.area.sum(), rel=1e-7)  # no overlaps


def test_neighbours_share_edges(out):
    gdf = read_buurten(out, LAST)
    geoms = gdf.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="touches")
    pairs = [(i, j) for i, j in zip(left, right) if i < j]
    shared = [geoms[i].intersection(geoms[j]).length for i, j in pairs]
    assert len(pairs) > 2 * len(gdf)
    assert np.mean(np.array(shared) > 1.0) > 0.97  # queen neighbours nearly always share an edge


def test_gemeenten_and_wijken_contiguous(out):
    gdf = read_buurten(out, LAST)
    for gm, grp in gdf.groupby("gm_code"):
        assert shapely.union_all(grp.geometry.to_numpy()).geom_type == "Polygon", gm
        assert 2 <= grp["wk_code"].nunique() <= 6, gm
    for wk, grp in gdf.groupby("wk_code"):
        assert shapely.union_all(grp.geometry.to_numpy()).geom_type == "Polygon", wk
    # the focus area lies in the largest gemeente
    sizes = gdf.groupby("gm_code").size()
    assert sizes.idxmax() == "GM9901"


@pytest.mark.parametrize("area", ["focus", "resilient", "worsening"])
def test_planted_areas_contiguous_and_separate(out, planted, area):
    gdf = read_buurten(out, LAST).set_index("code")
    codes = planted[area]
    assert set(codes) <= set(gdf.index)
    assert is_connected(gdf.loc[codes].geometry)
    # stable codes: the planted buurten exist in the base year too
    assert set(codes) <= set(read_buurten(out, FIRST)["code"])
    others = {c for a in ("focus", "resilient", "worsening") if a != area for c in planted[a]}
    assert not others & set(codes)
    mine = shapely.union_all(gdf.loc[codes].geometry.to_numpy())
    assert not any(mine.intersects(g) for g in gdf.loc[sorted(others)].geometry)


def test_split_and_merge(out, planted):
    maps = {y: read_buurten(out, y).set_index("code") for y in DEMO_YEARS}
    kwb = {y: read_kwb(out, y) for y in DEMO_YEARS}
    split, merged = planted["split"], planted["merged"]
    for y in DEMO_YEARS:
        codes = set(maps[y].index)
        assert (split["old"] in codes) == (y < split["year"])
        assert set(split["new"]) <= codes if y >= split["year"] else not set(split["new"]) & codes
        assert (merged["new"] in codes) == (y >= merged["year"])
        assert set(merged["old"]) <= codes if y < merged["year"] else not set(merged["old"]) & codes
    old = maps[FIRST].loc[split["old"]].geometry
    new = shapely.union_all(maps[LAST].loc[split["new"]].geometry.to_numpy())
    assert old.symmetric_difference(new).area < 1e-6 * old.area
    old = shapely.union_all(maps[FIRST].loc[merged["old"]].geometry.to_numpy())
    new = maps[LAST].loc[merged["new"]].geometry
    assert old.symmetric_difference(new).area < 1e-6 * new.area
    # counts divided / summed accordingly
    before = kwb[split["year"] - 2].loc[split["old"], "inwoners"]
    after = kwb[split["year"]].loc[split["new"], "inwoners"]
    assert after.min() > 0.2 * before and after.sum() == pytest.approx(before, rel=0.05)
    before = kwb[merged["year"] - 2].loc[merged["old"], "inwoners"].sum()
    after = kwb[merged["year"]].loc[merged["new"], "inwoners"]
    assert after == pytest.approx(before, rel=0.05)


# ------------------------------------------------------------------------------ Kerncijfers


def test_kwb_format(out):
    column_sets = []
    for y in DEMO_YEARS:
        raw = pd.read_csv(out / f"kwb_{y}_DEMO.csv", dtype=str, keep_default_na=False)
        assert list(raw.columns[:5]) == ["ID", "WijkenEnBuurten", "Gemeentenaam_1",
                                        "SoortRegio_2", "Codering_3"]
        assert list(raw["ID"]) == [str(i) for i in range(len(raw))]
        assert (raw["Codering_3"].str.len() == 10).all()
        assert (raw["SoortRegio_2"].str.len() == 10).all()
        first = raw.iloc[0]
        assert first["WijkenEnBuurten"] == "Nederland" and first["Codering_3"] == "NL00      "
        assert first["SoortRegio_2"] == "Land      "
        column_sets.append(frozenset(raw.columns[5:]))
        assert {re.sub(r"_\d+$", "", c) for c in raw.columns[5:]} == set(CANONICAL)
        for col in raw.columns[5:]:
            pattern = r"\d+\.\d" if CANONICAL[re.sub(r"_\d+$", "", col)].endswith("_pct") else r"\d+"
            values = raw[col][raw[col] != ""]
            assert values.str.fullmatch(pattern).all(), col
    assert len(set(column_sets)) == len(DEMO_YEARS)  # suffixes differ between years


@pytest.mark.parametrize("year", DEMO_YEARS)
def test_kwb_content(out, year):
    kwb = read_kwb(out, year)
    nl = kwb.loc["NL00"]
    assert 16.5e6 < nl["inwoners"] < 18e6
    assert 27 <= nl["corporatie_pct"] <= 32
    assert 0.02 <= nl["bijstand"] / nl["inwoners"] <= 0.027
    assert 7.5 <= nl["laag_inkomen_pct"] <= 9
    assert sorted(kwb.index[kwb["soort"] == "Gemeente"]) == list(DEMO_GEMEENTEN)
    buurten = kwb[kwb["soort"] == "Buurt"]
    assert set(buurten.index) == set(read_buurten(out, year)["code"])
    assert buurten["inwoners"].drop(index=[c for c in buurten.index if buurten.loc[c, "inwoners"] < 100]).between(150, 4000).all()
    ratio = (buurten["huishoudens"] / buurten["inwoners"]).median()
    assert 1 / 2.4 < ratio < 1 / 1.9
    assert ((buurten["woningen"] / buurten["huishoudens"]).between(1.0, 1.07)).all()
    for gm in DEMO_GEMEENTEN:
        own = buurten[buurten.index.str[2:6] == gm[2:]]
        assert kwb.loc[gm, "inwoners"] == own["inwoners"].sum()
        wijken = kwb[(kwb["soort"] == "Wijk") & (kwb.index.str[2:6] == gm[2:])]
        assert kwb.loc[gm, "inwoners"] == wijken["inwoners"].sum()
        assert 2 <= len(wijken) <= 6
    assert kwb.loc["GM9901", "inwoners"] == kwb.loc[list(DEMO_GEMEENTEN), "inwoners"].max()


@pytest.mark.parametrize("year", DEMO_YEARS)
def test_tiny_and_suppressed(out, planted, year):
    kwb = read_kwb(out, year)
    tiny = kwb.loc[planted["tiny"]]
    assert tiny["inwoners"] < 100
    assert tiny[["corporatie_pct", "bijstand", "laag_inkomen_pct"]].isna().all()
    assert np.isnan(kwb.loc[planted["corporatie_missing"], "corporatie_pct"])
    buurten = kwb[(kwb["soort"] == "Buurt") & (kwb.index != planted["tiny"])]
    empty = buurten.index[buurten[["bijstand", "laag_inkomen_pct"]].isna().any(axis=1)]
    assert 5 <= len(empty) <= 10
    assert sorted(empty) == planted["suppressed_by_year"][str(year)]
    planted_codes = set(planted["focus"]) | set(planted["resilient"]) | set(planted["worsening"])
    assert not planted_codes & set(empty)
    assert buurten["corporatie_pct"].isna().sum() == 1
    # aggregates are never left empty
    assert kwb[kwb["soort"] != "Buurt"][list(CANONICAL.values())].notna().all().all()


# ------------------------------------------------------------------------------ planted magnitudes


@pytest.fixture(scope="module")
def indicators(out):
    """kwetsbaar, corporatie_pct and onv per buurt (2022 codes) for the first and last year."""
    frames = {}
    for y in (FIRST, LAST):
        kwb = read_kwb(out, y)
        index = kwetsbaar(kwb)
        kwb = kwb[kwb["soort"] == "Buurt"]
        frames[y] = pd.DataFrame({
            "kwetsbaar": index[kwb.index],
            "corporatie": kwb["corporatie_pct"],
            "bijstand_pct": 100 * kwb["bijstand"] / kwb["inwoners"],
            "laag_inkomen": kwb["laag_inkomen_pct"],
        }).join(onv(out, y), how="outer")
    return frames


def test_focus_area(planted, indicators):
    s, b = indicators[LAST].loc[planted["focus"]], indicators[FIRST].loc[planted["focus"]]
    assert (s["corporatie"] >= 65).all() and (b["corporatie"] >= 65).all()
    assert s["bijstand_pct"].between(8, 12).all()
    assert s["laag_inkomen"].between(20, 25).all()
    assert (s["kwetsbaar"] >= 200).all() and (b["kwetsbaar"] >= 200).all()  # "zeer veel"
    assert (s["onv"] <= -0.15).all() and (b["onv"] <= -0.04).all()  # focus in both years
    assert (s["kwetsbaar"] - b["kwetsbaar"]).between(6, 30).all()  # rises: weinig veerkracht, veel problemen
    # worsens slightly (0,025 to 0,045), and with its gemeente's drift (0,02)
    assert (s["onv"] - b["onv"]).between(-0.065 - 1e-6, -0.045 + 1e-6).all()


def test_resilient_area(planted, indicators):
    s, b = indicators[LAST].loc[planted["resilient"]], indicators[FIRST].loc[planted["resilient"]]
    assert (s["kwetsbaar"] - b["kwetsbaar"] > 25).all()
    assert (s["onv"] - b["onv"] > 0.09 - 0.02 - 1e-6).all()  # improves by 0,09 or more, less its gemeente's drift


def test_worsening_area(planted, indicators):
    s, b = indicators[LAST].loc[planted["worsening"]], indicators[FIRST].loc[planted["worsening"]]
    assert ((s["kwetsbaar"] - b["kwetsbaar"]).abs() < 3).all()
    assert (s["onv"] - b["onv"] < -0.08).all()


def test_rural_gemeenten(planted, indicators):
    for y in (FIRST, LAST):
        df = indicators[y]
        rural = df[df.index.str[2:6].isin([g[2:] for g in planted["rural_gemeenten"]])]
        assert len(rural) >= 10
        # planted on or beside the class edges of maps 1, 5, 2 and 6
        kinds = ("onv_edges", "d_onv_edges", "kwetsbaar_edges", "d_kwetsbaar_edges")
        edges = rural.index.isin([code for kind in kinds for code in planted[kind]])
        assert edges.sum() == 12 + 8 + 8 + 8 and rural.loc[~edges, "onv"].between(0.06, 0.12).all()
        assert (rural.loc[~edges, "kwetsbaar"].dropna() < 60).all()
        assert (rural["corporatie"].dropna() < 20).all()


def test_remaining_buurten_mild(planted, indicators):
    special = set(planted["focus"]) | set(planted["resilient"]) | set(planted["worsening"])
    s, b = indicators[LAST], indicators[FIRST]
    rest = [c for c in s.index if c not in special and c[2:6] not in
            {g[2:] for g in planted["rural_gemeenten"]} and c != planted["tiny"]]
    drift = planted["drift"]  # the drifting gemeente's onv falls by 0,02 on top of the noise
    d_onv = (s.loc[rest, "onv"] - b.reindex(rest)["onv"]).dropna()
    d_onv -= drift["d_onv"] * (d_onv.index.str[2:6] == drift["gemeente"][2:])
    assert len(d_onv) > 100 and (d_onv.abs() < 0.02).all()
    d_kw = (s.loc[rest, "kwetsbaar"] - b.reindex(rest)["kwetsbaar"]).dropna()
    assert (d_kw.abs() < 5).mean() > 0.9
    # no accidental focus buurten: classes separate cleanly
    assert not ((s.loc[rest, "onv"] < -0.04) & (s.loc[rest, "kwetsbaar"] >= 125)).any()


# ------------------------------------------------------------------------------ Leefbaarometer


def test_leefbaarometer(out):
    lbm = read_lbm(out)
    assert list(lbm.columns) == ["bu_code", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won"]
    codes = set(read_buurten(out, LAST)["code"])
    assert set(lbm["bu_code"]) == codes
    assert sorted(lbm["jaar"].unique()) == list(DEMO_YEARS)
    assert len(lbm) == len(codes) * len(DEMO_YEARS)
    dims = lbm[["fys", "onv", "soc", "vrz", "won"]].sum(axis=1)
    assert np.allclose(lbm["afw"], dims, atol=1e-5)
    assert np.allclose(lbm["lbm"] - lbm["afw"], 4.102265, atol=1e-5)
    geo = gpd.read_file(out / LBM_GPKG)
    assert list(geo.columns) == ["bu_code", "geometry"] and geo.crs.to_epsg() == 28992
    assert set(geo["bu_code"]) == codes


# ------------------------------------------------------------------------------ determinism


def test_deterministic(out, tmp_path):
    again = write_demo_data(tmp_path / "again")
    assert again == json.loads((out / "planted.json").read_text(encoding="utf-8"))
    for path in sorted(out.iterdir()):
        other = tmp_path / "again" / path.name
        if path.suffix == ".gpkg":
            for layer in gpd.list_layers(path)["name"]:
                a, b = gpd.read_file(path, layer=layer), gpd.read_file(other, layer=layer)
                assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
                assert list(a.geometry.to_wkb()) == list(b.geometry.to_wkb())
        assert path.read_bytes() == other.read_bytes(), path.name


def test_other_seed_differs_and_holds(tmp_path):
    planted = write_demo_data(tmp_path, seed=7)
    kwb = read_kwb(tmp_path, LAST)
    index = kwetsbaar(kwb)
    assert 150 <= planted["n_buurten"][str(LAST)] <= 300
    assert (index.loc[planted["focus"]] >= 200).all()
    assert (onv(tmp_path, LAST).loc[planted["focus"]] <= -0.15).all()
    assert is_connected(read_buurten(tmp_path, LAST).set_index("code").loc[planted["focus"]].geometry)


# ------------------------------------------------------------------------------ scaled demo


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """A scaled demo of two clusters (10 gemeenten) and one of the smallest size."""
    out = {}
    for n in (500, 50):
        folder = tmp_path_factory.mktemp(f"scaled{n}")
        out[n] = folder, write_demo_data(folder, n_buurten=n)
    return out


@pytest.mark.parametrize("n", [500, 50])
def test_scaled_files_counts_and_codes(scaled, n):
    out, planted = scaled[n]
    assert {p.name for p in out.iterdir()} == set(planted["files"])
    assert planted["files"] == sorted(default_file_names())
    assert planted["n_buurten"][str(LAST)] == n == planted["n_buurten"][str(FIRST)]
    gemeenten = sorted(planted["gemeenten"])
    assert gemeenten == [f"GM{9001 + i}" for i in range(len(gemeenten))]  # codes no real gemeente has
    assert len(gemeenten) == (10 if n == 500 else 5)
    assert len(set(planted["gemeenten"].values())) == len(gemeenten)
    assert len(planted["clusters"]) == len(gemeenten) // 5
    for y in DEMO_YEARS:
        gdf = read_buurten(out, y)
        assert gdf["code"].is_unique and sorted(gdf["gm_code"].unique()) == gemeenten
        assert len(gdf) == planted["n_buurten"][str(y)]
        for code, wk, gm in zip(gdf["code"], gdf["wk_code"], gdf["gm_code"]):
            assert re.fullmatch(r"BU9\d{7}", code) and code[2:8] == wk[2:] and wk[2:6] == gm[2:]
        kwb = read_kwb(out, y)
        assert set(kwb.index[kwb["soort"] == "Buurt"]) == set(gdf["code"])
        assert sorted(kwb.index[kwb["soort"] == "Gemeente"]) == gemeenten
        for gm in gemeenten:
            assert kwb.loc[gm, "inwoners"] == kwb.loc[kwb.index.str[2:6] == gm[2:]].query("soort == 'Buurt'")["inwoners"].sum()
    lbm = read_lbm(out)
    assert set(lbm["bu_code"]) == set(read_buurten(out, LAST)["code"])


def default_file_names():
    return [f"kwb_{y}_DEMO.csv" for y in DEMO_YEARS] + [
        f"buurt_{y}_v1.gpkg" if y <= 2018 else f"wijkenbuurten_{y}_v1.gpkg" for y in DEMO_YEARS] + [
        LBM_CSV, LBM_GPKG, "README.txt", "planted.json"]


@pytest.mark.parametrize("n", [500, 50])
def test_scaled_tiling_shares_wiggly_edges(scaled, n):
    out, planted = scaled[n]
    gdf = read_buurten(out, LAST)
    geoms = gdf.geometry.to_numpy()
    assert gdf.is_valid.all() and (gdf.geom_type == "Polygon").all()
    assert shapely.coverage_is_valid(geoms)  # no overlaps, identical shared edges
    assert shapely.get_num_coordinates(geoms).mean() > 20  # wiggly, not straight Voronoi edges
    for cluster in planted["clusters"]:  # each cluster is one gap-free island
        mine = gdf[gdf["gm_code"].isin(cluster["gemeenten"])]
        union = shapely.union_all(mine.geometry.to_numpy())
        assert union.geom_type == "Polygon" and not union.interiors
    left, right = shapely.STRtree(geoms).query(geoms, predicate="touches")
    shared = [geoms[i].intersection(geoms[j]).length for i, j in zip(left, right) if i < j]
    assert np.mean(np.array(shared) > 1.0) > 0.97


def test_scaled_planted_structure_per_cluster(scaled):
    out, planted = scaled[500]
    gdf = read_buurten(out, LAST).set_index("code")
    first, last = read_kwb(out, FIRST), read_kwb(out, LAST)
    s, b = kwetsbaar(last), kwetsbaar(first)
    onv_s, onv_b = onv(out, LAST), onv(out, FIRST)
    for cluster in planted["clusters"]:
        for area in ("focus", "resilient", "worsening"):
            codes = cluster[area]
            assert codes and is_connected(gdf.loc[codes].geometry)
            assert set(gdf.loc[codes, "gm_code"]) == {cluster[f"{area}_gemeente"]}
        assert (s.loc[cluster["focus"]] >= 200).all() and (onv_s.loc[cluster["focus"]] <= -0.15).all()
        assert (s.loc[cluster["resilient"]] - b.loc[cluster["resilient"]] > 25).all()
        assert (onv_s.loc[cluster["resilient"]] - onv_b.loc[cluster["resilient"]] > 0.08).all()
        assert (onv_s.loc[cluster["worsening"]] - onv_b.loc[cluster["worsening"]] < -0.08).all()
        assert last.loc[cluster["tiny"], "inwoners"] < 100
        assert cluster["split"]["old"] in first.index and set(cluster["split"]["new"]) <= set(last.index)
        assert set(cluster["merged"]["old"]) <= set(first.index) and cluster["merged"]["new"] in last.index
        assert len(cluster["rural_gemeenten"]) == 2
    # the top level lists hold every cluster's buurten
    assert planted["focus"] == sorted(c for cl in planted["clusters"] for c in cl["focus"])
    assert planted["split"] == planted["clusters"][0]["split"]


def test_scaled_is_deterministic(scaled, tmp_path):
    out, planted = scaled[50]
    assert write_demo_data(tmp_path, n_buurten=50) == planted
    for path in sorted(out.iterdir()):
        if path.suffix != ".gpkg":
            assert path.read_bytes() == (tmp_path / path.name).read_bytes(), path.name


def test_scaled_sizes_and_refusals():
    from veerkracht_lib.demo import scaled_gemeenten

    assert scaled_gemeenten(14_000) == (14_000, 340)
    assert scaled_gemeenten(300) == (300, 5)
    assert scaled_gemeenten(n_gemeenten=10) == (412, 10)
    with pytest.raises(ValueError, match="too few"):
        scaled_gemeenten(100, 20)
    with pytest.raises(ValueError, match="too many"):
        scaled_gemeenten(5_000, 5)
    with pytest.raises(ValueError, match="n_gemeenten"):
        scaled_gemeenten(1_000_000, 2_000)


def test_wijken_layer_names_the_wijken_as_the_kerncijfers_do(out):
    """The newer maps carry a ``wijken`` layer (as the official GeoPackage); its names and those of
    the Kerncijfers' wijk rows are the same."""
    wijken = gpd.read_file(out / f"wijkenbuurten_{LAST}_v1.gpkg", layer="wijken")
    table = pd.read_csv(out / f"kwb_{LAST}_DEMO.csv", dtype=str, keep_default_na=False)
    kwb = table[table["SoortRegio_2"].str.strip() == "Wijk"]
    assert dict(zip(wijken["wijkcode"], wijken["wijknaam"])) == dict(
        zip(kwb["Codering_3"].str.strip(), kwb["WijkenEnBuurten"]))
    buurten = read_buurten(out, LAST)
    assert set(wijken["wijkcode"]) == set(buurten["wk_code"])
    assert wijken["wijknaam"].str.match(r"^Wijk \d\d \S").all()


def test_wijk_names_come_from_the_map_else_from_the_kerncijfers(demo_data, tmp_path):
    from veerkracht_lib.config import parse_config
    from veerkracht_lib.sources.inputs import load_inputs

    from conftest import demo_raw

    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    gpkg = data / f"wijkenbuurten_{LAST}_v1.gpkg"
    wijken = gpd.read_file(gpkg, layer="wijken")
    config = parse_config(demo_raw(data), slug="voorbeeldregio")
    # the map's name wins where map and table differ
    renamed = wijken.assign(wijknaam=wijken["wijknaam"].where(wijken["wijkcode"] != "WK990105", "Wijk 05 Hart"))
    renamed.to_file(gpkg, layer="wijken", mode="w")
    target = load_inputs(config).target.set_index("code")
    expected = dict(zip(renamed["wijkcode"], renamed["wijknaam"]))
    assert (target["wk_naam"] == target["wk_code"].map(expected)).all()
    # without the wijken layer the Kerncijfers name every wijk
    buurten = gpd.read_file(gpkg, layer="buurten")
    gpkg.unlink()
    buurten.to_file(gpkg, layer="buurten")
    target = load_inputs(config).target
    assert (target["wk_naam"] == target["wk_code"].map(dict(zip(wijken["wijkcode"], wijken["wijknaam"])))).all()
