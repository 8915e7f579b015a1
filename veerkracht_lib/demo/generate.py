"""Generation and assembly: one region or a scaled demo of clusters, written by `write_demo_data`."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .figures import (
    _buurt_figures,
    _drift,
    _on_more_edges,
    _on_the_edges,
    _population,
    _suppression,
)
from .layout import Layout, _layout
from .planting import _atoms, _plant, _split_in_three
from .regions import (
    _CENTRE,
    _GM_CODE_BASE,
    _GM_ENDS,
    _GM_PREFIXES,
    _MAX_CLUSTER_CELLS,
    _MAX_GEMEENTEN,
    _N_CELLS,
    _NAME_STEMS,
    _NATIONAL_CENTRE,
    _RADII,
    _ROLES,
    _SCALED_CELL,
    _SCALED_DETAIL,
    CLUSTER_BUURTEN,
    DEFAULT_SEED,
    DEMO_REGION,
    DEMO_YEARS,
    DRIFT,
    MERGE_YEAR,
    REGION_NAME,
    SCALED_REGION_NAME,
    SPLIT_YEAR,
    THREE_WAY_YEAR,
    Region,
)
from .writers import (
    _readme,
    _write_buurtkaart,
    _write_kwb,
    _write_leefbaarometer,
    _year_buurten,
)


@dataclass
class Part:
    """One generated region: its spec, layout, planted cells, atoms, values and suppression."""

    region: Region
    layout: Layout
    cells: dict
    atoms: pd.DataFrame
    values: pd.DataFrame
    suppressed: dict


def _generate(rng: np.random.Generator, region: Region) -> Part:
    layout = _layout(rng, region)
    cells = _plant(layout, rng, region)
    atoms = _atoms(layout, cells, rng, region)
    values = _population(atoms, rng, region)
    suppressed = _suppression(atoms, values, cells, rng)
    cells["onv_edges"] = _on_the_edges(atoms, values)
    if region is DEMO_REGION:  # the harder cases of the Voorbeeldregio only: the scaled demo stays as benchmarked
        atoms, values = _split_in_three(atoms, values, cells, suppressed, region)
        _drift(atoms, values, region.urban)
        cells.update(_on_more_edges(atoms, values, set(cells["onv_edges"]), suppressed))
    return Part(region, layout, cells, atoms, values, suppressed)


def scaled_gemeenten(n_buurten: int | None = None, n_gemeenten: int | None = None) -> tuple[int, int]:
    """The (buurten, gemeenten) of a scaled demo; the missing one follows from `CLUSTER_BUURTEN`.

    Raises ValueError for a size the generator cannot make (each cluster of up to five
    gemeenten needs at least 40 buurten and 8 per gemeente, and holds at most 800).
    """
    if n_buurten is None and n_gemeenten is None:
        raise ValueError("give n_buurten and/or n_gemeenten")
    if n_gemeenten is None:
        n_gemeenten = 5 * max(1, round(n_buurten / CLUSTER_BUURTEN))
    if n_buurten is None:
        n_buurten = max(40, round(n_gemeenten * CLUSTER_BUURTEN / 5))
    n_buurten, n_gemeenten = int(n_buurten), int(n_gemeenten)
    if not 1 <= n_gemeenten <= _MAX_GEMEENTEN:
        raise ValueError(f"n_gemeenten must be 1 to {_MAX_GEMEENTEN}, got {n_gemeenten}")
    clusters = math.ceil(n_gemeenten / 5)
    least = max(40 * clusters, 8 * n_gemeenten)
    if n_buurten < least:
        raise ValueError(f"n_buurten={n_buurten} is too few for {n_gemeenten} gemeenten; give at least {least}")
    if n_buurten > _MAX_CLUSTER_CELLS * clusters:
        raise ValueError(f"n_buurten={n_buurten} is too many for {n_gemeenten} gemeenten (at most "
                         f"{_MAX_CLUSTER_CELLS} buurten per 5 gemeenten); give more gemeenten")
    return n_buurten, n_gemeenten


def _split_evenly(total: int, weights: list) -> list:
    """``total`` divided in proportion to ``weights`` (largest remainders get the rest)."""
    exact = [total * w / sum(weights) for w in weights]
    out = [math.floor(e) for e in exact]
    for i in sorted(range(len(exact)), key=lambda i: (out[i] - exact[i], i))[:total - sum(out)]:
        out[i] += 1
    return out


def _gemeente_names(seed: int, n: int) -> list:
    """``n`` unique fictional gemeente names (coastal word + place ending)."""
    rng = np.random.default_rng([seed, 1])
    names = []
    for prefix in _GM_PREFIXES:
        names += [prefix + name for name in rng.permutation(sorted(s + e for s in _NAME_STEMS for e in _GM_ENDS))]
    return names[:n]


def _scaled_regions(seed: int, n_buurten: int, n_gemeenten: int) -> list:
    """The cluster specs of a scaled demo, placed on a staggered grid in the North Sea."""
    clusters = math.ceil(n_gemeenten / 5)
    per_cluster = _split_evenly(n_gemeenten, [1] * clusters)
    cells = _split_evenly(n_buurten, per_cluster)
    names = iter(_gemeente_names(seed, n_gemeenten))
    scales = [_SCALED_CELL * math.sqrt(c / _N_CELLS) for c in cells]
    # outlines reach at most 1.15 radii from their centre; a 3 km strait between clusters
    rx, ry = 1.15 * _RADII[0] * max(scales), 1.15 * _RADII[1] * max(scales)
    px, py = 2 * rx + 3_000, 1.8 * ry + 3_000
    ncols = max(1, round(math.sqrt(clusters * py / px)))
    nrows = math.ceil(clusters / ncols)
    x0 = _NATIONAL_CENTRE[0] - (ncols - 1) / 2 * px - (px / 4 if nrows > 1 else 0)
    y0 = _NATIONAL_CENTRE[1] + (nrows - 1) / 2 * py
    regions, number = [], _GM_CODE_BASE
    for k, (n_gm, n_cells, scale) in enumerate(zip(per_cluster, cells, scales)):
        row, col = divmod(k, ncols)
        centre = _CENTRE if clusters == 1 else (
            round(x0 + col * px + (px / 2 if row % 2 else 0.0), 2), round(y0 - row * py, 2))
        gemeenten = {f"GM{number + j}": (next(names), _ROLES[j], None) for j in range(n_gm)}
        number += n_gm
        ratio = n_cells / _N_CELLS
        regions.append(Region(
            gemeenten=gemeenten, n_cells=n_cells, centre=centre, scale=scale, cell=_SCALED_CELL,
            sizes=(max(3, round(13 * ratio)), max(2, round(10 * ratio)), max(2, round(8 * ratio))),
            detail=_SCALED_DETAIL,
        ))
    return regions


def _generate_cluster(seed: int, k: int, region: Region, attempts: int = 25) -> Part:
    """Cluster ``k``, with its own random stream; a layout the planting cannot use is redrawn."""
    for attempt in range(attempts):
        try:
            return _generate(np.random.default_rng([seed, 2, k, attempt]), region)
        except RuntimeError:
            continue
    raise RuntimeError(f"demo cluster {k} ({', '.join(region.codes)}) could not be generated in "
                       f"{attempts} attempts; try another seed or size")


def _combine(parts: list) -> tuple:
    """Atoms, values, base cells, suppression, wijk names and gemeente names of all parts."""
    if len(parts) == 1:
        part = parts[0]
        return (part.atoms, part.values, part.layout.cells, part.suppressed, part.layout.wijk_naam,
                {gm: part.region.name(gm) for gm in part.region.codes})
    atoms, values, cells, wijk_naam, gemeenten = [], [], [], {}, {}
    suppressed = {y: {} for y in DEMO_YEARS}
    for part in parts:
        a = part.atoms.copy()
        v = part.values.copy()
        offset = sum(len(x) for x in atoms)
        a.index = a.index + offset
        a["cell"] = a["cell"] + len(cells)
        v["atom"] = v["atom"] + offset
        atoms.append(a)
        values.append(v)
        cells.extend(part.layout.cells)
        for y in DEMO_YEARS:
            suppressed[y].update(part.suppressed[y])
        wijk_naam.update(part.layout.wijk_naam)
        gemeenten.update({gm: part.region.name(gm) for gm in part.region.codes})
    return (pd.concat(atoms), pd.concat(values, ignore_index=True), cells, suppressed, wijk_naam, gemeenten)


def write_demo_data(out_dir: Path, seed: int = DEFAULT_SEED, n_buurten: int | None = None,
                    n_gemeenten: int | None = None) -> dict:
    """Write the demo region's files into ``out_dir`` and return the planted structure.

    The same seed gives byte-identical CSV/JSON/README files and identical GeoPackage
    contents. The returned dict equals the content of ``planted.json``.

    With ``n_buurten`` and/or ``n_gemeenten`` a scaled demo is written instead (see
    `scaled_gemeenten`): clusters of five gemeenten (GM9001, GM9002, ...) of about
    `CLUSTER_BUURTEN` buurten each, every cluster with the demo's planted structure.
    Its ``planted.json`` lists every cluster under ``clusters``; the top-level area lists
    (focus, resilient, worsening, rural gemeenten, suppressed) hold all clusters, the single
    buurten (split, merged, tiny, ...) are the first cluster's.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if n_buurten is None and n_gemeenten is None:
        parts = [_generate(np.random.default_rng(seed), DEMO_REGION)]
    else:
        n_buurten, n_gemeenten = scaled_gemeenten(n_buurten, n_gemeenten)
        regions = _scaled_regions(seed, n_buurten, n_gemeenten)
        parts = [_generate_cluster(seed, k, region) for k, region in enumerate(regions)]
    atoms, values, cells, suppressed, wijk_naam, gemeenten = _combine(parts)

    files = []
    n_per_year = {}
    for y in DEMO_YEARS:
        buurten = _year_buurten(atoms, cells, y)
        figures = _buurt_figures(atoms, values, y)
        n_per_year[str(y)] = len(buurten)
        files.append(_write_buurtkaart(out_dir, buurten, figures, suppressed[y], wijk_naam, y, gemeenten))
        files.append(_write_kwb(out_dir, buurten, figures, suppressed[y], wijk_naam, y, gemeenten))
    files += _write_leefbaarometer(out_dir, atoms, values, buurten)

    if len(parts) == 1 and parts[0].region is DEMO_REGION:
        planted = _planted_dict(atoms, parts[0].cells, suppressed, seed, n_per_year)
    else:
        planted = _scaled_planted(parts, seed, n_per_year)
    planted["files"] = sorted(files + ["README.txt", "planted.json"])
    (out_dir / "planted.json").write_text(
        json.dumps(planted, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / "README.txt").write_text(_readme(seed, parts), encoding="utf-8")
    return planted


def _scaled_planted(parts: list, seed: int, n_buurten: dict) -> dict:
    """planted.json of a scaled demo: every cluster's structure, and the lists of all together."""
    clusters = []
    for part in parts:
        counts = {str(y): int(part.atoms[f"code_{y}"].nunique()) for y in DEMO_YEARS}
        one = _planted_dict(part.atoms, part.cells, part.suppressed, seed, counts, part.region)
        for key in ("region", "seed", "years"):
            del one[key]
        clusters.append(one)
    planted = {key: value for key, value in clusters[0].items()}  # the single buurten: the first cluster's
    for key in ("focus", "resilient", "worsening", "rural_gemeenten", "suppressed"):
        planted[key] = sorted(c for one in clusters for c in one[key])
    planted["suppressed_by_year"] = {
        y: sorted(c for one in clusters for c in one["suppressed_by_year"][y]) for y in clusters[0]["suppressed_by_year"]}
    planted["gemeenten"] = {gm: name for one in clusters for gm, name in one["gemeenten"].items()}
    planted.update(region=SCALED_REGION_NAME, seed=seed, years=list(DEMO_YEARS), n_buurten=n_buurten,
                   clusters=clusters)
    return planted


def _planted_dict(atoms: pd.DataFrame, cells: dict, suppressed: dict, seed: int,
                  n_buurten: dict, region: Region = DEMO_REGION) -> dict:
    """The planted structure in buurt codes (stable codes for the planted areas)."""
    first, last = DEMO_YEARS[0], DEMO_YEARS[-1]

    def codes(role, year=last):
        return sorted(set(atoms.loc[atoms["role"] == role, f"code_{year}"]))

    split = atoms[atoms["cell"] == cells["split"]]
    merged = atoms[atoms["cell"].isin(cells["merged"])]
    tiny = codes("tiny")[0]
    no_corp = atoms.loc[atoms["cell"] == cells["no_corporatie"], f"code_{last}"].iloc[0]
    by_year = {
        str(y): sorted(c for c in sup if c not in (tiny, no_corp))
        for y, sup in suppressed.items()
    }
    planted = {
        "region": REGION_NAME,
        "seed": seed,
        "years": list(DEMO_YEARS),
        "n_buurten": n_buurten,
        "gemeenten": {gm: region.name(gm) for gm in region.codes},
        "urban_gemeente": region.urban,
        "focus_gemeente": region.urban,
        "resilient_gemeente": region.urban,
        "worsening_gemeente": region.town,
        "rural_gemeenten": sorted(g for g in region.codes if region.role(g) == "rural"),
        "focus": codes("focus"),
        "resilient": codes("resilient"),
        "worsening": codes("worsening"),
        "split": {"old": split[f"code_{first}"].iloc[0], "new": sorted(split[f"code_{last}"]),
                  "year": SPLIT_YEAR},
        "merged": {"old": sorted(merged[f"code_{first}"]), "new": merged[f"code_{last}"].iloc[0],
                   "year": MERGE_YEAR},
        "tiny": tiny,
        "corporatie_missing": no_corp,
        "suppressed": sorted({c for cs in by_year.values() for c in cs}),
        "suppressed_by_year": by_year,
        # buurt code -> its onv in every year, on or just below a map-1 class edge
        "onv_edges": {atoms.at[atom, f"code_{last}"]: onv for atom, onv in cells.get("onv_edges", {}).items()},
    }
    if "three_way" not in cells:  # a scaled cluster
        return planted
    three = atoms[atoms["cell"] == atoms.at[cells["three_way"], "cell"]]
    planted.update({
        "three_way": {"old": three[f"code_{first}"].iloc[0], "new": sorted(three[f"code_{last}"]), "year": THREE_WAY_YEAR},
        "drift": {"gemeente": region.urban, "d_onv": -DRIFT},
        # buurt code -> its d_onv (onv 0 in the base year), on or just below a map-5 class edge
        "d_onv_edges": {atoms.at[a, f"code_{last}"]: v for a, v in cells["d_onv"].items()},
        # buurt code -> its planted index (every year), 1 point beside a map-2 class edge
        "kwetsbaar_edges": {atoms.at[a, f"code_{last}"]: v for a, v in cells["kwetsbaar"].items()},
        # buurt code -> its planted d_kwetsbaar (index 100 in the base year), 1 point beside a map-6 class edge
        "d_kwetsbaar_edges": {atoms.at[a, f"code_{last}"]: v for a, v in cells["d_kwetsbaar"].items()},
    })
    return planted
