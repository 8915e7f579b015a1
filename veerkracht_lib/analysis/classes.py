"""The shape of a map's classes: a `ClassScheme` (labels, colours, edges, the two grey classes).

Each map's scheme is built from the region's thresholds in ``analysis.maps``; folium maps,
static maps, legends, tables and narrative all read it. The class labels of the combined maps
are named here once.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from veerkracht_lib.numbers import fmt_number

GEEN_GEGEVENS = "geen gegevens"
TE_WEINIG_INWONERS = "te weinig inwoners"


@dataclass(frozen=True)
class Hatch:
    """A hatched fill: lines of colour ``lines`` on ``background``, rising (``/``) or falling (``\\``).

    The two classes without a value are hatched, so that no map's middle class (light grey or
    white) can be taken for them, on screen, in print and in every legend.
    """

    background: str
    lines: str
    direction: str

    @property
    def name(self) -> str:
        """A short id for the pattern, e.g. for an SVG ``<pattern>``."""
        return "vk-hatch-" + ("rise" if self.direction == "/" else "fall") + "-" + self.background.lstrip("#")


HATCHES = {
    GEEN_GEGEVENS: Hatch("#8c8c8c", "#ffffff", "/"),  # dark grey, white lines
    TE_WEINIG_INWONERS: Hatch("#ffffff", "#777777", "\\"),  # white, grey lines the other way
}
#: the plain colour of the two unvalued classes, where a hatch cannot be drawn
GREY = {label: hatch.background for label, hatch in HATCHES.items()}

FOCUS = "focusgebied: meer overlast, veel kwetsbaren"
WEINIG_VEERKRACHT_PROBLEMEN = "weinig veerkracht, veel problemen"
WEINIG_VEERKRACHT = "weinig veerkracht"
VEERKRACHT = "veerkracht"
VERSLECHTERING = "verslechtering zonder toename kwetsbaren"
STABIEL = "stabiel"
VERBETERING = "verbetering"
WEAK = (WEINIG_VEERKRACHT_PROBLEMEN, WEINIG_VEERKRACHT)  # "weinig veerkracht", with or without problems



@dataclass(frozen=True)
class ClassScheme:
    """One map's classes: ``labels[i]`` covers ``edges[i-1] <= x < edges[i]`` (numeric schemes)."""

    key: str
    title: str
    column: str
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    edges: tuple[float, ...] | None = None  # None: a derived (categorical) scheme
    decimals: int = 0
    suffix: str = ""

    def __post_init__(self):
        if len(self.labels) != len(self.colours):
            raise ValueError(f"{self.key}: {len(self.labels)} labels but {len(self.colours)} colours")
        if self.edges is not None and len(self.edges) != len(self.labels) - 1:
            raise ValueError(f"{self.key}: {len(self.labels)} classes need {len(self.labels) - 1} edges")

    @property
    def categories(self) -> list[str]:
        """Every label a buurt can get, the two grey ones last."""
        return [*self.labels, GEEN_GEGEVENS, TE_WEINIG_INWONERS]

    def colour(self, label: str) -> str:
        """The fill colour of ``label`` (a hatched class: its background)."""
        return GREY.get(label) or self.colours[self.labels.index(label)]

    @staticmethod
    def hatch(label: str) -> Hatch | None:
        """The hatch drawn over ``label``'s colour, or None (only the unvalued classes are hatched)."""
        return HATCHES.get(label)

    def ranges(self) -> list[str]:
        """Human-readable value range per class, e.g. "−0,08 tot −0,04"."""
        if self.edges is None:
            return ["" for _ in self.labels]
        f = lambda x: fmt_number(x, self.decimals) + self.suffix  # noqa: E731
        out = [f"< {f(self.edges[0])}"]
        out += [f"{f(lo)} tot {f(hi)}" for lo, hi in zip(self.edges[:-1], self.edges[1:])]
        out.append(f"≥ {f(self.edges[-1])}")
        return out

    def legend(self, present: set[str] | None = None) -> list[tuple[str, str, str]]:
        """(label, range, colour) per class; grey classes only when ``present`` has them."""
        items = [(lab, rng, col) for lab, rng, col in zip(self.labels, self.ranges(), self.colours)]
        for grey in (GEEN_GEGEVENS, TE_WEINIG_INWONERS):
            if present is None or grey in present:
                items.append((grey, "", GREY[grey]))
        return items

    def bin(self, values: pd.Series) -> pd.Series:
        """Label per value of a numeric scheme; NaN becomes "geen gegevens"."""
        idx = np.searchsorted(np.asarray(self.edges, float), values.to_numpy(float), side="right")
        labels = np.array(self.labels, dtype=object)[np.minimum(idx, len(self.labels) - 1)]
        labels[values.isna().to_numpy()] = GEEN_GEGEVENS
        return pd.Series(labels, index=values.index)
