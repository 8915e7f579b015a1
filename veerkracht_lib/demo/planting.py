"""The planted structure (focus, resilient and worsening areas, split, merger, tiny buurt), codes and names."""

from __future__ import annotations

import numpy as np
import pandas as pd
from shapely.geometry import LineString, Polygon
from shapely.ops import split as split_polygon

from .layout import Layout, _grow, _nearest
from .regions import (
    _NAME_STEMS,
    _URBAN_ENDS,
    _VILLAGE_ENDS,
    DEMO_REGION,
    DEMO_YEARS,
    MERGE_YEAR,
    SPLIT_YEAR,
    THREE_WAY_YEAR,
    Region,
)


def _plant(layout: Layout, rng: np.random.Generator, region: Region = DEMO_REGION) -> dict:
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


def _buurt_names(layout: Layout, rng: np.random.Generator, region: Region = DEMO_REGION) -> list:
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


def _atoms(layout: Layout, cells: dict, rng: np.random.Generator, region: Region = DEMO_REGION) -> pd.DataFrame:
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


#: the planted split is uneven: the smaller part holds about this share of the old buurt's area
SPLIT_SHARE = 0.3


def _cut(cell: Polygon, share: float) -> tuple:
    """Cut a polygon along the diagonal whose smaller part is closest to ``share`` of its area:
    (smaller part, larger part).

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
            balance = abs(min(parts[0].area, parts[1].area) / cell.area - share)
            if best is None or balance < best[0]:
                best = (balance, parts)
    if best is None:
        raise RuntimeError("a planted split buurt could not be divided")
    a, b = best[1]
    return (a, b) if a.area <= b.area else (b, a)


def _halves(cell: Polygon, share: float = SPLIT_SHARE) -> list:
    """Cut a cell in two (`_cut`): [(part, 'Noord'|'West'), (part, 'Zuid'|'Oost')] (uneven, so a
    50/50 rule cannot pass the tests)."""
    a, b = _cut(cell, share)
    (ax, ay), (bx, by) = a.centroid.coords[0], b.centroid.coords[0]
    if abs(ay - by) >= abs(ax - bx):
        return [(a, "Noord"), (b, "Zuid")] if ay > by else [(b, "Noord"), (a, "Zuid")]
    return [(a, "West"), (b, "Oost")] if ax < bx else [(b, "West"), (a, "Oost")]


#: the three parts of the three-way split hold about these shares of the old buurt's area
THREE_WAY_SHARES = (0.2, 0.35, 0.45)


def _split_in_three(atoms: pd.DataFrame, values: pd.DataFrame, cells: dict, suppressed: dict,
                    region: Region = DEMO_REGION) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split one more buurt, of the worsening area's gemeente, in three uneven parts from
    `THREE_WAY_YEAR` on (atoms and values with the old atom replaced by three).

    The buurt is the most populous ordinary one of that gemeente that is never suppressed; its
    inhabitants and households go to the parts by area, its rates and scores are the old buurt's.
    No random draw: the rest of the demo stays as it was. Sets ``cells["three_way"]`` (old atom).
    """
    never = {code for sup in suppressed.values() for code in sup}
    pop = values[values["jaar"] == DEMO_YEARS[0]].set_index("atom")["inwoners"]
    special = {cells["split"], *cells["merged"], cells["tiny"], cells["no_corporatie"]}
    candidates = [a for a in atoms.index[(atoms["gm"] == region.town) & (atoms["role"] == "noise")]
                  if atoms.at[a, "cell"] not in special
                  and not any(atoms.at[a, f"code_{y}"] in never for y in DEMO_YEARS)]
    if not candidates:
        raise RuntimeError("no buurt left for the planted three-way split")
    old = max(candidates, key=lambda a: (pop[a], -a))
    atom = atoms.loc[old]
    first, rest = _cut(atom.geometry, THREE_WAY_SHARES[0])
    second, third = _cut(rest, THREE_WAY_SHARES[1] / (1 - THREE_WAY_SHARES[0]))
    parts = sorted([first, second, third], key=lambda g: -g.centroid.y)  # north to south
    gm, w = atom["gm"], atom["wijk"]
    taken = {int(c[-2:]) for y in DEMO_YEARS for c in atoms.loc[atoms["gm"] == gm, f"code_{y}"]
             if c.startswith(f"BU{gm[2:]}{w:02d}")}
    numbers = range(max(taken) + 1, max(taken) + 4)
    new_atoms, new_values = [], []
    for k, (part, suffix, nr) in enumerate(zip(parts, ("Noord", "Midden", "Zuid"), numbers)):
        index = old if k == 0 else atoms.index.max() + k
        row = atom.copy()
        row["geometry"] = part
        for y in DEMO_YEARS:
            if y >= THREE_WAY_YEAR:
                row[f"code_{y}"], row[f"naam_{y}"] = f"BU{gm[2:]}{w:02d}{nr:02d}", f"{atom[f'naam_{y}']} {suffix}"
        new_atoms.append(row.rename(index))
        v = values[values["atom"] == old].copy()
        share = part.area / atom.geometry.area
        for column in ("inwoners", "huishoudens", "woningen"):
            v[column] = (v[column] * share).round().astype(int)
        v["atom"] = index
        new_values.append(v)
    atoms = pd.concat([atoms.drop(index=old), pd.DataFrame(new_atoms).astype(atoms.dtypes.to_dict())]).sort_index()
    values = pd.concat([values[values["atom"] != old], *new_values], ignore_index=True)
    cells["three_way"] = old
    return atoms, values
