"""The national findings of the Aedes research that open data can reproduce (methodology §8).

Each check is computed on whatever region and years the analysis has, beside the published
figure, with why the two may differ. A check whose data are absent says so; it is never zero.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from veerkracht_lib.config import Thresholds
from veerkracht_lib.numbers import fmt_number, fmt_pct

TWO_THIRDS = 200 / 3  # % corporatiebezit
#: the research's concentration of corporation dwellings (methodology §8): the share (%) of all corporation
#: dwellings in the Netherlands that stood in buurten with at least 60% and 80% corporatiebezit
NATIONAL_CONCENTRATION = {60: 34, 80: 12}
NATIONAL_CONCENTRATION_YEAR = 2020


@dataclass(frozen=True)
class Finding:
    """One published finding: what it says, its figure, and the data a reproduction needs."""

    key: str
    finding: str
    published: str
    period: str


FINDINGS = (
    Finding("overlast_corporatie", "Buurten met meer dan 2/3 corporatiebezit hebben meer overlast dan gemiddeld",
            "meer overlast dan gemiddeld (onv onder het landelijk gemiddelde)", "Leefbaarometer 3.0"),
    Finding("psychisch", "Psychische problematiek in buurten met veel corporatiebezit",
            "ongeveer 3× het landelijk aandeel", "2020"),
    Finding("beide_gestegen", "Inwoners in buurten waar zowel het aandeel kwetsbaren als de overlast toenam",
            "1,7 miljoen inwoners (ongeveer 10% van de 17,2 miljoen inwoners van 2018)", "2012–2018"),
    Finding("corporatiewoningen", "Aandeel van de corporatiewoningen in gebieden met ≥ 60% en ≥ 80% corporatiebezit",
            ", ".join(f"{share}% in ≥ {edge}%" for edge, share in NATIONAL_CONCENTRATION.items()),
            str(NATIONAL_CONCENTRATION_YEAR)),
)


def _buurten(n: int) -> str:
    """"1 buurt", "2 buurten"."""
    return f"{fmt_number(n)} {'buurt' if n == 1 else 'buurten'}"


def _usable(buurten: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = buurten[~buurten["te_klein"]]
    return frame[frame[list(columns)].notna().all(axis=1) & (frame["inwoners"] > 0)]


def overlast_by_corporatie(buurten: pd.DataFrame, share: float = TWO_THIRDS) -> dict:
    """Population-weighted mean ``onv`` of buurten with more than ``share`` % corporatiebezit and of the others."""
    frame = _usable(buurten, "onv", "corporatie")
    high = frame["corporatie"] > share
    mean = lambda part: float(np.average(part["onv"], weights=part["inwoners"])) if len(part) else np.nan  # noqa: E731
    return {"hoog": mean(frame[high]), "overig": mean(frame[~high]), "n_hoog": int(high.sum()), "n_overig": int((~high).sum())}


def residents_where_both_rose(buurten: pd.DataFrame, t: Thresholds) -> dict:
    """Inhabitants of buurten where vulnerability rose (map 6 toename or more) and overlast worsened (map 5
    verslechterd or worse), and their share of the inhabitants of every buurt with both developments known."""
    frame = _usable(buurten, "d_kwetsbaar", "d_onv")
    both = (frame["d_kwetsbaar"] >= t.d_kwetsbaar[2]) & (frame["d_onv"] < t.d_onv[1])
    total = float(frame["inwoners"].sum())
    inwoners = float(frame.loc[both, "inwoners"].sum())
    return {"inwoners": inwoners, "aandeel": 100 * inwoners / total if total else np.nan, "n": int(both.sum()), "n_bekend": len(frame)}


def corporation_dwellings_share(buurten: pd.DataFrame, thresholds: tuple[float, ...] = tuple(NATIONAL_CONCENTRATION)) -> dict:
    """Share (%) of all corporation dwellings (woningen × corporatiebezit) in buurten at or above each threshold.

    Only buurten with both figures count (``n``; ``n_onbekend`` lack one); without corporation
    dwellings the shares are NaN, never 0.
    """
    known = buurten["woningen"].notna() & buurten["corporatie"].notna()
    frame = buurten[known]
    dwellings = frame["woningen"] * frame["corporatie"] / 100
    total = float(dwellings.sum())
    shares = {edge: (100 * float(dwellings[frame["corporatie"] >= edge].sum()) / total if total else np.nan) for edge in thresholds}
    return {"aandelen": shares, "corporatiewoningen": total, "n": len(frame), "n_onbekend": int((~known).sum())}


def concentration_table(buurten: pd.DataFrame, region: str) -> pd.DataFrame:
    """`corporation_dwellings_share` for the region (first row, named ``region``) and per gemeente."""
    parts = [(region, buurten), *buurten.groupby("gm_naam", sort=True)]
    rows = []
    for name, frame in parts:
        c = corporation_dwellings_share(frame)
        rows.append({"gebied": name, **{f"aandeel_{edge}": share for edge, share in c["aandelen"].items()},
                     "corporatiewoningen": c["corporatiewoningen"], "n": c["n"], "n_onbekend": c["n_onbekend"]})
    return pd.DataFrame(rows)


def reproduction_table(buurten: pd.DataFrame, t: Thresholds, base_year: int, situation_year: int) -> pd.DataFrame:
    """Per finding: published figure and period, ours and our years, and why the two may differ."""
    ours, ours_period, why = {}, {}, {}
    situation = str(situation_year)

    o = overlast_by_corporatie(buurten)
    if o["n_hoog"] == 0 or np.isnan(o["hoog"]):
        ours["overlast_corporatie"] = "niet te berekenen: geen buurt met meer dan 2/3 corporatiebezit én een Leefbaarometer-score"
    else:
        side = "meer overlast dan gemiddeld" if o["hoog"] < 0 else "niet meer overlast dan gemiddeld"
        ours["overlast_corporatie"] = (f"onv {fmt_number(o['hoog'], 3)} in {_buurten(o['n_hoog'])} met > 2/3 "
                                       f"corporatiebezit ({side}), tegen {fmt_number(o['overig'], 3)} in de overige "
                                       f"{_buurten(o['n_overig'])}")
    ours_period["overlast_corporatie"] = situation
    why["overlast_corporatie"] = "één regio in plaats van heel Nederland; gemiddelde gewogen naar inwoners."

    ours["psychisch"] = ("niet te berekenen: psychische problematiek per buurt staat alleen in CBS-microdata, "
                         "niet in open data")
    ours_period["psychisch"] = "–"
    why["psychisch"] = "vraagt toegang tot CBS-microdata (Remote Access)."

    b = residents_where_both_rose(buurten, t)
    if b["n_bekend"] == 0:
        ours["beide_gestegen"] = "niet te berekenen: de ontwikkeling van kwetsbaarheid of overlast ontbreekt"
    else:
        ours["beide_gestegen"] = (f"{fmt_number(b['inwoners'])} inwoners in {_buurten(b['n'])} "
                                  f"({fmt_pct(b['aandeel'], 1)} van de inwoners van {_buurten(b['n_bekend'])})")
    ours_period["beide_gestegen"] = f"{base_year}–{situation_year}"
    why["beide_gestegen"] = ("andere jaren en één regio; 'toegenomen' en 'verslechterd' volgens de klassegrenzen van kaart 5 "
                             "en 6, en kwetsbaarheid als open benadering in plaats van de index uit microdata.")

    c = corporation_dwellings_share(buurten)
    if c["corporatiewoningen"] == 0:
        ours["corporatiewoningen"] = "niet te berekenen: woningvoorraad of corporatiebezit per buurt ontbreekt"
    else:
        ours["corporatiewoningen"] = (f"{fmt_pct(c['aandelen'][60], 0)} in ≥ 60%, {fmt_pct(c['aandelen'][80], 0)} in ≥ 80% "
                                      f"(van {fmt_number(c['corporatiewoningen'])} corporatiewoningen)")
    ours_period["corporatiewoningen"] = situation
    why["corporatiewoningen"] = "buurten in plaats van gebieden; één regio in plaats van heel Nederland."

    return pd.DataFrame([{"bevinding": f.finding, "gepubliceerd": f.published, "periode": f.period,
                          "berekend": ours[f.key], "jaren": ours_period[f.key], "waarom anders": why[f.key]}
                         for f in FINDINGS])
