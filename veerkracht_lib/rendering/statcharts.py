"""Statistical graphics (seaborn): samenhang per corporatiebezit class, distributions, time series with
interval bands, class transitions and the exploration's correlation heatmap and pair plot.

One theme with the static maps: their font and sizes (`static_maps.RC`) on seaborn's white grid,
and the corporatiebezit colours of map 4. Intervals come from a bootstrap with a fixed seed, so a
rebuild draws the same picture.
"""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from veerkracht_lib.analysis.maps import corporatie_colours, corporatie_groups
from veerkracht_lib.analysis.samenhang import corporatie_klasse
from veerkracht_lib.analysis.tweedeling import time_series
from veerkracht_lib.config import Thresholds
from veerkracht_lib.numbers import fmt_number
from veerkracht_lib.rendering.charts import dutch_axis
from veerkracht_lib.rendering.static_maps import RC

THEME = {**sns.axes_style("whitegrid"), **RC, "axes.titlesize": 9, "axes.labelsize": 8.5,
         "xtick.labelsize": 8, "ytick.labelsize": 8}
EDGE = "#444444"  # marker edges, as the buurt outlines of the maps
LINE = "#333333"
N_BOOT, SEED = 200, 0
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h", "*", "p"]  # own marker per gemeente: coinciding lines stay visible


def _by_class(frame: pd.DataFrame, t: Thresholds, *columns: str) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """Usable buurten with their corporatiebezit class, the classes present in order, and their colours."""
    data = frame[~frame["te_klein"] & frame[list(columns)].notna().all(axis=1)].copy()
    data["klasse"] = corporatie_klasse(data["corporatie"], t)
    data = data[data["klasse"].notna()]
    labels = [label for _, _, label in corporatie_groups(t)]
    order = [label for label in labels if (data["klasse"] == label).any()]
    return data, order, dict(zip(labels, corporatie_colours(t)))


def samenhang_by_class(frame: pd.DataFrame, x: str, y: str, xlabel: str, ylabel: str, t: Thresholds):
    """Per corporatiebezit class a panel of buurten with a straight line and its 95% band (none below 3 buurten)."""
    data, order, palette = _by_class(frame, t, x, y)
    if not order:
        return None
    with matplotlib.rc_context(THEME):
        fig, axes = plt.subplots(1, len(order), figsize=(2.3 * len(order) + 0.8, 2.9), sharex=True, sharey=True, squeeze=False)
        for ax, label in zip(axes[0], order):
            group = data[data["klasse"] == label]
            sns.regplot(data=group, x=x, y=y, ax=ax, ci=95, n_boot=N_BOOT, seed=SEED, truncate=True,
                        fit_reg=len(group) >= 3 and group[x].nunique() > 1,
                        scatter_kws={"s": 14, "color": palette[label], "edgecolor": EDGE, "linewidths": 0.4},
                        line_kws={"color": LINE, "lw": 1.2})
            ax.axhline(0, color="#999999", lw=0.6, zorder=0)
            ax.set_title(f"corporatiebezit {label}\n{fmt_number(len(group))} buurten")
            ax.set_xlabel("")
            ax.set_ylabel("")
            dutch_axis(ax)
        fig.supxlabel(xlabel, fontsize=8.5)
        fig.supylabel(ylabel, fontsize=8.5)
        fig.subplots_adjust(left=0.75 / fig.get_figwidth() + 0.02, right=0.99, bottom=0.2, top=0.8, wspace=0.08)
    return fig


def distribution_by_class(frame: pd.DataFrame, columns: dict[str, str], t: Thresholds):
    """Per indicator (``columns``: column -> label) the distribution over the buurten of each corporatiebezit class."""
    data, order, palette = _by_class(frame, t, *columns)
    if not order:
        return None
    counts = data["klasse"].value_counts()
    with matplotlib.rc_context(THEME):
        fig, axes = plt.subplots(1, len(columns), figsize=(5 * len(columns), 3.4), squeeze=False)
        for ax, (column, label) in zip(axes[0], columns.items()):
            sns.violinplot(data=data, x="klasse", y=column, order=order, hue="klasse", hue_order=order, palette=palette,
                           legend=False, cut=0, inner="quart", density_norm="width", linecolor=EDGE, linewidth=0.6, ax=ax)
            ax.set_xticks(range(len(order)), [f"{o}\n({fmt_number(counts[o])})" for o in order])
            ax.set_xlabel("corporatiebezit (aantal buurten)")
            ax.set_ylabel(label)
            dutch_axis(ax, "y")
        fig.subplots_adjust(left=0.08, right=0.99, bottom=0.2, top=0.97, wspace=0.25)
    return fig


def time_series_bands(yearly: pd.DataFrame, column: str, ylabel: str, max_lines: int = 12):
    """Per gemeente the population-weighted mean with its 95% band (bootstrap over its buurten), and the region.

    With more than ``max_lines`` gemeenten single lines are unreadable: the chart shows the median of the
    gemeenten and the band of their middle 80 % instead.
    """
    usable = yearly[~yearly["te_klein"] & yearly[column].notna() & (yearly["inwoners"] > 0)]
    means = time_series(yearly, column).dropna(how="all")
    gemeenten = [c for c in means.columns if c != "regio"]
    with matplotlib.rc_context(THEME):
        fig, ax = plt.subplots(figsize=(7, 3.6))
        if len(gemeenten) > max_lines:
            long = means[gemeenten].reset_index().melt(id_vars="jaar", value_name=column).dropna()
            sns.lineplot(data=long, x="jaar", y=column, estimator="median", errorbar=("pi", 80), marker="o", ms=3,
                         color="#756bb1", err_kws={"alpha": 0.3}, ax=ax,
                         label=f"mediaan en middelste 80% van de {fmt_number(len(gemeenten))} gemeenten")
        else:
            sns.lineplot(data=usable, x="jaar", y=column, hue="gm_naam", hue_order=gemeenten, style="gm_naam",
                         style_order=gemeenten, markers=MARKERS[:len(gemeenten)], dashes=False, weights="inwoners",
                         errorbar=("ci", 95), n_boot=N_BOOT, seed=SEED, err_kws={"alpha": 0.12}, ms=4, lw=1.3, ax=ax)
        ax.plot(means.index, means["regio"], marker="o", ms=3, label="regio", color="#222222", lw=2.2, ls="--")
        ax.set_xlabel("")
        ax.set_ylabel(ylabel)
        ax.set_xticks(list(means.index))
        dutch_axis(ax, "y")
        ax.legend(fontsize=7, frameon=False, ncol=2 if len(gemeenten) <= max_lines else 1)
        fig.subplots_adjust(left=0.11, right=0.98, bottom=0.08, top=0.97)
    return fig


def transition_heatmaps(tables: dict[str, pd.DataFrame]):
    """Per map (``tables``: title -> `transitions.class_transitions`) the buurten per class in the base year
    (rows) and the situation year (columns), side by side; the diagonal kept its class."""
    with matplotlib.rc_context(THEME):
        fig, axes = plt.subplots(1, len(tables), figsize=(5.2 * len(tables), 4.4), squeeze=False)
        for ax, (title, table) in zip(axes[0], tables.items()):
            sns.heatmap(table, annot=True, fmt="d", cmap="Purples", norm=matplotlib.colors.PowerNorm(0.5), cbar=False,
                        linewidths=0.5, linecolor="white", annot_kws={"fontsize": 8}, ax=ax)
            ax.set_xlabel(f"{table.columns.name} (situatiejaar)")
            ax.set_ylabel(f"{table.index.name} (basisjaar)")
            ax.tick_params(axis="x", labelrotation=35)
            ax.tick_params(axis="y", labelrotation=0)
            ax.set_title(title)
        fig.subplots_adjust(left=0.13, right=0.99, bottom=0.27, top=0.93, wspace=0.7)
    return fig


def correlation_heatmap(matrix: pd.DataFrame, labels: dict[str, str]):
    """Weighted correlations of every pair of indicators (−1 blue … +1 red), r written in each cell."""
    named = matrix.rename(index=labels, columns=labels)
    with matplotlib.rc_context(THEME):
        fig, ax = plt.subplots(figsize=(0.65 * len(named) + 3.5, 0.5 * len(named) + 2))
        sns.heatmap(named, annot=named.map(lambda r: fmt_number(r, 2)), fmt="", cmap="RdBu_r", vmin=-1, vmax=1,
                    center=0, mask=np.triu(np.ones(named.shape, bool), k=1), linewidths=0.5, annot_kws={"fontsize": 7},
                    cbar_kws={"label": "gewogen correlatie r"}, ax=ax)
    return fig


def pair_plot(table: pd.DataFrame, columns: list[str], labels: dict[str, str], t: Thresholds):
    """Every pair of ``columns`` against each other, buurten coloured by corporatiebezit class."""
    data, order, palette = _by_class(table, t, *columns)
    named = data[[*columns, "klasse"]].rename(columns={**labels, "klasse": "corporatiebezit"})
    with matplotlib.rc_context(THEME):
        grid = sns.pairplot(named, hue="corporatiebezit", hue_order=order, palette=palette, corner=True, height=1.9,
                            plot_kws={"s": 12, "edgecolor": EDGE, "linewidth": 0.3}, diag_kind="hist",
                            diag_kws={"multiple": "stack", "edgecolor": EDGE, "linewidth": 0.3})
    return grid.figure
