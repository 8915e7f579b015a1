"""One region's analysis: panel → indicators → classes → areas, computed once per build.

The notebooks ask an `Analysis` for everything they show; it never reads files itself
(``inputs.load_inputs`` does) and never writes prose (``narrative`` does).
"""
from __future__ import annotations

import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from veerkracht_lib.analysis.areas import find_areas
from veerkracht_lib.analysis.classes import (
    FOCUS,
    VEERKRACHT,
    VERBETERING,
    VERSLECHTERING,
    WEINIG_VEERKRACHT,
    WEINIG_VEERKRACHT_PROBLEMEN,
    ClassScheme,
    build_schemes,
    classify,
)
from veerkracht_lib.analysis.indicators import REFERENCES, indicator_frame, with_reference
from veerkracht_lib.analysis.panel import Panel, build_panel
from veerkracht_lib.analysis.samenhang import morans_i
from veerkracht_lib.config import RegionConfig

if TYPE_CHECKING:  # the notebooks unpickle an Analysis without the input readers
    from veerkracht_lib.sources.inputs import Inputs

#: map number -> scheme key, in report order
MAPS = {1: "overlast", 2: "kwetsbaar", 3: "focus", 4: "corporatie", 5: "d_onv", 6: "d_kwetsbaar", 7: "veerkracht"}
#: what each map needs from the inputs
NEEDS = {
    "overlast": ["onv"], "kwetsbaar": ["kwetsbaar"], "focus": ["onv", "kwetsbaar"], "corporatie": ["corporatie"],
    "d_onv": ["d_onv"], "d_kwetsbaar": ["d_kwetsbaar"], "veerkracht": ["d_onv", "d_kwetsbaar"],
}
REFERENCE_LABEL = {"nederland": "t.o.v. Nederland", "gemeente": "t.o.v. eigen gemeente", "regio": "t.o.v. de regio"}
AREA_CLASSES = {
    "focus": [FOCUS],
    "veerkracht": [WEINIG_VEERKRACHT_PROBLEMEN, WEINIG_VEERKRACHT, VEERKRACHT, VERSLECHTERING, VERBETERING],
}


@dataclass
class Analysis:
    """Everything the three chapters show for one region."""

    config: RegionConfig
    panel: Panel
    buurten: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame
    inputs_summary: pd.DataFrame
    attribution: list[str]
    missing: dict[str, str] = field(default_factory=dict)
    #: Moran's I of overlast and kwetsbaarheid (``samenhang.morans_i``), when both are known
    clustering: list[dict] = field(default_factory=list)

    @property
    def schemes(self) -> dict[str, ClassScheme]:
        return build_schemes(self.config.thresholds)

    @property
    def notes(self) -> list[str]:
        """Caveats the report must show (missing national figures, substituted years, …)."""
        return self.panel.notes

    def available(self, key: str) -> bool:
        return key not in self.missing

    def class_column(self, key: str, reference: str | None = None) -> str:
        reference = reference or self.config.reference
        return f"klasse_{key}" if key == "corporatie" else f"klasse_{key}_{reference}"

    def value_column(self, key: str, reference: str | None = None) -> str | None:
        """The value a map's tooltip shows; None for the derived (combined) maps."""
        if self.schemes[key].edges is None:
            return None
        column = self.schemes[key].column
        reference = reference or self.config.reference
        return column if reference == "nederland" or key == "corporatie" else f"{column}_{reference}"

    def save(self, path: Path) -> None:
        """Write atomically: a reader never sees a half-written file."""
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(self))
        partial.rename(path)

    @staticmethod
    def wait_and_load(path: Path, timeout: float = 3600) -> "Analysis":
        """Load ``path`` once the build has written it (chapters start before the analysis ends)."""
        deadline = time.monotonic() + timeout
        while not path.exists():
            if path.with_suffix(".failed").exists() or time.monotonic() > deadline:
                raise RuntimeError(f"the build's analysis was not written to {path}")
            time.sleep(0.05)
        return Analysis.load(path)

    @staticmethod
    def load(path: Path) -> "Analysis":
        return pickle.loads(Path(path).read_bytes())


def _missing_maps(frame: pd.DataFrame) -> dict[str, str]:
    """Maps whose inputs are absent for every buurt, with what is lacking."""
    absent = {c for c in ("onv", "kwetsbaar", "corporatie", "d_onv", "d_kwetsbaar") if frame[c].isna().all()}
    return {key: ", ".join(sorted(set(NEEDS[key]) & absent)) for key in MAPS.values() if set(NEEDS[key]) & absent}


def classify_all(frame: gpd.GeoDataFrame, config: RegionConfig) -> gpd.GeoDataFrame:
    """Add a class column per map and reference level."""
    t = config.thresholds
    frame = frame.copy()
    frame["klasse_corporatie"] = classify(frame, "corporatie", t, frame["te_klein"])
    for reference in REFERENCES:
        view = with_reference(frame, reference)
        for key in MAPS.values():
            if key != "corporatie":
                frame[f"klasse_{key}_{reference}"] = classify(view, key, t, frame["te_klein"])
    frame["corporatiebuurt"] = frame["corporatie"] >= t.corporatiebuurt
    return frame


def analyse(inputs: Inputs) -> Analysis:
    """Run the whole analysis on loaded inputs."""
    config = inputs.config
    panel = build_panel(inputs.target, inputs.buurten_by_year, inputs.lbm_scores, inputs.lbm_geometry,
                        inputs.nederland, inputs.own_index)
    panel.notes.extend(inputs.notes)
    frame = classify_all(indicator_frame(panel, config), config)
    areas = pd.concat(
        [find_areas(frame, f"klasse_{kaart}_{config.reference}", classes, kaart, config.thresholds.corporatiebuurt)
         for kaart, classes in AREA_CLASSES.items()],
        ignore_index=True,
    )
    areas = gpd.GeoDataFrame(areas, geometry="geometry", crs=frame.crs)
    missing = _missing_maps(frame)
    # computed here, where libpysal is loaded for the areas anyway, rather than in the chapter's kernel
    clustering = [] if "focus" in missing else [morans_i(frame, column) for column in ("onv", "kwetsbaar")]
    return Analysis(config=config, panel=panel, buurten=frame, areas=areas, inputs_summary=inputs.summary,
                    attribution=inputs.attribution, missing=missing, clustering=clustering)
