"""Population, key figures, Leefbaarometer dimensions and CBS-style suppression per atom and year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from veerkracht_lib.config import Thresholds

from .regions import (
    _NEDERLAND,
    DEMO_REGION,
    DEMO_YEARS,
    DRIFT,
    TINY_INHABITANTS,
    Region,
)

#: how far beside a class edge the "near" buurten lie (Leefbaarometer onv)
NEAR_EDGE = 0.001


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


def _population(atoms: pd.DataFrame, rng: np.random.Generator, region: Region = DEMO_REGION) -> pd.DataFrame:
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


def _on_the_edges(atoms: pd.DataFrame, values: pd.DataFrame) -> dict:
    """Put rural buurten on and just below every map-1 class edge (the default thresholds) in
    every year, so their development is exactly 0; returns atom -> onv. No random draw: the rest
    of the demo stays as it was. The largest rural buurten are used (none small or suppressed)."""
    edges = Thresholds().overlast
    targets = [value for edge in edges for value in (round(edge - NEAR_EDGE, 6), edge)]
    pop = values[values["jaar"] == DEMO_YEARS[-1]].set_index("atom")["inwoners"]
    rural = sorted(atoms.index[atoms["role"] == "rural"], key=lambda a: (-pop[a], a))
    chosen = dict(zip(rural, targets))
    for atom, onv in chosen.items():
        values.loc[values["atom"] == atom, "onv"] = onv
    return chosen


def _year_share(year: int) -> float:
    """0 in the base year, 1 in the situation year, linear between."""
    return (year - DEMO_YEARS[0]) / (DEMO_YEARS[-1] - DEMO_YEARS[0])


def _drift(atoms: pd.DataFrame, values: pd.DataFrame, gemeente: str, drift: float = DRIFT) -> None:
    """Let one gemeente drift away from the rest: the onv of every one of its buurten falls by
    ``drift`` from the base to the situation year (linearly between), the others stay as they were."""
    mine = values["atom"].isin(atoms.index[atoms["gm"] == gemeente])
    values.loc[mine, "onv"] -= drift * values.loc[mine, "jaar"].map(_year_share)


#: how far beside a class edge of the vulnerability index the "near" buurten lie (index points): the
#: published CBS figures are rounded (bijstand to persons, laag inkomen to 0,1 %), which moves the index
#: by up to about 0,35 points, so a buurt cannot be published exactly on an edge
NEAR_INDEX_EDGE = 1.0


def _on_more_edges(atoms: pd.DataFrame, values: pd.DataFrame, taken: set, suppressed: dict) -> dict:
    """Put rural buurten on and beside the class edges of maps 2, 5 and 6 (the default thresholds).

    - map 5 (d_onv): onv 0 in the base year and the edge, or 0,001 below it, in the situation year;
    - map 2 (kwetsbaar): the index 1 point below and above each edge, the same in every year;
    - map 6 (d_kwetsbaar): the index 100 in the base year and 100 + the edge ± 1 in the situation year.

    Uses the largest rural buurten after ``taken`` (the map-1 edge buurten) that are never suppressed;
    no random draw. Returns kind -> {atom: planted value}; the index buurten get equal components.
    """
    t = Thresholds()
    never = {code for sup in suppressed.values() for code in sup}
    pop = values[values["jaar"] == DEMO_YEARS[-1]].set_index("atom")["inwoners"]
    rural = [a for a in sorted(atoms.index[atoms["role"] == "rural"], key=lambda a: (-pop[a], a))
             if a not in taken and not any(atoms.at[a, f"code_{y}"] in never for y in DEMO_YEARS)]
    plan = {
        "d_onv": [v for edge in t.d_onv for v in (round(edge - NEAR_EDGE, 6), edge)],
        "kwetsbaar": [v for edge in t.kwetsbaar for v in (edge - NEAR_INDEX_EDGE, edge + NEAR_INDEX_EDGE)],
        "d_kwetsbaar": [v for edge in t.d_kwetsbaar for v in (edge - NEAR_INDEX_EDGE, edge + NEAR_INDEX_EDGE)],
    }
    chosen, free = {}, iter(rural)
    for kind, targets in plan.items():
        chosen[kind] = {atom: target for target, atom in zip(targets, free)}
    share = values["jaar"].map(_year_share)
    for atom, target in chosen["d_onv"].items():
        mine = values["atom"] == atom
        values.loc[mine, "onv"] = target * share[mine]
    for kind in ("kwetsbaar", "d_kwetsbaar"):
        for atom, target in chosen[kind].items():
            mine = values["atom"] == atom
            index = target if kind == "kwetsbaar" else 100 + target * share[mine]
            values.loc[mine, "rb"] = values.loc[mine, "rl"] = index / 100
    return chosen


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
