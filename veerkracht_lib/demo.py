"""Seeded generator of the fictional demo region "Voorbeeldregio".

``write_demo_data(out_dir)`` writes synthetic files in the *official* formats (see
``docs/contracts.md``) so that the demo runs through the same loaders as real data:

- ``buurt_{jaar}_v1.gpkg`` (2014-2018, older upper-case CBS style) and
  ``wijkenbuurten_{jaar}_v1.gpkg`` (2020-2022, layer ``buurten``, newer style), EPSG:28992;
- ``kwb_{jaar}_DEMO.csv``: Kerncijfers wijken en buurten as ``cbsodata`` returns them
  (numeric column suffixes differ per year, padded codes, a ``Nederland`` row, empty cells
  for suppressed values);
- ``Leefbaarometer-scores buurten 2014-2022.csv`` and ``Leefbaarometer buurten 2022.gpkg``
  (Leefbaarometer 3.0 layout, all years on the 2022 indeling);
- ``planted.json`` (the structure planted on purpose, for tests) and ``README.txt``.

The region is a tessellation of Voronoi cells in the North Sea west of the Dutch coast, so
that it is obviously fictional on a base map. Gemeente codes GM9901-GM9905 do not exist.
Planted: a focus area (high vulnerability, much overlast, corporatiebuurten), a resilient
area (vulnerability rises, overlast improves), a worsening area (vulnerability stable,
overlast worsens), two well-off rural gemeenten, a split buurt, a merger, a tiny buurt and
CBS-style suppressed values. Everything else is mild noise around the national average.
"""

from __future__ import annotations

import csv
import heapq
import json
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import LineString, MultiPoint, Polygon
from shapely.ops import split as split_polygon

from veerkracht_lib.schema import CRS, NEDERLAND

__all__ = ["DEMO_YEARS", "DEMO_GEMEENTEN", "DEFAULT_SEED", "REGION_NAME", "write_demo_data"]

DEMO_YEARS = (2014, 2016, 2018, 2020, 2022)
DEMO_GEMEENTEN = ("GM9901", "GM9902", "GM9903", "GM9904", "GM9905")
DEFAULT_SEED = 20260101
REGION_NAME = "Voorbeeldregio"

SPLIT_YEAR = 2018  # the split buurt has its two new codes from this year on
MERGE_YEAR = 2020  # the merged buurt has its new code from this year on
TINY_INHABITANTS = 40
LBM_NL_MEAN = 4.102265  # lbm - afw in the real LBM 3.0 files (the same every year)
CBS_OLD_MISSING = -99999997  # sentinel for suppressed values in older Wijk- en Buurtkaarten

_N_CELLS = 230
_CENTRE = (22_500.0, 495_000.0)  # RD New, in the North Sea off the Holland coast
_RADII = (18_500.0, 21_000.0)
_CITY = (_CENTRE[0] - 5_000.0, _CENTRE[1] + 4_000.0)

#: gemeente code -> (name, role, number of wijken)
_GEMEENTEN = {
    "GM9901": ("Kwelderhaven", "urban", 6),
    "GM9902": ("Geulmonde", "town", 4),
    "GM9903": ("Plaatwolde", "town", 3),
    "GM9904": ("Schorrekerke", "rural", 2),
    "GM9905": ("Helmduinen", "rural", 3),
}

#: national rows of the Kerncijfers per year (rounded public CBS magnitudes)
_NEDERLAND = {
    2014: dict(inwoners=16_829_289, huishoudens=7_588_143, woningen=7_534_763,
               corporatie_pct=31.0, bijstand=388_150, laag_inkomen_pct=8.7),
    2016: dict(inwoners=16_979_120, huishoudens=7_703_174, woningen=7_641_323,
               corporatie_pct=30.2, bijstand=434_320, laag_inkomen_pct=8.4),
    2018: dict(inwoners=17_181_084, huishoudens=7_807_734, woningen=7_740_984,
               corporatie_pct=29.4, bijstand=443_060, laag_inkomen_pct=8.2),
    2020: dict(inwoners=17_407_585, huishoudens=7_926_814, woningen=7_892_280,
               corporatie_pct=29.0, bijstand=418_880, laag_inkomen_pct=8.0),
    2022: dict(inwoners=17_590_672, huishoudens=8_015_810, woningen=8_046_000,
               corporatie_pct=28.7, bijstand=404_590, laag_inkomen_pct=7.9),
}

#: canonical variable -> cbsodata column per year (CBS renumbers the suffixes every year)
_KWB_COLUMNS = {
    2014: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_28",
               woningen="Woningvoorraad_31", corporatie_pct="InBezitWoningcorporatie_37",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_69",
               bijstand="PersonenPerSoortUitkeringBijstand_76"),
    2016: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_28",
               woningen="Woningvoorraad_34", corporatie_pct="InBezitWoningcorporatie_40",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_72",
               bijstand="PersonenPerSoortUitkeringBijstand_79"),
    2018: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_28",
               woningen="Woningvoorraad_34", corporatie_pct="InBezitWoningcorporatie_40",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_74",
               bijstand="PersonenPerSoortUitkeringBijstand_81"),
    2020: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_29",
               woningen="Woningvoorraad_35", corporatie_pct="InBezitWoningcorporatie_41",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_77",
               bijstand="PersonenPerSoortUitkeringBijstand_85"),
    2022: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_29",
               woningen="Woningvoorraad_36", corporatie_pct="InBezitWoningcorporatie_42",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_78",
               bijstand="PersonenPerSoortUitkeringBijstand_86"),
}
_COUNTS = ("inwoners", "huishoudens", "woningen", "bijstand")

# Fictional Dutch-sounding name parts (coastal words; combinations are no real places).
_NAME_STEMS = (
    "Aalscholver", "Anker", "Baken", "Bergeend", "Boeien", "Botter", "Duinroos", "Ebbe",
    "Eider", "Garnalen", "Getijden", "Helmgras", "Jutters", "Kaap", "Kluut", "Kokkel",
    "Kompas", "Kotter", "Kwelder", "Lamsoor", "Lepelaar", "Logger", "Loods", "Meeuwen",
    "Mossel", "Netten", "Oester", "Plaat", "Priel", "Reders", "Roer", "Schelpen", "Schippers",
    "Schor", "Slenk", "Slik", "Sternen", "Stormvogel", "Strandloper", "Tureluur", "Vissers",
    "Vloed", "Wier", "Wulpen", "Zandbank", "Zeeaster", "Zeehond", "Zeekraal", "Zeewind", "Zilt",
)
_URBAN_ENDS = ("buurt", "erf", "hof", "hoek", "kade", "kwartier", "park", "plein", "veld", "weide")
_VILLAGE_ENDS = ("dorp", "hoeve", "horn", "kerke", "oord", "wolde", "zand", "zijl")
_COMPASS = ("Oost", "Noordoost", "Noord", "Noordwest", "West", "Zuidwest", "Zuid", "Zuidoost")


# --------------------------------------------------------------------------------------
# geometry and administrative layout


@dataclass
class _Layout:
    """The base tessellation: one cell per 2014 buurt, with gemeente and wijk."""

    outline: Polygon
    cells: list  # shapely Polygons
    points: np.ndarray  # generator point per cell, shape (n, 2)
    rook: list  # set of edge-sharing neighbours per cell
    gm: list  # gemeente code per cell
    wijk: list  # wijk number (1-based, within the gemeente) per cell
    wijk_naam: dict  # (gm, wijk) -> name


def _outline(rng: np.random.Generator) -> Polygon:
    """A smooth island-like outline around ``_CENTRE``."""
    theta = np.linspace(0.0, 2 * np.pi, 120, endpoint=False)
    radius = np.ones_like(theta)
    for k, amp in zip((2, 3, 4), rng.uniform(0.025, 0.05, 3)):
        radius += amp * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    x = _CENTRE[0] + _RADII[0] * radius * np.cos(theta)
    y = _CENTRE[1] + _RADII[1] * radius * np.sin(theta)
    return shapely.set_precision(Polygon(np.column_stack([x, y])), 0.01)


def _seed_points(rng: np.random.Generator, outline: Polygon, n: int) -> np.ndarray:
    """``n`` points, dense around the city and sparse in the countryside."""
    xmin, ymin, xmax, ymax = outline.bounds
    city = np.array(_CITY)
    points = np.empty((0, 2))
    for _ in range(200 * n):
        if rng.random() < 0.45:
            p = city + rng.normal(0.0, 3_200.0, 2)
        else:
            p = np.array([rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)])
        if not shapely.contains_xy(outline, p[0], p[1]):
            continue
        spacing = min(450.0 + 0.11 * np.hypot(*(p - city)), 2_300.0)
        if len(points) and np.min(np.hypot(*(points - p).T)) < spacing:
            continue
        points = np.vstack([points, p])
        if len(points) == n:
            return np.round(points, 1)
    raise RuntimeError("could not place the demo seed points")


def _tessellate(points: np.ndarray, outline: Polygon) -> list:
    """Voronoi cells of ``points`` clipped to ``outline``: a gap-free, single-part tiling."""
    vor = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline, ordered=True)
    # snapping to a 1 cm grid keeps shared edges identical in both neighbours
    cells = [shapely.set_precision(c.intersection(outline), 0.01) for c in vor.geoms]
    if any(c.geom_type != "Polygon" for c in cells):  # the coast is too wavy for this seed
        raise RuntimeError("a demo buurt fell apart when clipped to the coast")
    return cells


def _adjacency(cells: list) -> list:
    """Rook neighbours (cells sharing an edge of more than 1 m)."""
    tree = shapely.STRtree(cells)
    left, right = tree.query(cells, predicate="intersects")
    rook = [set() for _ in cells]
    for i, j in zip(left.tolist(), right.tolist()):
        if i < j and cells[i].intersection(cells[j]).length > 1.0:
            rook[i].add(j)
            rook[j].add(i)
    return rook


def _grow(rook: list, points: np.ndarray, seeds: dict, allowed: set, sizes: dict | None = None) -> dict:
    """Grow contiguous regions from seed cells, nearest seed first (a Dijkstra-like flood).

    ``seeds`` maps a label to (seed cell, centre xy); ``sizes`` optionally caps the number of
    cells per label. Returns cell -> label; every region is rook-contiguous by construction.
    """
    labels = sorted(seeds)
    heap = [(0.0, k, seeds[lab][0]) for k, lab in enumerate(labels)]
    heapq.heapify(heap)
    assigned: dict = {}
    count = {lab: 0 for lab in labels}
    while heap:
        _, k, cell = heapq.heappop(heap)
        lab = labels[k]
        if cell in assigned or (sizes and count[lab] >= sizes[lab]):
            continue
        assigned[cell] = lab
        count[lab] += 1
        centre = np.asarray(seeds[lab][1])
        for nb in sorted(rook[cell]):
            if nb in allowed and nb not in assigned:
                heapq.heappush(heap, (float(np.hypot(*(points[nb] - centre))), k, nb))
    return assigned


def _nearest(points: np.ndarray, xy, among) -> int:
    among = sorted(among)
    d = np.hypot(*(points[among] - np.asarray(xy)).T)
    return among[int(np.argmin(d))]


def _layout(rng: np.random.Generator) -> _Layout:
    """Outline, Voronoi buurten, 5 contiguous gemeenten and 2-6 contiguous wijken each."""
    outline = _outline(rng)
    points = _seed_points(rng, outline, _N_CELLS)
    cells = _tessellate(points, outline)
    rook = _adjacency(cells)
    everything = set(range(len(cells)))

    # gemeente centres: the city, and four around it at ~13 km from the region centre
    base = np.arctan2(_CITY[1] - _CENTRE[1], _CITY[0] - _CENTRE[0])
    centres = {"GM9901": _CITY}
    for k, code in zip((1, 4, 2, 3), ("GM9902", "GM9903", "GM9904", "GM9905")):
        a = base + k * 2 * np.pi / 5
        centres[code] = (_CENTRE[0] + 13_500 * np.cos(a), _CENTRE[1] + 15_000 * np.sin(a))
    seeds = {gm: (_nearest(points, xy, everything), xy) for gm, xy in centres.items()}
    gm_of = _grow(rook, points, seeds, everything)

    wijk_of: dict = {}
    wijk_naam: dict = {}
    for gm, (_, _, n_wijken) in _GEMEENTEN.items():
        members = {c for c, g in gm_of.items() if g == gm}
        wcentres = _kmeans(points[sorted(members)], n_wijken, centres[gm])
        # number wijken from north-west to south-east
        wcentres = sorted(wcentres.tolist(), key=lambda xy: (-round(xy[1], -3), xy[0]))
        wseeds = {w + 1: (_nearest(points, xy, members), xy) for w, xy in enumerate(wcentres)}
        for cell, w in _grow(rook, points, wseeds, members).items():
            wijk_of[cell] = w
        wijk_naam.update(_wijk_names(gm, wseeds, centres[gm]))

    n = len(cells)
    return _Layout(outline, cells, points, rook, [gm_of[i] for i in range(n)],
                   [wijk_of[i] for i in range(n)], wijk_naam)


def _kmeans(pts: np.ndarray, k: int, start) -> np.ndarray:
    """Lloyd's k-means with a farthest-point start: centres that split ``pts`` in similar counts."""
    chosen = [int(np.argmin(np.hypot(*(pts - np.asarray(start)).T)))]
    while len(chosen) < k:
        d = np.min([np.hypot(*(pts - pts[c]).T) for c in chosen], axis=0)
        chosen.append(int(np.argmax(d)))
    centres = pts[chosen].copy()
    for _ in range(25):
        label = np.argmin(np.hypot(pts[:, None, 0] - centres[None, :, 0],
                                   pts[:, None, 1] - centres[None, :, 1]), axis=1)
        for j in range(k):
            if np.any(label == j):
                centres[j] = pts[label == j].mean(axis=0)
    return centres


def _wijk_names(gm: str, wseeds: dict, centre) -> dict:
    """'Centrum' for the wijk at the gemeente centre, compass words for the others."""
    names = {}
    for w, (cell, xy) in sorted(wseeds.items()):
        dx, dy = xy[0] - centre[0], xy[1] - centre[1]
        if np.hypot(dx, dy) < 1_500:
            word = "Centrum"
        else:
            word = _COMPASS[int(np.round(np.arctan2(dy, dx) / (np.pi / 4))) % 8]
        if word in names.values():
            word = f"{word} {w}"
        names[(gm, w)] = word
    return names


# --------------------------------------------------------------------------------------
# planted structure, codes and names


def _plant(layout: _Layout, rng: np.random.Generator) -> dict:
    """Choose the cells of the planted areas and the special buurten (by cell index)."""
    pts, rook = layout.points, layout.rook
    urban = {i for i, g in enumerate(layout.gm) if g == "GM9901"}

    def halo(cells):
        return set(cells) | {nb for c in cells for nb in rook[c]}

    def area(xy, allowed, size):
        seed = _nearest(pts, xy, allowed)
        grown = _grow(rook, pts, {0: (seed, pts[seed])}, allowed, {0: size})
        if len(grown) < size:
            raise RuntimeError("planted area could not grow to its size")
        return sorted(grown)

    focus = area((_CITY[0] - 2_500, _CITY[1] - 2_000), urban, 13)
    taken = halo(focus)
    resilient = area((_CITY[0] + 4_000, _CITY[1] + 3_000), urban - taken, 10)
    taken |= halo(resilient)
    town = {i for i, g in enumerate(layout.gm) if g == "GM9902"}
    town_centre = np.mean(pts[sorted(town)], axis=0)
    worsening = area(town_centre, town - taken, 8)
    taken |= halo(worsening)

    rural = {i for i, g in enumerate(layout.gm) if _GEMEENTEN[g][1] == "rural"}
    free = sorted(set(range(len(layout.cells))) - taken - rural)
    areas = {i: layout.cells[i].area for i in free}
    # the split buurt: the largest free cell of a town gemeente
    split = max((c for c in free if layout.gm[c] == "GM9903"), key=lambda c: (areas[c], c))
    taken |= halo([split])
    free = [c for c in free if c not in taken]
    # the merger: the smallest pair of free neighbours in one wijk
    pairs = [(areas[a] + areas[b], a, b) for a in free for b in sorted(rook[a])
             if b in areas and b > a and b not in taken
             and (layout.gm[a], layout.wijk[a]) == (layout.gm[b], layout.wijk[b])]
    _, ma, mb = min(pairs)
    taken |= halo([ma, mb])
    free = [c for c in free if c not in taken]
    # the tiny buurt: the smallest remaining urban cell (a harbour or industrial estate)
    tiny = min((c for c in free if layout.gm[c] == "GM9901"), key=lambda c: (areas[c], c))
    free = [c for c in free if c != tiny]
    no_corporatie = int(rng.choice(free))
    return dict(focus=focus, resilient=resilient, worsening=worsening, split=split,
                merged=[ma, mb], tiny=tiny, no_corporatie=no_corporatie)


def _buurt_names(layout: _Layout, rng: np.random.Generator) -> list:
    """A unique fictional name per cell; villages outside the city."""
    urban = sorted(s + e for s in _NAME_STEMS for e in _URBAN_ENDS)
    village = sorted(s + e for s in _NAME_STEMS for e in _VILLAGE_ENDS)
    urban = list(rng.permutation(urban))
    village = list(rng.permutation(village))
    used = set()
    names = []
    for i, gm in enumerate(layout.gm):
        pool = urban if gm == "GM9901" or rng.random() < 0.4 else village
        while pool[-1] in used or pool[-1] in {v[0] for v in _GEMEENTEN.values()}:
            pool.pop()
        names.append(pool.pop())
        used.add(names[-1])
    return names


def _atoms(layout: _Layout, cells: dict, rng: np.random.Generator) -> pd.DataFrame:
    """The smallest units: base cells, with the split cell replaced by its two halves.

    Columns: ``cell, role, gm, wijk, geometry`` and per year ``code_{jaar}, naam_{jaar}``.
    """
    names = _buurt_names(layout, rng)
    roles = {c: "noise" for c in range(len(layout.cells))}
    for i, g in enumerate(layout.gm):
        if _GEMEENTEN[g][1] == "rural":
            roles[i] = "rural"
    for key in ("focus", "resilient", "worsening"):
        roles.update({c: key for c in cells[key]})
    roles[cells["tiny"]] = "tiny"

    # codes: buurt numbers within the wijk, north-west to south-east
    code = {}
    next_nr = {}
    for gm in DEMO_GEMEENTEN:
        for w in sorted({layout.wijk[i] for i, g in enumerate(layout.gm) if g == gm}):
            members = [i for i, g in enumerate(layout.gm) if g == gm and layout.wijk[i] == w]
            members.sort(key=lambda c: (-round(layout.points[c][1], -2), layout.points[c][0]))
            for nr, c in enumerate(members, start=1):
                code[c] = f"BU{gm[2:]}{w:02d}{nr:02d}"
            next_nr[(gm, w)] = len(members) + 1

    rows = []
    for c, cell in enumerate(layout.cells):
        gm, w = layout.gm[c], layout.wijk[c]
        base = dict(cell=c, role=roles[c], gm=gm, wijk=w)
        if c == cells["split"]:
            for k, (half, suffix) in enumerate(_halves(cell)):
                new = f"BU{gm[2:]}{w:02d}{next_nr[(gm, w)] + k:02d}"
                row = dict(base, geometry=half)
                for y in DEMO_YEARS:
                    old = y < SPLIT_YEAR
                    row[f"code_{y}"] = code[c] if old else new
                    row[f"naam_{y}"] = names[c] if old else f"{names[c]} {suffix}"
                rows.append(row)
            next_nr[(gm, w)] += 2
            continue
        row = dict(base, geometry=cell)
        for y in DEMO_YEARS:
            row[f"code_{y}"], row[f"naam_{y}"] = code[c], names[c]
        rows.append(row)

    atoms = pd.DataFrame(rows)
    a, b = cells["merged"]
    gm, w = layout.gm[a], layout.wijk[a]
    merged_code = f"BU{gm[2:]}{w:02d}{next_nr[(gm, w)]:02d}"
    merged_name = f"{names[a]} en {names[b]}"
    for y in DEMO_YEARS:
        if y >= MERGE_YEAR:
            atoms.loc[atoms["cell"].isin([a, b]), [f"code_{y}", f"naam_{y}"]] = [merged_code, merged_name]
    return atoms


def _halves(cell: Polygon) -> list:
    """Cut a cell along its most balanced diagonal: [(half, 'Noord'|'West'), (half, 'Zuid'|'Oost')].

    Cutting between existing vertices adds no vertex to the boundary, so the neighbours'
    shared edges stay exact.
    """
    corners = list(cell.exterior.coords)[:-1]
    best = None
    for i in range(len(corners)):
        for j in range(i + 2, len(corners) - (1 if i == 0 else 0)):
            parts = list(split_polygon(cell, LineString([corners[i], corners[j]])).geoms)
            if len(parts) != 2:
                continue
            balance = abs(parts[0].area - parts[1].area)
            if best is None or balance < best[0]:
                best = (balance, parts)
    if best is None:
        raise RuntimeError("the split buurt could not be divided")
    a, b = best[1]
    (ax, ay), (bx, by) = a.centroid.coords[0], b.centroid.coords[0]
    if abs(ay - by) >= abs(ax - bx):
        return [(a, "Noord"), (b, "Zuid")] if ay > by else [(b, "Noord"), (a, "Zuid")]
    return [(a, "West"), (b, "Oost")] if ax < bx else [(b, "West"), (a, "Oost")]


# --------------------------------------------------------------------------------------
# population, key figures and Leefbaarometer scores per atom and year


def _nl_rates(year: int) -> tuple[float, float]:
    """National bijstand per inhabitant and low-income percentage (as the files give them)."""
    nl = _NEDERLAND[year]
    return nl["bijstand"] / nl["inwoners"], nl["laag_inkomen_pct"]


def _profile(role: str, gm: str, rng: np.random.Generator) -> dict:
    """Base-year (2014) and situation-year (2022) targets for one atom."""
    u = rng.uniform
    urban = gm == "GM9901"
    if role == "focus":
        nlb, nll = _nl_rates(2022)
        rb22, rl22 = u(8.5, 11.5) / 100 / nlb, u(20.5, 24.5) / nll
        drift = u(0.99, 1.005)
        ratios = ((rb22 * drift, rl22 * drift), (rb22, rl22))
        onv22 = u(-0.26, -0.16)
        onv = (onv22 + u(0.025, 0.045), onv22)
        return dict(ratios=ratios, onv=onv, pop=u(1_500, 3_800), hh_size=u(1.7, 2.0),
                    corp=u(68, 88), soc=u(-0.07, -0.03), won=u(-0.10, -0.05), vrz=u(0.05, 0.12))
    if role == "resilient":
        kw14 = u(105, 122)
        kw = (kw14, kw14 + u(32, 45))
        onv14 = u(-0.14, -0.09)
        onv = (onv14, onv14 + u(0.09, 0.13))
        return dict(kw=kw, onv=onv, pop=u(1_200, 3_500), hh_size=u(1.8, 2.1), corp=u(45, 70),
                    soc=u(-0.04, 0.0), won=u(-0.06, -0.01), vrz=u(0.05, 0.12))
    if role == "worsening":
        kw14 = u(85, 112)
        kw = (kw14, kw14 + u(-1.2, 1.2))
        onv14 = u(0.0, 0.035)
        onv = (onv14, onv14 - u(0.095, 0.13))
        return dict(kw=kw, onv=onv, pop=u(1_200, 3_000), hh_size=u(1.9, 2.2), corp=u(25, 50),
                    soc=u(-0.03, 0.01), won=u(-0.03, 0.02), vrz=u(0.0, 0.06))
    if role == "rural":
        kw22 = u(30, 46)
        onv22 = u(0.068, 0.112)
        return dict(kw=(kw22 + u(-3, 3), kw22), onv=(onv22 + u(-0.008, 0.008), onv22),
                    pop=u(150, 2_200), hh_size=u(2.25, 2.5), corp=u(3, 15),
                    soc=u(0.02, 0.05), won=u(0.05, 0.10), vrz=u(-0.08, -0.02))
    # noise (and the tiny buurt): mild variation around the average
    if urban:
        kw22, onv22, corp = u(88, 120), u(-0.03, 0.03), u(20, 60)
        pop, hh_size, vrz = u(900, 3_800), u(1.75, 2.05), u(0.04, 0.12)
    else:
        kw22, onv22, corp = u(72, 112), u(-0.015, 0.045), u(10, 45)
        pop, hh_size, vrz = u(400, 3_000), u(2.0, 2.35), u(-0.03, 0.05)
    return dict(kw=(kw22 + u(-3, 3), kw22), onv=(onv22 + u(-0.012, 0.012), onv22), pop=pop,
                hh_size=hh_size, corp=corp, soc=u(-0.02, 0.02), won=u(-0.04, 0.04), vrz=vrz)


def _population(atoms: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Per atom and year: counts, corporatiebezit, ratios to NL and LBM dimensions."""
    rows = []
    halves = atoms[atoms.duplicated("cell", keep=False)]
    changed = atoms[f"code_{DEMO_YEARS[0]}"] != atoms[f"code_{DEMO_YEARS[-1]}"]
    merged = set(atoms.loc[changed, "cell"]) - set(halves["cell"])
    split_area = halves.geometry.map(lambda g: g.area).sum()
    parent = {}
    for atom in atoms.itertuples():
        p = _profile(atom.role, atom.gm, rng)
        if atom.Index in halves.index:
            # both halves share one profile; the parent is big, its halves divided by area
            parent.setdefault(atom.cell, dict(p, pop=rng.uniform(2_600, 3_800)))
            p = dict(parent[atom.cell])
            p["pop"] = p["pop"] * atom.geometry.area / split_area
        if atom.cell in merged:
            p["pop"] = rng.uniform(300, 900)  # two small buurten, merged later
        growth = rng.uniform(-0.004, 0.012)
        hh_size, dw_ratio = p["hh_size"], rng.uniform(1.01, 1.05)
        skew = rng.uniform(-0.15, 0.15)
        fys = rng.uniform(-0.03, 0.03) + (0.02 if atom.role == "rural" else 0.0)
        for y in DEMO_YEARS:
            t = (y - DEMO_YEARS[0]) / (DEMO_YEARS[-1] - DEMO_YEARS[0])
            # the base and situation years hit the planted targets; years between wobble a bit
            jitter = 0.0 if y in (DEMO_YEARS[0], DEMO_YEARS[-1]) else rng.uniform(-0.003, 0.003)
            if atom.role == "tiny":
                inw = TINY_INHABITANTS
            else:
                inw = int(np.clip(round(p["pop"] * (1 + growth) ** (y - 2022)), 150, 4_000))
            hh = max(1, round(inw / hh_size))
            if "ratios" in p:
                (b0, l0), (b1, l1) = p["ratios"]
                rb, rl = b0 + t * (b1 - b0), l0 + t * (l1 - l0)
            else:
                kw = p["kw"][0] + t * (p["kw"][1] - p["kw"][0]) + 100 * jitter
                rb, rl = kw / 100 * (1 + skew), kw / 100 * (1 - skew)
            onv = p["onv"][0] + t * (p["onv"][1] - p["onv"][0]) + jitter
            rows.append(dict(
                atom=atom.Index, jaar=y, inwoners=inw, huishoudens=hh,
                woningen=round(hh * dw_ratio), corporatie_pct=p["corp"] + (2022 - y) * 0.15,
                rb=rb, rl=rl, fys=fys + 0.002 * t, onv=onv, soc=p["soc"] + 0.003 * t,
                vrz=p["vrz"] + 0.004 * t, won=p["won"] - 0.002 * t,
            ))
    return pd.DataFrame(rows)


def _buurt_figures(atoms: pd.DataFrame, values: pd.DataFrame, year: int) -> pd.DataFrame:
    """True (unsuppressed) key figures per buurt of ``year``, aggregated from atoms.

    Bijstand is rounded to a whole number of persons and the low-income percentage chosen so
    that the published pair reproduces the planted vulnerability index to within rounding.
    """
    nlb, nll = _nl_rates(year)
    v = values[values["jaar"] == year].join(atoms[[f"code_{year}"]], on="atom")
    v = v.rename(columns={f"code_{year}": "code"})
    v["bijstand_f"] = v["inwoners"] * v["rb"] * nlb
    v["li_hh"] = v["huishoudens"] * v["rl"] * nll
    v["corp_w"] = v["woningen"] * v["corporatie_pct"]
    g = v.groupby("code", sort=True)[
        ["inwoners", "huishoudens", "woningen", "bijstand_f", "li_hh", "corp_w"]].sum()
    out = g[["inwoners", "huishoudens", "woningen"]].copy()
    index = 50 * (g["bijstand_f"] / g["inwoners"] / nlb + g["li_hh"] / g["huishoudens"] / nll)
    out["bijstand"] = g["bijstand_f"].round().astype(int)
    rb_pub = out["bijstand"] / out["inwoners"] / nlb
    out["laag_inkomen_pct"] = (nll * (2 * index / 100 - rb_pub)).clip(lower=0.5).round(1)
    out["corporatie_pct"] = (g["corp_w"] / g["woningen"]).clip(0, 100).round(1)
    return out


# --------------------------------------------------------------------------------------
# writers


def _year_buurten(atoms: pd.DataFrame, layout: _Layout, year: int) -> gpd.GeoDataFrame:
    """Buurt geometries of ``year`` (parents before the split, the union after a merger)."""
    rows = []
    for code, grp in atoms.groupby(f"code_{year}", sort=True):
        cells = sorted(set(grp["cell"]))
        if len(cells) == 1 and len(grp) > 1:  # the split buurt before its split
            geom = layout.cells[cells[0]]
        elif len(grp) > 1:  # the merged buurt
            geom = shapely.union_all(list(grp.geometry))
        else:
            geom = grp.geometry.iloc[0]
        first = grp.iloc[0]
        rows.append(dict(code=code, naam=first[f"naam_{year}"], gm=first["gm"],
                         wk=f"WK{first['gm'][2:]}{first['wijk']:02d}", geometry=geom))
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def _write_buurtkaart(out_dir: Path, buurten: gpd.GeoDataFrame, figures: pd.DataFrame,
                      suppressed: dict, year: int) -> str:
    """One CBS Wijk- en Buurtkaart: older upper-case style until 2018, newer style after."""
    f = figures.loc[buurten["code"]]
    gm_naam = buurten["gm"].map(lambda g: _GEMEENTEN[g][0])
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


def _write_gpkg(gdf: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    path.unlink(missing_ok=True)
    with _fixed_gpkg_timestamp():
        gdf.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")


def _aggregate(figures: pd.DataFrame) -> dict:
    """Totals and weighted percentages of a set of buurten (from unsuppressed values)."""
    hh, won = figures["huishoudens"].sum(), figures["woningen"].sum()
    return dict(
        inwoners=int(figures["inwoners"].sum()), huishoudens=int(hh), woningen=int(won),
        corporatie_pct=round(float((figures["corporatie_pct"] * figures["woningen"]).sum() / won), 1),
        bijstand=int(figures["bijstand"].sum()),
        laag_inkomen_pct=round(float((figures["laag_inkomen_pct"] * figures["huishoudens"]).sum() / hh), 1),
    )


def _cell(var: str, value) -> str:
    """A CSV cell as cbsodata data saved by pandas: integers, one-decimal percentages, '' = missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(int(value)) if var in _COUNTS else f"{float(value):.1f}"


def _write_kwb(out_dir: Path, buurten: gpd.GeoDataFrame, figures: pd.DataFrame,
               suppressed: dict, wijk_naam: dict, year: int) -> str:
    """Kerncijfers wijken en buurten of ``year`` as ``cbsodata.get_data`` returns them."""
    columns = _KWB_COLUMNS[year]
    variables = sorted(columns, key=lambda v: int(columns[v].rsplit("_", 1)[1]))
    b = buurten.set_index("code")

    def row(naam, gemeente, soort, code, vals):
        return [naam, gemeente, soort.ljust(10), code.ljust(10)] + [
            _cell(v, vals.get(v)) for v in variables]

    rows = [row("Nederland", "Nederland", "Land", NEDERLAND, _NEDERLAND[year])]
    for gm in DEMO_GEMEENTEN:
        gm_naam = _GEMEENTEN[gm][0]
        in_gm = b.index[b["gm"] == gm]
        rows.append(row(gm_naam, gm_naam, "Gemeente", gm, _aggregate(figures.loc[in_gm])))
        for wk in sorted(set(b.loc[in_gm, "wk"])):
            in_wk = b.index[b["wk"] == wk]
            naam = f"Wijk {wk[-2:]} {wijk_naam[(gm, int(wk[-2:]))]}"
            rows.append(row(naam, gm_naam, "Wijk", wk, _aggregate(figures.loc[in_wk])))
            for code in sorted(in_wk):
                vals = figures.loc[code].to_dict()
                for var in suppressed.get(code, ()):
                    vals[var] = None
                rows.append(row(b.loc[code, "naam"], gm_naam, "Buurt", code, vals))
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


def _suppression(atoms: pd.DataFrame, values: pd.DataFrame, cells: dict,
                 rng: np.random.Generator) -> dict:
    """year -> {buurt code -> suppressed variables}, as CBS does for small buurten."""
    eligible = atoms[atoms["role"].isin(["noise", "rural"])
                     & ~atoms["cell"].isin([cells["split"], *cells["merged"], cells["no_corporatie"]])]
    pop = values[values["jaar"] == DEMO_YEARS[-1]].set_index("atom")["inwoners"]
    pool = sorted(eligible.index, key=lambda a: (pop[a], a))[:30]
    tiny = atoms.loc[atoms["cell"] == cells["tiny"]].index[0]
    no_corp = atoms.loc[atoms["cell"] == cells["no_corporatie"]].index[0]
    out = {}
    for y in DEMO_YEARS:
        chosen = sorted(rng.choice(pool, size=int(rng.integers(5, 11)), replace=False).tolist())
        sup = {}
        for a in chosen:
            kind = rng.choice(3)
            sup[atoms.at[a, f"code_{y}"]] = [("bijstand",), ("laag_inkomen_pct",),
                                             ("bijstand", "laag_inkomen_pct")][kind]
        sup[atoms.at[tiny, f"code_{y}"]] = ("corporatie_pct", "bijstand", "laag_inkomen_pct")
        sup[atoms.at[no_corp, f"code_{y}"]] = ("corporatie_pct",)
        out[y] = sup
    return out


def _readme(seed: int) -> str:
    return (
        f"{REGION_NAME}: synthetische voorbeelddata / synthetic demo data\n"
        "\n"
        "All files in this folder were generated by veerkracht (veerkracht_lib.demo) with\n"
        f"seed {seed}. They are NOT official CBS or Leefbaarometer data: the region, its\n"
        "gemeenten (GM9901-GM9905), wijken, buurten, names and all numbers are fictional,\n"
        "written in the official file formats so that the demo runs through the real loaders.\n"
        "The region lies in the North Sea on purpose, so that it is obviously fictional on a map.\n"
        "planted.json lists the structure planted on purpose (focus, resilient and worsening\n"
        "areas, rural gemeenten, a split, a merger, a tiny buurt and suppressed values).\n"
    )


# --------------------------------------------------------------------------------------


def write_demo_data(out_dir: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write the demo region's files into ``out_dir`` and return the planted structure.

    The same seed gives byte-identical CSV/JSON/README files and identical GeoPackage
    contents. The returned dict equals the content of ``planted.json``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    layout = _layout(rng)
    cells = _plant(layout, rng)
    atoms = _atoms(layout, cells, rng)
    values = _population(atoms, rng)
    suppressed = _suppression(atoms, values, cells, rng)

    files = []
    n_buurten = {}
    for y in DEMO_YEARS:
        buurten = _year_buurten(atoms, layout, y)
        figures = _buurt_figures(atoms, values, y)
        n_buurten[str(y)] = len(buurten)
        files.append(_write_buurtkaart(out_dir, buurten, figures, suppressed[y], y))
        files.append(_write_kwb(out_dir, buurten, figures, suppressed[y], layout.wijk_naam, y))
    files += _write_leefbaarometer(out_dir, atoms, values, buurten)

    planted = _planted_dict(atoms, cells, suppressed, seed, n_buurten)
    planted["files"] = sorted(files + ["README.txt", "planted.json"])
    (out_dir / "planted.json").write_text(
        json.dumps(planted, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / "README.txt").write_text(_readme(seed), encoding="utf-8")
    return planted


def _planted_dict(atoms: pd.DataFrame, cells: dict, suppressed: dict, seed: int,
                  n_buurten: dict) -> dict:
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
    return {
        "region": REGION_NAME,
        "seed": seed,
        "years": list(DEMO_YEARS),
        "n_buurten": n_buurten,
        "gemeenten": {gm: _GEMEENTEN[gm][0] for gm in DEMO_GEMEENTEN},
        "urban_gemeente": "GM9901",
        "focus_gemeente": "GM9901",
        "resilient_gemeente": "GM9901",
        "worsening_gemeente": "GM9902",
        "rural_gemeenten": sorted(g for g, v in _GEMEENTEN.items() if v[1] == "rural"),
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
    }
