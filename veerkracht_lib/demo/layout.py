"""Geometry and administrative layout: the island outline, Voronoi buurten, gemeenten and wijken."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Polygon

from .regions import _COMPASS, DEMO_REGION, Region


@dataclass
class Layout:
    """The base tessellation: one cell per 2014 buurt, with gemeente and wijk."""

    outline: Polygon
    cells: list  # shapely Polygons
    points: np.ndarray  # generator point per cell, shape (n, 2)
    rook: list  # set of edge-sharing neighbours per cell
    gm: list  # gemeente code per cell
    wijk: list  # wijk number (1-based, within the gemeente) per cell
    wijk_naam: dict  # (gm, wijk) -> name


def _outline(rng: np.random.Generator, region: Region = DEMO_REGION) -> Polygon:
    """A smooth island-like outline around the region's centre."""
    centre, radii = region.centre, region.radii
    theta = np.linspace(0.0, 2 * np.pi, 120, endpoint=False)
    radius = np.ones_like(theta)
    for k, amp in zip((2, 3, 4), rng.uniform(0.025, 0.05, 3)):
        radius += amp * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    x = centre[0] + radii[0] * radius * np.cos(theta)
    y = centre[1] + radii[1] * radius * np.sin(theta)
    return shapely.set_precision(Polygon(np.column_stack([x, y])), 0.01)


def _seed_points(rng: np.random.Generator, outline: Polygon, n: int, region: Region = DEMO_REGION) -> np.ndarray:
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


def _layout(rng: np.random.Generator, region: Region = DEMO_REGION) -> Layout:
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
    return Layout(outline, cells, points, rook, [gm_of[i] for i in range(n)],
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
