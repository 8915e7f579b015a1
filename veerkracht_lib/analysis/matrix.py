"""Chapter III: the matrix handelingsperspectieven (methodology §7) as discussion prompts.

Two axes, verbeteren/doorbreken × woning/bewoner, give four perspectives. Per area the
tool suggests where the emphasis could lie; a combination is always needed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.config import Thresholds

PERSPECTIVES = {
    ("verbeteren", "woning"): "leefomgeving",
    ("verbeteren", "bewoner"): "sociale aanpak",
    ("doorbreken", "woning"): "woningprogramma",
    ("doorbreken", "bewoner"): "woninggebruik",
}
#: the cell (strategy, target) of each perspective
CELLS = {name: cell for cell, name in PERSPECTIVES.items()}
EXPLAIN = {
    "leefomgeving": "woningen, openbare ruimte en veiligheid verbeteren",
    "sociale aanpak": "ondersteuning, ontmoeting en zorg voor bewoners",
    "woningprogramma": "toevoegen, slopen of differentiëren van de voorraad",
    "woninggebruik": "toewijzing, instroom en eigendom",
}


#: the area types of `emphasis`, in its order, with a colour each for map 8 (ColorBrewer Dark2, then grey)
AREA_TYPES = {
    "focus, vooral particulier bezit": "#d95f02",
    "focus, weinig veerkracht, corporatiebuurt": "#a6361a",
    "focus met veerkracht": "#1b9e77",
    "focus": "#e7298a",
    "verslechtering zonder toename kwetsbaren": "#e6ab02",
    "veerkracht": "#7570b3",
    "weinig veerkracht": "#66a61e",
    "overig": "#bdbdbd",
}
GEEN_GEBIED = "geen gebied"
#: the type of a focus area with none of the particular features of the other focus types
PLAIN_FOCUS = "focus"


def buurt_area_types(buurten: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    """Per buurt (index as ``buurten``) the type of its area; focus areas first, then the largest."""
    order = rows.sort_values(["focus", "inwoners", "naam"], ascending=[False, False, True])
    by_code: dict[str, str] = {}
    for codes, type_ in zip(order["buurten"], order["type"]):
        for code in codes.split(", "):
            by_code.setdefault(code, type_)
    types = buurten["code"].map(by_code).astype(object).fillna(GEEN_GEBIED)
    return types.where(~buurten["te_klein"].astype(bool), C.TE_WEINIG_INWONERS)


ROW_COLUMNS = ["gebied", "naam", "gm_naam", "kaart", "klasse", "veerkracht", "focus", "inwoners", "corporatie",
               "corporatiebuurt", "bezit", "type", "nadruk", "waarom", "buurten"]


@dataclass(frozen=True)
class Emphasis:
    """A suggested emphasis: the perspectives to stress and why (a prompt, not a prescription)."""

    type: str
    stress: tuple[str, ...]
    why: str


def emphasis(focus: bool, veerkracht_klasse: str | None, corporatie: float, corporatiebuurt: float,
             particulier: float = Thresholds().particulier) -> Emphasis:
    """The suggestion for one area, following methodology §7 in order."""
    weak = veerkracht_klasse in C.WEAK
    if focus and corporatie == corporatie and corporatie < particulier:
        return Emphasis("focus, vooral particulier bezit", ("woninggebruik", "leefomgeving"),
                        "de particuliere voorraad vraagt gemeentelijke instrumenten (bijvoorbeeld opkopen)")
    if focus and weak and corporatie >= corporatiebuurt:
        return Emphasis("focus, weinig veerkracht, corporatiebuurt", ("woningprogramma", "woninggebruik", "sociale aanpak"),
                        "de concentratie doorbreken, met een sociale aanpak als voorwaarde")
    if focus and veerkracht_klasse == C.VEERKRACHT:
        return Emphasis("focus met veerkracht", ("sociale aanpak", "leefomgeving"),
                        "verbeteren: vasthouden wat werkt")
    if focus:
        return Emphasis(PLAIN_FOCUS, ("sociale aanpak", "leefomgeving", "woninggebruik"),
                        "problemen voor en achter de voordeur: een gecombineerde aanpak")
    if veerkracht_klasse == C.VERSLECHTERING:
        return Emphasis("verslechtering zonder toename kwetsbaren", ("leefomgeving",),
                        "eerst leefomgeving en veiligheid")
    if veerkracht_klasse == C.VEERKRACHT:
        # named as on map 7: more vulnerable residents while overlast did not worsen
        return Emphasis(C.VEERKRACHT, ("sociale aanpak", "woninggebruik"),
                        "meer kwetsbare bewoners terwijl de overlast niet verslechterde: preventieve sociale aanpak, "
                        "woninggebruik in de gaten houden")
    if weak:
        return Emphasis("weinig veerkracht", ("sociale aanpak", "leefomgeving", "woninggebruik"),
                        "meer kwetsbare bewoners en meer overlast: tijdig ingrijpen")
    return Emphasis("overig", (), "")


def area_members(areas: pd.DataFrame) -> pd.DataFrame:
    """One row per buurt of an area: ``area`` (the area's position in ``areas``) and ``code``."""
    codes = areas["buurten"].str.split(", ")
    return pd.DataFrame({"area": np.repeat(np.arange(len(areas)), codes.str.len().to_numpy()),
                         "code": [code for area in codes for code in area]})


def area_rows(buurten: pd.DataFrame, areas: pd.DataFrame, focus_column: str, veerkracht_column: str,
              corporatiebuurt: float, focus_kind: str, particulier: float = Thresholds().particulier) -> pd.DataFrame:
    """Every area with its dominant veerkracht class, whether it is focus, and the suggested emphasis.

    ``focus_kind`` is the ``kaart`` of the focus areas; the other areas are veerkracht areas. An area's
    dominant class has the most inhabitants (a tie: the first class in alphabetical order; no class
    without a known class); it is focus when it is a focus area or half its inhabitants live in focus
    buurten. A veerkracht area that lies for at least half its buurten in focus areas is left out: its
    development is shown with that focus area.
    """
    if areas.empty:
        return pd.DataFrame(columns=ROW_COLUMNS)
    by_code = buurten.set_index("code")
    members = area_members(areas)
    kaart = areas["kaart"].to_numpy()
    members["inwoners"] = by_code["inwoners"].fillna(0).loc[members["code"]].to_numpy()
    members["klasse"] = by_code[veerkracht_column].astype(object).loc[members["code"]].to_numpy()
    members["focus"] = (by_code[focus_column].astype(object) == C.FOCUS).loc[members["code"]].to_numpy()
    in_focus = set(members.loc[kaart[members["area"]] == focus_kind, "code"])
    share_in_focus = members["code"].isin(in_focus).groupby(members["area"]).mean()
    kept = (kaart == focus_kind) | (share_in_focus.reindex(range(len(areas))).to_numpy() < 0.5)
    weights = members.dropna(subset=["klasse"]).groupby(["area", "klasse"], sort=True)["inwoners"].sum().reset_index()
    # a sort on two columns is stable (lexsort): of equal weights the first class, alphabetically, stays first
    dominant = (weights.sort_values(["area", "inwoners"], ascending=[True, False])
                .drop_duplicates("area").set_index("area")["klasse"])
    total = members.groupby("area")["inwoners"].sum()
    share_focus = members["inwoners"].where(members["focus"], 0).groupby(members["area"]).sum() / total.clip(lower=1)
    rows = []
    for position, area in enumerate(areas.itertuples()):
        if not kept[position]:
            continue
        veerkracht = dominant.get(position)
        is_focus = area.kaart == focus_kind or share_focus[position] >= 0.5
        e = emphasis(is_focus, veerkracht, area.corporatie, corporatiebuurt, particulier)
        rows.append({"gebied": area.gebied, "naam": area.naam, "gm_naam": area.gm_naam, "kaart": area.kaart,
                     "klasse": area.klasse, "veerkracht": veerkracht, "focus": is_focus, "inwoners": area.inwoners,
                     "corporatie": area.corporatie, "corporatiebuurt": area.corporatiebuurt, "bezit": area.bezit,
                     "type": e.type, "nadruk": ", ".join(e.stress), "waarom": e.why, "buurten": area.buurten})
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


def atelier_group(focus: bool, veerkracht_klasse: str | None) -> int | None:
    """The candidates' group for a gebiedsatelier: 1 focus with weinig veerkracht, 2 other focus,
    3 weinig veerkracht outside focus; None: not a candidate."""
    weak = veerkracht_klasse in C.WEAK
    return 1 if focus and weak else 2 if focus else 3 if weak else None


def atelier_ranking(rows: pd.DataFrame) -> pd.DataFrame:
    """Candidate areas for a gebiedsatelier: by `atelier_group`, then by inhabitants (then name)."""
    group = [atelier_group(f, v) for f, v in zip(rows["focus"], rows["veerkracht"])]
    out = rows.assign(_group=pd.Series(group, index=rows.index, dtype=float))
    out = out[out["_group"].notna()].sort_values(["_group", "inwoners", "naam"], ascending=[True, False, True])
    out = out.drop(columns="_group").reset_index(drop=True)
    out.index = out.index + 1
    out["reden"] = [
        ("focusgebied" if f else "geen focusgebied") + (", weinig veerkracht" if w else f", {v or 'onbekende ontwikkeling'}")
        + f", {bezit}"
        for f, w, v, bezit in zip(out["focus"], out["veerkracht"].isin([*C.WEAK]), out["veerkracht"], out["bezit"])
    ]
    return out


def emphasis_groups(rows: pd.DataFrame) -> list[dict]:
    """One entry per area type present: its emphasis, reason and number of areas."""
    groups = []
    for type_, group in rows[rows["nadruk"] != ""].groupby("type", sort=False):
        groups.append({"type": type_, "stress": tuple(group["nadruk"].iloc[0].split(", ")),
                       "waarom": group["waarom"].iloc[0], "n": len(group)})
    return sorted(groups, key=lambda g: -g["n"])
