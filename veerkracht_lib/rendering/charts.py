"""Charts of the report (matplotlib): samenhang scatter, tweedeling, matrix (the statistical graphics: `statcharts`)."""
from __future__ import annotations

import textwrap

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from veerkracht_lib.analysis.maps import corporatie_colours, corporatie_groups
from veerkracht_lib.analysis.matrix import EXPLAIN, PERSPECTIVES
from veerkracht_lib.analysis.samenhang import corporatie_klasse
from veerkracht_lib.config import Thresholds
from veerkracht_lib.numbers import fmt_number


def dutch_axis(ax, axes: str = "xy") -> None:
    """Decimal comma and a real minus sign on the numeric axes."""
    fmt = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}".replace(".", ",").replace("-", "−"))
    for name in axes:
        getattr(ax, f"{name}axis").set_major_formatter(fmt)


def samenhang_scatter(frame: pd.DataFrame, x: str, y: str, xlabel: str, ylabel: str, t: Thresholds):
    """Scatter of buurten (area = inhabitants, colour = corporatiebezit class of map 4) with a least-squares line."""
    data = frame[~frame["te_klein"] & frame[x].notna() & frame[y].notna()]
    klasse = corporatie_klasse(data["corporatie"], t).astype(object).fillna("onbekend")
    palette = dict(zip([label for _, _, label in corporatie_groups(t)], corporatie_colours(t)))
    low, high = (float(data["inwoners"].min()), float(data["inwoners"].max())) if len(data) else (0.0, 0.0)
    fig, ax = plt.subplots(figsize=(7.5, 5))
    handles = []
    for label, colour in {**palette, "onbekend": "#d9d9d9"}.items():
        chosen = klasse == label
        if chosen.any():
            ax.scatter(data.loc[chosen, x], data.loc[chosen, y], s=_marker_area(data.loc[chosen, "inwoners"], low, high),
                       color=colour, edgecolor="#444", linewidth=0.4, zorder=2)
            handles.append(Line2D([], [], ls="", marker="o", ms=7, mfc=colour, mec="#444", mew=0.4,
                                  label=f"corporatiebezit {label}"))
    if len(data) >= 3 and data[x].nunique() > 1:
        slope, intercept = np.polyfit(data[x], data[y], 1)
        ends = np.array([data[x].min(), data[x].max()])
        handles += ax.plot(ends, intercept + slope * ends, color="#333", lw=1.2, zorder=3, label="rechte lijn (kleinste kwadraten)")
    for inwoners in _size_legend(data["inwoners"]):
        handles.append(Line2D([], [], ls="", marker="o", ms=float(np.sqrt(_marker_area(inwoners, low, high))), mfc="#ddd",
                              mec="#444", mew=0.4, label=f"{fmt_number(inwoners)} inwoners"))
    ax.axhline(0, color="#999", lw=0.6, zorder=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    dutch_axis(ax)
    ax.legend(handles=handles, loc="best", fontsize=7, frameon=False)
    ax.set_title("Samenhang per buurt (signalerend, niet causaal)", fontsize=10)
    return fig


def _marker_area(inwoners, low: float, high: float):
    """Marker area from 10 to 160 pt², linear in inhabitants between ``low`` and ``high``."""
    share = np.clip((inwoners - low) / (high - low), 0, 1) if high > low else 0.5
    return 10 + 150 * share


def _size_legend(inwoners: pd.Series) -> list[int]:
    """Three round inhabitant numbers spanning the data, for the size legend."""
    if inwoners.empty or inwoners.max() <= 0:
        return []
    values = np.quantile(inwoners, [0.1, 0.5, 0.95])
    rounded = sorted({int(float(f"{v:.1g}")) for v in values if v > 0})
    return rounded


def divergence_chart(table: pd.DataFrame, basisjaar: int, jaar: int):
    """Between-gemeente share of variance in base and situation year, for the indicators known in both
    (a bar of one year alone would read as a comparison that was not made)."""
    table = table.dropna(subset=["basisjaar", "situatiejaar"]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(6.5, 2.8))
    positions = range(len(table))
    ax.barh([p + 0.2 for p in positions], 100 * table["basisjaar"], height=0.38, color="#bdbdbd", label=str(basisjaar))
    ax.barh([p - 0.2 for p in positions], 100 * table["situatiejaar"], height=0.38, color="#54278f", label=str(jaar))
    ax.set_yticks(list(positions), table["indicator"])
    ax.set_xlabel("deel van de verschillen tussen buurten dat tussen gemeenten ligt (%)")
    dutch_axis(ax, "x")
    ax.legend(frameon=False, fontsize=8)
    return fig


def matrix_chart(stress: tuple[str, ...], title: str):
    """The 2 × 2 matrix handelingsperspectieven with the suggested emphasis filled."""
    fig, ax = plt.subplots(figsize=(4.6, 3.2))
    for i, strategy in enumerate(("verbeteren", "doorbreken")):
        for j, level in enumerate(("woning", "bewoner")):
            name = PERSPECTIVES[(strategy, level)]
            on = name in stress
            rank = stress.index(name) + 1 if on else None
            ax.add_patch(plt.Rectangle((i, 1 - j), 1, 1, facecolor="#54278f" if on else "#f2f0f7",
                                       edgecolor="white", lw=3, alpha=1.0 if rank == 1 else (0.75 if on else 1)))
            ax.text(i + 0.5, 1.62 - j, name, ha="center", va="center", fontsize=10, weight="bold",
                    color="white" if on else "#333")
            ax.text(i + 0.5, 1.3 - j, textwrap.fill(EXPLAIN[name], 26), ha="center", va="center", fontsize=7,
                    color="white" if on else "#555")
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], ["verbeteren", "doorbreken"])
    ax.set_yticks([1.5, 0.5], ["woning", "bewoner"])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title, fontsize=9)
    return fig
