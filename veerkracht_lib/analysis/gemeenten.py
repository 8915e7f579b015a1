"""Per gemeente and map: the buurten and inhabitants in a map's notable classes, and the gemeente's mean.

These are the figures of the paragraphs per gemeente (chapters I and II, the summary). A buurt counts
for a map when it has a class there: buurten with "te weinig inwoners" or "geen gegevens" are counted
apart and left out of the shares, so a gemeente without data for a map has no share (NaN), never 0 %.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from veerkracht_lib.analysis.classes import GEEN_GEGEVENS, TE_WEINIG_INWONERS

#: the row of `class_figures` and `means` for the whole region
REGIO = "regio"


def _groups(frame: pd.DataFrame, by: str | None) -> pd.Series:
    return frame[by] if by else pd.Series(REGIO, index=frame.index)


def class_figures(frame: pd.DataFrame, class_column: str, problems: list[str], favourable: list[str] = (),
                  by: str | None = "gm_naam") -> pd.DataFrame:
    """Per gemeente (rows sorted by name; ``by=None``: one row ``regio``):

    - ``buurten``: buurten with a class on the map; ``zonder_gegevens``, ``te_klein``: the buurten
      "geen gegevens" and "te weinig inwoners", which do not count;
    - ``inwoners``: the inhabitants of the buurten that count;
    - ``probleem_buurten``, ``probleem_inwoners``, ``probleem_aandeel``: those in a class of ``problems``,
      the share in % of ``inwoners`` (NaN when no buurt counts); the same with ``gunstig_`` for ``favourable``.
    """
    labels = frame[class_column].astype(object)
    unknown, small = labels.eq(GEEN_GEGEVENS), labels.eq(TE_WEINIG_INWONERS)
    counts = ~unknown & ~small
    inwoners = frame["inwoners"].fillna(0).where(counts, 0.0)
    parts = {
        "buurten": counts, "zonder_gegevens": unknown, "te_klein": small, "inwoners": inwoners,
        "probleem_buurten": labels.isin(problems), "probleem_inwoners": inwoners.where(labels.isin(problems), 0.0),
        "gunstig_buurten": labels.isin(favourable), "gunstig_inwoners": inwoners.where(labels.isin(favourable), 0.0),
    }
    table = pd.DataFrame(parts).groupby(_groups(frame, by)).sum().sort_index()
    for column in ("buurten", "zonder_gegevens", "te_klein", "probleem_buurten", "gunstig_buurten"):
        table[column] = table[column].astype(int)
    known = table["inwoners"].where(table["inwoners"] > 0)
    table["probleem_aandeel"] = 100 * table["probleem_inwoners"] / known
    table["gunstig_aandeel"] = 100 * table["gunstig_inwoners"] / known
    table.index.name = "gemeente"
    return table


def means(frame: pd.DataFrame, class_column: str, columns: list[str], by: str | None = "gm_naam") -> pd.DataFrame:
    """Per gemeente (rows sorted by name; ``by=None``: one row ``regio``), the inhabitant-weighted mean of
    each of ``columns`` over the buurten that have a class on the map and a value in *every* one of
    ``columns`` (so a base and a situation year are averaged over the same buurten); NaN without such buurten."""
    labels = frame[class_column].astype(object)
    ok = ~labels.isin([GEEN_GEGEVENS, TE_WEINIG_INWONERS]) & frame[columns].notna().all(axis=1)
    weight = frame["inwoners"].fillna(0).where(ok, 0.0)
    groups = _groups(frame, by)
    totals = weight.groupby(groups).sum()
    out = pd.DataFrame({column: (frame[column].where(ok, 0.0) * weight).groupby(groups).sum() / totals.where(totals > 0)
                        for column in columns}).sort_index()
    out.index.name = "gemeente"
    return out


def areas_by_gemeente(areas: pd.DataFrame, kaart: str) -> dict[str, pd.DataFrame]:
    """The areas of kind ``kaart`` that lie (partly) in each gemeente, in the areas' order (by number).

    An area across a gemeente border lies in each of its gemeenten (its column ``gemeenten``).
    """
    chosen = areas[areas["kaart"] == kaart]
    if chosen.empty:
        return {}
    exploded = chosen.assign(gemeente=chosen["gemeenten"].str.split(", ")).explode("gemeente")
    order = np.argsort(_number(exploded["gebied"]), kind="stable")
    exploded = exploded.iloc[order]
    return {gemeente: group.drop(columns="gemeente") for gemeente, group in exploded.groupby("gemeente", sort=True)}


def _number(labels: pd.Series) -> np.ndarray:
    """The number of an area label such as "F12" (so that F2 comes before F10)."""
    return labels.str[1:].astype(int).to_numpy()
