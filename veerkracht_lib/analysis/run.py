"""One region's analysis: panel → indicators → classes → areas, computed once per build.

The notebooks ask an `Analysis` for everything they show; it never reads files itself
(``inputs.load_inputs`` does) and never writes prose (``narrative`` does).
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from veerkracht_lib.analysis.areas import find_areas, queen_neighbours
from veerkracht_lib.analysis.classes import ClassScheme
from veerkracht_lib.analysis.indicators import REFERENCES, SourceYears, indicator_frame, source_years, with_reference
from veerkracht_lib.analysis.maps import INDICATORS, MAPS, MapRecord, area_table, finish, schemes, size_masks
from veerkracht_lib.analysis.panel import Panel, build_panel
from veerkracht_lib.analysis.samenhang import morans_i
from veerkracht_lib.config import RegionConfig

if TYPE_CHECKING:  # the notebooks unpickle an Analysis without the input readers
    from veerkracht_lib.sources.inputs import Inputs

REFERENCE_LABEL = {"nederland": "t.o.v. Nederland", "gemeente": "t.o.v. eigen gemeente", "regio": "t.o.v. de regio"}


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
    #: the year of each source used (Leefbaarometer scores, CBS figures)
    source_years: SourceYears | None = None
    #: the areas under every reference level (``areas`` is the report's), for the maps' switch
    areas_by_reference: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)

    @property
    def schemes(self) -> dict[str, ClassScheme]:
        return schemes(self.config.thresholds)

    @property
    def maps(self) -> list[MapRecord]:
        """Every map in report order (maps with missing data included; see `available`)."""
        return list(MAPS.values())

    @property
    def notes(self) -> list[str]:
        """Caveats the report must show (missing national figures, substituted years, …)."""
        return self.panel.notes

    def available(self, key: str) -> bool:
        """True when map ``key`` has data and, for a map classed from the areas, areas to show."""
        return key not in self.missing and not (MAPS[key].area_classifier and self.areas.empty)

    def areas_for(self, reference: str | None = None) -> gpd.GeoDataFrame:
        """The areas of the focus and veerkracht classes under ``reference`` (default: the report's)."""
        if reference is None or reference == self.config.reference:
            return self.areas
        if reference not in self.areas_by_reference:
            self.areas_by_reference[reference] = find_all_areas(self.buurten, self.config, reference)
        return self.areas_by_reference[reference]

    def class_column(self, key: str, reference: str | None = None) -> str:
        return MAPS[key].class_column(reference or self.config.reference)

    def value_column(self, key: str, reference: str | None = None) -> str | None:
        """The value a map's tooltip shows; None for the derived (combined) maps."""
        return MAPS[key].value_column(self.config.thresholds, reference or self.config.reference)

    def years(self, key: str) -> str:
        """The year (or base–situation years) map ``key`` shows."""
        return MAPS[key].years(self.source_years)

    def area_table(self) -> pd.DataFrame:
        """Every area with its type and suggested emphasis (`matrix.area_rows`)."""
        return area_table(self.buurten, self.areas, self.config.thresholds, self.config.reference)

    def save(self, path: Path) -> None:
        """Write atomically: a reader never sees a half-written file."""
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(self))
        partial.rename(path)

    @staticmethod
    def load(path: Path) -> "Analysis":
        return pickle.loads(Path(path).read_bytes())


def _missing_maps(frame: pd.DataFrame) -> dict[str, str]:
    """Maps whose inputs are absent for every buurt, with the indicators lacking (comma-separated)."""
    absent = {name for name in INDICATORS if frame[name].isna().all()}
    return {record.key: ", ".join(name for name in record.needs if name in absent)
            for record in MAPS.values() if absent & set(record.needs)}


def classify_all(frame: gpd.GeoDataFrame, config: RegionConfig) -> gpd.GeoDataFrame:
    """Add a class column per map classed from the buurten, per reference level where it has them."""
    t = config.thresholds
    frame = frame.copy()
    views = {reference: with_reference(frame, reference) for reference in REFERENCES}
    by_buurt = [record for record in MAPS.values() if not record.area_classifier]
    columns = [(record, "nederland") for record in by_buurt if not record.per_reference]
    columns += [(record, reference) for reference in REFERENCES for record in by_buurt if record.per_reference]
    for record, reference in columns:
        frame[record.class_column(reference)] = finish(record.classify(views[reference], t), record.scheme(t),
                                                       *size_masks(record, frame))
    frame["corporatiebuurt"] = frame["corporatie"] >= t.corporatiebuurt
    return frame


def find_all_areas(frame: gpd.GeoDataFrame, config: RegionConfig, reference: str | None = None) -> gpd.GeoDataFrame:
    """The areas of every map that forms them (focus and veerkracht), under ``reference`` (default: the report's)."""
    t = config.thresholds
    areas = pd.concat(
        [find_areas(frame, record.class_column(reference or config.reference), list(record.area_classes), record.key,
                    t.corporatiebuurt, particulier=t.particulier)
         for record in MAPS.values() if record.area_classes],
        ignore_index=True,
    )
    return gpd.GeoDataFrame(areas, geometry="geometry", crs=frame.crs)


def classify_from_areas(frame: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, config: RegionConfig) -> gpd.GeoDataFrame:
    """Add the class column of each map classed from the areas (map 8)."""
    t = config.thresholds
    for record in MAPS.values():
        if record.area_classifier:
            labels = record.area_classifier(frame, areas, t, config.reference)
            frame[record.class_column(config.reference)] = finish(labels, record.scheme(t), None)
    return frame


def analyse(inputs: Inputs) -> Analysis:
    """Run the whole analysis on loaded inputs."""
    config = inputs.config
    panel = build_panel(inputs.target, inputs.buurten_by_year, inputs.lbm_scores, inputs.lbm_geometry,
                        inputs.nederland, inputs.own_index)
    panel.notes.extend(inputs.notes)
    years = source_years(panel, config)
    if years.cbs is None and years.indeling is not None:
        panel.notes.append(
            f"De CBS-cijfers van {years.indeling} liggen meer dan {config.cbs_year_tolerance} jaar van "
            f"{config.situation_year} en zijn niet gebruikt voor de kaarten (instelling cbs_year_tolerance); alleen de "
            f"inwonertallen van {years.indeling} bepalen welke buurten te weinig inwoners hebben.")
    frame = classify_all(indicator_frame(panel, config), config)
    areas = find_all_areas(frame, config)
    frame = classify_from_areas(frame, areas, config)
    missing = _missing_maps(frame)
    clustering = []
    if "focus" not in missing:
        pairs = queen_neighbours(frame.geometry.reset_index(drop=True))  # once for both columns
        clustering = [morans_i(frame, column, pairs=pairs) for column in ("onv", "kwetsbaar")]
    # the other references' areas, for the outlines of the maps with a reference switch
    others = {reference: find_all_areas(frame, config, reference) for reference in REFERENCES
              if reference != config.reference}
    return Analysis(config=config, panel=panel, buurten=frame, areas=areas, inputs_summary=inputs.summary,
                    attribution=inputs.attribution, missing=missing, clustering=clustering,
                    source_years=years, areas_by_reference=others)
