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

``write_demo_data(out_dir, seed, n_buurten=..., n_gemeenten=...)`` scales the demo up or down
(50 to ~14,000 buurten, for benchmarks and a national demo): the same files and formats, built
from *clusters* of up to five gemeenten, each an island with its own planted structure (focus,
resilient and worsening area, rural gemeenten, split, merger, tiny buurt, suppressed values);
gemeente codes GM9001, GM9002, ... do not exist. Scaled buurten have wiggly boundaries (the
same line on both sides of a shared edge), so that display simplification has work to do.
Without ``n_buurten``/``n_gemeenten`` the output is the Voorbeeldregio, byte for byte.
"""

from __future__ import annotations

import csv
import heapq
import json
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import LineString, MultiPoint, Polygon
from shapely.ops import split as split_polygon

from veerkracht_lib.schema import CRS, NEDERLAND

__all__ = ["DEMO_YEARS", "DEMO_GEMEENTEN", "DEFAULT_SEED", "REGION_NAME", "CLUSTER_BUURTEN",
           "scaled_gemeenten", "write_demo_data"]

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

# ---- scaled demo (n_buurten / n_gemeenten): clusters of up to five gemeenten
CLUSTER_BUURTEN = 206  # default buurten per cluster: 14,000 buurten -> 68 clusters, 340 gemeenten
SCALED_REGION_NAME = "Voorbeeldland"
_ROLES = ("urban", "town", "town", "rural", "rural")  # gemeente roles in a cluster, in code order
_SCALED_CELL = 0.75  # scaled buurten are smaller than the demo's (about 3 km², as in the Netherlands)
_SCALED_DETAIL = 3  # levels of wiggle on scaled buurt edges (2**3 pieces per straight edge)
_NATIONAL_CENTRE = (80_000.0, 810_000.0)  # RD New: the open North Sea, about 55.3° N 4.2° E
_GM_CODE_BASE = 9001  # scaled gemeente codes GM9001 ... (no real gemeente has such a code)
_MAX_GEMEENTEN = 899
_MAX_CLUSTER_CELLS = 800  # fictional names and codes per cluster run out beyond this
_GM_ENDS = ("haven", "monde", "duinen", "dam", "sluis", "stede", "meer", "rade")
_GM_PREFIXES = ("", "Nieuw-", "Oud-")


@dataclass(frozen=True)
class _Region:
    """What one generated region (the demo, or one cluster of a scaled demo) looks like.

    The defaults reproduce the Voorbeeldregio exactly; a scaled cluster moves it (``centre``),
    shrinks or grows it (``scale``: its lengths, ``cell``: the buurt size, both relative to the
    demo) and gives it other gemeenten and planted-area sizes.
    """

    gemeenten: dict = field(default_factory=lambda: dict(_GEMEENTEN))  # code -> (name, role, n_wijken|None)
    n_cells: int = _N_CELLS
    centre: tuple = _CENTRE
    scale: float = 1.0
    cell: float = 1.0
    sizes: tuple = (13, 10, 8)  # focus, resilient, worsening area (buurten)
    detail: int = 0  # wiggle levels of the buurt edges (0 = straight Voronoi edges)

    @property
    def codes(self) -> tuple:
        return tuple(self.gemeenten)

    @property
    def radii(self) -> tuple:
        return (_RADII[0] * self.scale, _RADII[1] * self.scale)

    @property
    def city(self) -> tuple:
        return (self.centre[0] + self.scale * -5_000.0, self.centre[1] + self.scale * 4_000.0)

    @property
    def urban(self) -> str:
        return self.codes[0]

    @property
    def town(self) -> str:
        """The gemeente of the worsening area."""
        return self.codes[min(1, len(self.codes) - 1)]

    @property
    def split_gemeente(self) -> str:
        return self.codes[min(2, len(self.codes) - 1)]

    def role(self, gm: str) -> str:
        return self.gemeenten[gm][1]

    def name(self, gm: str) -> str:
        return self.gemeenten[gm][0]


_DEMO = _Region()


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


def _outline(rng: np.random.Generator, region: _Region = _DEMO) -> Polygon:
    """A smooth island-like outline around the region's centre."""
    centre, radii = region.centre, region.radii
    theta = np.linspace(0.0, 2 * np.pi, 120, endpoint=False)
    radius = np.ones_like(theta)
    for k, amp in zip((2, 3, 4), rng.uniform(0.025, 0.05, 3)):
        radius += amp * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    x = centre[0] + radii[0] * radius * np.cos(theta)
    y = centre[1] + radii[1] * radius * np.sin(theta)
    return shapely.set_precision(Polygon(np.column_stack([x, y])), 0.01)


def _seed_points(rng: np.random.Generator, outline: Polygon, n: int, region: _Region = _DEMO) -> np.ndarray:
    """``n`` points, dense around the city and sparse in the countryside."""
    xmin, ymin, xmax, ymax = outline.bounds
    city = np.array(region.city)
    scale, cell = region.scale, region.cell
    points = np.empty((0, 2))
    for _ in range(200 * n):
        if rng.random() < 0.45:
            p = city + rng.normal(0.0, 3_200.0 * scale, 2)
        else:
            p = np.array([rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)])
        if not shapely.contains_xy(outline, p[0], p[1]):
            continue
        spacing = cell * min(450.0 + 0.11 * np.hypot(*(p - city)) / scale, 2_300.0)
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


def _wiggle(cells: list, rng: np.random.Generator, levels: int, amplitude: float = 0.07) -> list:
    """The cells with every straight edge replaced by a wiggly line (midpoint displacement).

    Each edge is wiggled once and used by both neighbours (reversed by one of them), so the
    cells still form a gap-free coverage with identical shared edges; coordinates are rounded
    to 1 cm. Edges of cells that would become invalid stay straight.
    """
    rings = [np.round(np.asarray(c.exterior.coords), 2) for c in cells]
    keys = sorted({min(a, b) + max(a, b)
                   for ring in rings for a, b in zip(map(tuple, ring[:-1]), map(tuple, ring[1:]))})
    ends = np.array(keys, dtype=float).reshape(-1, 4)
    start, delta = ends[:, :2], ends[:, 2:] - ends[:, :2]
    length = np.hypot(delta[:, 0], delta[:, 1])
    n = 2 ** levels
    offset = np.zeros((len(keys), n + 1))
    noise = rng.uniform(-1.0, 1.0, (len(keys), n - 1))
    step, used = n, 0
    while step > 1:
        half = step // 2
        mid = np.arange(half, n, step)
        offset[:, mid] = ((offset[:, mid - half] + offset[:, mid + half]) / 2
                          + amplitude * (length[:, None] * step / n) * noise[:, used:used + len(mid)])
        used += len(mid)
        step = half
    offset[length < 100.0] = 0.0  # short edges near corners stay straight
    normal = np.column_stack([-delta[:, 1], delta[:, 0]]) / np.maximum(length, 1e-9)[:, None]
    t = np.arange(n + 1) / n
    lines = np.round(start[:, None, :] + t[None, :, None] * delta[:, None, :]
                     + offset[:, :, None] * normal[:, None, :], 2)
    inner = {key: lines[i, 1:-1] for i, key in enumerate(keys)}

    def build(ring, straight):
        coords = []
        for a, b in zip(map(tuple, ring[:-1]), map(tuple, ring[1:])):
            coords.append(a)
            key = min(a, b) + max(a, b)
            if key not in straight:
                part = inner[key] if a <= b else inner[key][::-1]
                coords.extend(map(tuple, part))
        return Polygon(coords)

    straight: set = set()
    for _ in range(6):
        out = [build(ring, straight) for ring in rings]
        bad = ~shapely.is_valid(np.array(out, dtype=object))
        if not bad.any():
            edges = shapely.coverage_invalid_edges(np.array(out, dtype=object))
            bad = ~shapely.is_empty(edges)
        if not bad.any():
            return out
        for i in np.flatnonzero(bad):
            ring = rings[i]
            straight |= {min(a, b) + max(a, b) for a, b in zip(map(tuple, ring[:-1]), map(tuple, ring[1:]))}
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


def _layout(rng: np.random.Generator, region: _Region = _DEMO) -> _Layout:
    """Outline, Voronoi buurten, 5 contiguous gemeenten and 2-6 contiguous wijken each."""
    outline = _outline(rng, region)
    points = _seed_points(rng, outline, region.n_cells, region)
    cells = _tessellate(points, outline)
    if region.detail:
        cells = _wiggle(cells, rng, region.detail)
    rook = _adjacency(cells)
    everything = set(range(len(cells)))

    # gemeente centres: the city, and four around it at ~13 km from the region centre
    centre, city, scale = region.centre, region.city, region.scale
    base = np.arctan2(city[1] - centre[1], city[0] - centre[0])
    centres = {region.urban: city}
    for k, code in zip((1, 4, 2, 3), region.codes[1:]):
        a = base + k * 2 * np.pi / 5
        centres[code] = (centre[0] + 13_500 * scale * np.cos(a), centre[1] + 15_000 * scale * np.sin(a))
    seeds = {gm: (_nearest(points, xy, everything), xy) for gm, xy in centres.items()}
    gm_of = _grow(rook, points, seeds, everything)

    wijk_of: dict = {}
    wijk_naam: dict = {}
    for gm, (_, _, n_wijken) in region.gemeenten.items():
        members = {c for c, g in gm_of.items() if g == gm}
        if n_wijken is None:  # scaled: about 13 buurten per wijk, as in the demo
            n_wijken = max(1, min(9, round(len(members) / 13)))
        if len(members) < max(2, n_wijken):
            raise RuntimeError(f"demo gemeente {gm} got only {len(members)} buurten")
        wcentres = _kmeans(points[sorted(members)], n_wijken, centres[gm])
        # number wijken from north-west to south-east
        wcentres = sorted(wcentres.tolist(), key=lambda xy: (-round(xy[1], -3), xy[0]))
        wseeds = {w + 1: (_nearest(points, xy, members), xy) for w, xy in enumerate(wcentres)}
        if len({cell for cell, _ in wseeds.values()}) < len(wseeds):
            raise RuntimeError(f"two wijken of demo gemeente {gm} start in the same buurt")
        for cell, w in _grow(rook, points, wseeds, members).items():
            wijk_of[cell] = w
        wijk_naam.update(_wijk_names(gm, wseeds, centres[gm], scale))

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


def _wijk_names(gm: str, wseeds: dict, centre, scale: float = 1.0) -> dict:
    """'Centrum' for the wijk at the gemeente centre, compass words for the others."""
    names = {}
    for w, (cell, xy) in sorted(wseeds.items()):
        dx, dy = xy[0] - centre[0], xy[1] - centre[1]
        if np.hypot(dx, dy) < 1_500 * scale:
            word = "Centrum"
        else:
            word = _COMPASS[int(np.round(np.arctan2(dy, dx) / (np.pi / 4))) % 8]
        if word in names.values():
            word = f"{word} {w}"
        names[(gm, w)] = word
    return names


# --------------------------------------------------------------------------------------
# planted structure, codes and names


def _plant(layout: _Layout, rng: np.random.Generator, region: _Region = _DEMO) -> dict:
    """Choose the cells of the planted areas and the special buurten (by cell index)."""
    pts, rook = layout.points, layout.rook
    city, scale, sizes = region.city, region.scale, region.sizes
    urban = {i for i, g in enumerate(layout.gm) if g == region.urban}

    def halo(cells):
        return set(cells) | {nb for c in cells for nb in rook[c]}

    def area(xy, allowed, size):
        seed = _nearest(pts, xy, allowed)
        grown = _grow(rook, pts, {0: (seed, pts[seed])}, allowed, {0: size})
        if len(grown) < size:
            raise RuntimeError("planted area could not grow to its size")
        return sorted(grown)

    focus = area((city[0] - 2_500 * scale, city[1] - 2_000 * scale), urban, sizes[0])
    taken = halo(focus)
    resilient = area((city[0] + 4_000 * scale, city[1] + 3_000 * scale), urban - taken, sizes[1])
    taken |= halo(resilient)
    town = {i for i, g in enumerate(layout.gm) if g == region.town}
    town_centre = np.mean(pts[sorted(town)], axis=0)
    worsening = area(town_centre, town - taken, sizes[2])
    taken |= halo(worsening)

    rural = {i for i, g in enumerate(layout.gm) if region.role(g) == "rural"}
    free = sorted(set(range(len(layout.cells))) - taken - rural)
    areas = {i: layout.cells[i].area for i in free}
    # the split buurt: the largest free cell of a town gemeente
    candidates = [c for c in free if layout.gm[c] == region.split_gemeente]
    if not candidates:
        raise RuntimeError("no buurt left for the planted split")
    split = max(candidates, key=lambda c: (areas[c], c))
    taken |= halo([split])
    free = [c for c in free if c not in taken]
    # the merger: the smallest pair of free neighbours in one wijk
    pairs = [(areas[a] + areas[b], a, b) for a in free for b in sorted(rook[a])
             if b in areas and b > a and b not in taken
             and (layout.gm[a], layout.wijk[a]) == (layout.gm[b], layout.wijk[b])]
    if not pairs:
        raise RuntimeError("no pair of buurten left for the planted merger")
    _, ma, mb = min(pairs)
    taken |= halo([ma, mb])
    free = [c for c in free if c not in taken]
    # the tiny buurt: the smallest remaining urban cell (a harbour or industrial estate)
    candidates = [c for c in free if layout.gm[c] == region.urban]
    if len(candidates) < 2:
        raise RuntimeError("no urban buurt left for the planted tiny buurt")
    tiny = min(candidates, key=lambda c: (areas[c], c))
    free = [c for c in free if c != tiny]
    no_corporatie = int(rng.choice(free))
    return dict(focus=focus, resilient=resilient, worsening=worsening, split=split,
                merged=[ma, mb], tiny=tiny, no_corporatie=no_corporatie)


def _buurt_names(layout: _Layout, rng: np.random.Generator, region: _Region = _DEMO) -> list:
    """A unique fictional name per cell; villages outside the city."""
    urban = sorted(s + e for s in _NAME_STEMS for e in _URBAN_ENDS)
    village = sorted(s + e for s in _NAME_STEMS for e in _VILLAGE_ENDS)
    urban = list(rng.permutation(urban))
    village = list(rng.permutation(village))
    used = set()
    names = []
    gemeente_names = {v[0] for v in region.gemeenten.values()}
    for i, gm in enumerate(layout.gm):
        pool = urban if gm == region.urban or rng.random() < 0.4 else village
        if len(pool) <= len(gemeente_names):  # a big scaled cluster: borrow from the other pool
            pool = village if pool is urban else urban
        while pool[-1] in used or pool[-1] in gemeente_names:
            pool.pop()
        names.append(pool.pop())
        used.add(names[-1])
    return names


def _atoms(layout: _Layout, cells: dict, rng: np.random.Generator, region: _Region = _DEMO) -> pd.DataFrame:
    """The smallest units: base cells, with the split cell replaced by its two halves.

    Columns: ``cell, role, gm, wijk, geometry`` and per year ``code_{jaar}, naam_{jaar}``.
    """
    names = _buurt_names(layout, rng, region)
    roles = {c: "noise" for c in range(len(layout.cells))}
    for i, g in enumerate(layout.gm):
        if region.role(g) == "rural":
            roles[i] = "rural"
    for key in ("focus", "resilient", "worsening"):
        roles.update({c: key for c in cells[key]})
    roles[cells["tiny"]] = "tiny"

    # codes: buurt numbers within the wijk, north-west to south-east
    code = {}
    next_nr = {}
    for gm in region.codes:
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
    shared edges stay exact. Of a wiggly cell only about 16 of its vertices are tried.
    """
    corners = list(cell.exterior.coords)[:-1]
    corners = corners[::max(1, len(corners) // 16)]
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


def _profile(role: str, urban: bool, rng: np.random.Generator) -> dict:
    """Base-year (2014) and situation-year (2022) targets for one atom (``urban``: of the city)."""
    u = rng.uniform
    if role == "focus":
        nlb, nll = _nl_rates(2022)
        rb22, rl22 = u(8.5, 11.5) / 100 / nlb, u(20.5, 24.5) / nll
        drift = u(0.94, 0.97)  # vulnerability rises moderately: little veerkracht, many problems
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


def _population(atoms: pd.DataFrame, rng: np.random.Generator, region: _Region = _DEMO) -> pd.DataFrame:
    """Per atom and year: counts, corporatiebezit, ratios to NL and LBM dimensions."""
    rows = []
    halves = atoms[atoms.duplicated("cell", keep=False)]
    changed = atoms[f"code_{DEMO_YEARS[0]}"] != atoms[f"code_{DEMO_YEARS[-1]}"]
    merged = set(atoms.loc[changed, "cell"]) - set(halves["cell"])
    split_area = halves.geometry.map(lambda g: g.area).sum()
    parent = {}
    for atom in atoms.itertuples():
        p = _profile(atom.role, atom.gm == region.urban, rng)
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
                      suppressed: dict, year: int, gemeenten: dict | None = None) -> str:
    """One CBS Wijk- en Buurtkaart: older upper-case style until 2018, newer style after.

    ``gemeenten`` maps gemeente code -> name (default: the demo region's).
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
        size = min(int(rng.integers(5, 11)), len(pool))
        chosen = sorted(rng.choice(pool, size=size, replace=False).tolist())
        sup = {}
        for a in chosen:
            kind = rng.choice(3)
            sup[atoms.at[a, f"code_{y}"]] = [("bijstand",), ("laag_inkomen_pct",),
                                             ("bijstand", "laag_inkomen_pct")][kind]
        sup[atoms.at[tiny, f"code_{y}"]] = ("corporatie_pct", "bijstand", "laag_inkomen_pct")
        sup[atoms.at[no_corp, f"code_{y}"]] = ("corporatie_pct",)
        out[y] = sup
    return out


def _readme(seed: int, parts: list | None = None) -> str:
    if parts is not None and len(parts) == 1 and parts[0].region is _DEMO:
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
            "areas, rural gemeenten, a split, a merger, a tiny buurt and suppressed values).\n"
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


# --------------------------------------------------------------------------------------
# one region, and the scaled demo as clusters of regions


@dataclass
class _Part:
    """One generated region: its spec, layout, planted cells, atoms, values and suppression."""

    region: _Region
    layout: _Layout
    cells: dict
    atoms: pd.DataFrame
    values: pd.DataFrame
    suppressed: dict


def _generate(rng: np.random.Generator, region: _Region) -> _Part:
    layout = _layout(rng, region)
    cells = _plant(layout, rng, region)
    atoms = _atoms(layout, cells, rng, region)
    values = _population(atoms, rng, region)
    suppressed = _suppression(atoms, values, cells, rng)
    return _Part(region, layout, cells, atoms, values, suppressed)


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
        regions.append(_Region(
            gemeenten=gemeenten, n_cells=n_cells, centre=centre, scale=scale, cell=_SCALED_CELL,
            sizes=(max(3, round(13 * ratio)), max(2, round(10 * ratio)), max(2, round(8 * ratio))),
            detail=_SCALED_DETAIL,
        ))
    return regions


def _generate_cluster(seed: int, k: int, region: _Region, attempts: int = 25) -> _Part:
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
        parts = [_generate(np.random.default_rng(seed), _DEMO)]
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
        files.append(_write_buurtkaart(out_dir, buurten, figures, suppressed[y], y, gemeenten))
        files.append(_write_kwb(out_dir, buurten, figures, suppressed[y], wijk_naam, y, gemeenten))
    files += _write_leefbaarometer(out_dir, atoms, values, buurten)

    if len(parts) == 1 and parts[0].region is _DEMO:
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
                  n_buurten: dict, region: _Region = _DEMO) -> dict:
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
    }
