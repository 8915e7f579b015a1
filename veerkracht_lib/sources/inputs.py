"""Gather a region's input files (demo, hand-downloaded folder or download cache) and read them.

The result, `Inputs`, holds tidy frames only: the situation year's buurten of the region
(the target indeling), every year's buurten with their kerncijfers merged, Leefbaarometer
scores, the Nederland rows, and a table of which file came from where.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from veerkracht_lib import demo
from veerkracht_lib.config import ConfigError, RegionConfig, region_title
from veerkracht_lib.errors import MissingDataError, SourceError
from veerkracht_lib.numbers import fmt_count
from veerkracht_lib.schema import KWB_VARIABLES, NEDERLAND
from veerkracht_lib.sources import catalogue, cbs_buurten, kwb, leefbaarometer, own_index, prepared
from veerkracht_lib.sources.discovery import LABELS, Skip
from veerkracht_lib.workbook import data_dir as workbook_data


@dataclass
class Inputs:
    config: RegionConfig
    target: gpd.GeoDataFrame
    buurten_by_year: dict[int, gpd.GeoDataFrame]
    lbm_scores: pd.DataFrame | None
    lbm_geometry: gpd.GeoDataFrame | None
    nederland: pd.DataFrame
    own_index: pd.DataFrame | None
    summary: pd.DataFrame
    attribution: list[str]
    notes: list[str] = field(default_factory=list)


def data_folder(config: RegionConfig, data_dir: Path | None) -> Path | None:
    """The folder to read files from; the demo data are generated there when absent.

    ``data_dir`` (hand-downloaded files) applies to every region with real data; the synthetic
    demo region always reads its own generated files, so ``build --all --data-dir`` builds it too.
    """
    if data_dir is not None and config.data.source != "demo":
        folder = Path(data_dir)
        if not folder.is_dir():
            raise ConfigError(f"--data-dir {folder} is geen map; geef de datamap met de gedownloade bestanden")
        return folder
    if config.data.source == "demo":
        folder = config.data.dir or workbook_data() / "voorbeeldregio"
        if not (folder / "planted.json").is_file():
            demo.write_demo_data(folder)
        return folder
    if config.data.source == "files":
        if config.data.dir is None:
            raise ConfigError(f"regio {config.slug}: data.source is 'files' maar data.dir ontbreekt; vul data.dir in "
                              "of geef --data-dir")
        return config.data.dir
    return None


@dataclass
class Located:
    """Where each source file of a region is, or why it is missing (one row per file found, one
    per source × year missing), and the files of the data folder that are not used, with why
    (``ignored``: ``pad``, ``reden`` for people, ``soort``: a :class:`Skip` for code)."""

    folder: Path | None
    rows: list[dict]
    ignored: list[dict] = field(default_factory=list)

    def path(self, source: str, year: int | None = None) -> Path | None:
        paths = self.paths(source, year)
        return paths[0] if paths else None

    def paths(self, source: str, year: int | None = None) -> list[Path]:
        """Every file found for ``source`` and ``year``, best first (several are combined)."""
        return [Path(r["pad"]) for r in self.rows if r["bron"] == source and r["jaar"] == year and r["pad"]]

    def missing(self) -> list[dict]:
        return [r for r in self.rows if r["status"] == "ontbreekt" and r["nodig"]]


def locate_inputs(config: RegionConfig, data_dir: Path | None = None, fetch: bool | None = None) -> Located:
    """Find every file the region uses; with ``fetch`` download the required ones that are absent."""
    folder = data_folder(config, data_dir)
    fetch = (config.data.source == "download" and folder is None) if fetch is None else fetch
    gemeenten = None if config.all_gemeenten else config.gemeenten  # None: the whole table
    tolerance = config.cbs_year_tolerance
    window = range(config.base_year - tolerance, config.situation_year + tolerance + 1)
    found = {(source, year): catalogue.get_paths(source, year, data_dir=folder, gemeenten=gemeenten)
             for source in ("cbs_buurten", "kwb") for year in window}
    found.update({(source, None): catalogue.get_paths(source, None, data_dir=folder, gemeenten=gemeenten)
                  for source in ("leefbaarometer_buurten", "leefbaarometer_geometrie", "own_index")})
    maps_present = [year for year in window if found["cbs_buurten", year]]
    # the CBS years used: the asked ones, or the nearest within the params' tolerance
    base, situation = config.cbs_years(maps_present)
    required = {base or config.base_year, situation or config.situation_year}
    wanted = [(source, year, year in required) for source in ("cbs_buurten", "kwb") for year in window
              if year in required or config.base_year <= year <= config.situation_year or found[source, year]]
    wanted += [("leefbaarometer_buurten", None, True), ("leefbaarometer_geometrie", None, False),
               ("own_index", None, False)]
    rows = []
    for source, year, needed in wanted:
        paths = found[source, year]
        origin = "map" if paths and folder and Path(paths[0]).is_relative_to(folder) else ("cache" if paths else "")
        if not paths and fetch and needed:
            paths = [catalogue.fetch(source, year, gemeenten=gemeenten)]  # KWB: only the region's gemeenten
            origin = "download"
        for path in paths or [None]:
            rows.append({
                "bron": source, "jaar": year, "status": "gevonden" if path else "ontbreekt",
                "pad": str(path) if path else "", "herkomst": origin, "nodig": needed,
                "url": "" if path else _official_url(source, year),
            })
    return Located(folder, rows, _ignored_files(folder, rows, config))


def gemeenten_in_data(config: RegionConfig, data_dir: Path | None = None) -> dict[str, str]:
    """The region's gemeenten with their names in its buurtindeling (code -> name, None for a gemeente
    formed later): every gemeente of the map for ``gemeenten: all``; read from the prepared copy."""
    found = locate_inputs(config, data_dir)
    present = [r["jaar"] for r in found.rows if r["bron"] == "cbs_buurten" and r["pad"]]
    year = config.cbs_year(config.situation_year, present) or config.cbs_year(config.situation_year, present, 100)
    if year is None:
        raise MissingDataError(_missing_message(config, found.missing(), found.folder))
    pairs = _gemeenten_of_map(found.paths("cbs_buurten", year), year).dropna(subset=["gm_code"]).drop_duplicates("gm_code")
    names = dict(zip(pairs["gm_code"], pairs["gm_naam"].fillna(pairs["gm_code"])))
    if config.all_gemeenten:
        return names
    return {code: names.get(code) for code in config.gemeenten}  # a merged gemeente is named from its parts


def _ignored_files(folder: Path | None, rows: list[dict], config: RegionConfig) -> list[dict]:
    """The data folder's files that are not used: not recognised, or of a year the region does not use."""
    if folder is None:
        return []
    contents = catalogue.scan(folder)
    used = {r["pad"] for r in rows}
    ignored = [{"pad": str(item.path), "reden": item.reason, "soort": item.skip} for item in contents.ignored]
    years = f"{config.base_year}–{config.situation_year}"
    ignored += [
        {"pad": str(item.path), "soort": Skip.OTHER_YEAR,
         "reden": f"{LABELS[item.source]} {item.year}: geen van de jaren van deze regio ({years})"}
        for item in contents.found if str(item.path) not in used
    ]
    return sorted(ignored, key=lambda item: item["pad"].lower())


def _official_url(source: str, year: int | None) -> str:
    try:
        return catalogue.get_url(source, year)
    except SourceError:  # no official download (own index) or a year the catalogue does not list
        return ""


def _read_kwb(paths: list[Path], year: int, buurten: gpd.GeoDataFrame | None, notes: list[str],
              gemeenten: list[str] | None = None) -> pd.DataFrame:
    """The Kerncijfers of ``year`` from one or more files (a region in the first file wins); an OData
    table (keyed by code) through its prepared copy, only ``gemeenten`` and the Nederland row."""
    frames = []
    for path in paths:
        if kwb.is_odata(path):
            keep = None if gemeenten is None else [*gemeenten, NEDERLAND]
            frame = prepared.load(f"kwb{year}", path, lambda p: kwb.read_odata_csv(p, year), gemeenten=keep)
            unmatched = ()
        else:
            frame, unmatched = kwb.read(path, year, buurten)
        notes.extend(frame.attrs.get("notes", []))
        if len(unmatched):
            notes.append(f"Kerncijfers {year}: {len(unmatched)} namen niet aan een buurtcode gekoppeld ({path.name}).")
        frames.append(frame[frame["code"].notna()].assign(_bestand=path.name))
    return _once_per_key(frames, ["code"], f"Kerncijfers {year}", notes)


def _once_per_key(frames: list[pd.DataFrame], keys: list[str], what: str, notes: list[str]) -> pd.DataFrame:
    """Rows of several files, each key once: identical rows are one; of different ones the
    first file's is kept and a note names the keys and the files."""
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    repeated = combined[combined.duplicated(keys, keep=False)]
    if len(repeated):
        values = [c for c in combined.columns if c not in (*keys, "_bestand", "geometry")]
        differing = repeated.groupby(keys, dropna=False).filter(lambda group: _differ(group, values))
        if len(differing):
            codes = sorted(differing.drop_duplicates(keys)[keys[0]].astype(str))
            files = ", ".join(dict.fromkeys(differing["_bestand"]))
            notes.append(f"{what}: {len(codes)} gebied(en) staan met verschillende gegevens in meer dan één bestand "
                         f"({', '.join(codes[:5])}{', …' if len(codes) > 5 else ''}; {files}); "
                         "die uit het eerste bestand zijn gebruikt.")
    return combined.drop_duplicates(keys).drop(columns="_bestand").reset_index(drop=True)


def _differ(group: pd.DataFrame, columns: list[str]) -> bool:
    first = group.iloc[0]
    for _, row in group.iloc[1:].iterrows():
        for column in columns:
            a, b = first[column], row[column]
            if not (pd.isna(a) and pd.isna(b)) and a != b:
                return True
        if "geometry" in group and not first["geometry"].equals_exact(row["geometry"], 0.01):
            return True
    return False


def _buurtkaart(path: Path, year: int, **selection) -> pd.DataFrame:
    """A buurtkaart file through its prepared copy (``selection``: gemeenten, bounds, columns)."""
    return prepared.load(f"buurtkaart{year}", path, lambda p: cbs_buurten.read_buurten(p, year), **selection)


def _gemeenten_of_map(paths: list[Path], year: int) -> pd.DataFrame:
    """``gm_code`` and ``gm_naam`` of every buurt of the buurtkaart files (two columns, no geometry)."""
    return pd.concat([_buurtkaart(path, year, columns=["gm_code", "gm_naam"]) for path in paths])


def _read_buurten(paths: list[Path], year: int, notes: list[str], gemeenten: list[str] | None = None,
                  bounds: tuple | None = None) -> gpd.GeoDataFrame:
    """The buurtkaart of ``year`` from one or more files (e.g. regional extracts), each buurt once;
    through the prepared copies, only the buurten of ``gemeenten`` and/or within ``bounds``."""
    frames = [_buurtkaart(path, year, gemeenten=gemeenten, bounds=bounds).assign(_bestand=path.name) for path in paths]
    combined = _once_per_key(frames, ["code"], f"Buurtkaart {year}", notes)
    return gpd.GeoDataFrame(combined, geometry="geometry", crs=frames[0].crs).sort_values("code").reset_index(drop=True)


def _with_wijk_names(buurten: gpd.GeoDataFrame, paths: list[Path], figures: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """``buurten`` with ``wk_naam``: from the buurtkaart's wijk layer, else the Kerncijfers' wijk rows."""
    names = [cbs_buurten.read_wijk_names(path) for path in paths]
    if figures is not None:
        wijken = figures[figures["code"].str.startswith("WK", na=False)]
        names.append(pd.Series(wijken["naam"].astype("string").to_numpy(), index=wijken["code"].to_numpy()))
    known = pd.concat(names).dropna()
    known = known[known.str.strip().ne("")]
    known = known[~known.index.duplicated()]
    return buurten.assign(wk_naam=buurten["wk_code"].map(known).astype("string"))


def _merge_kwb(buurten: gpd.GeoDataFrame, figures: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """Kerncijfers onto the buurt map; the table wins where both have a value."""
    if figures is None:
        return buurten
    table = figures[figures["code"].str.startswith("BU", na=False)].set_index("code")
    out = buurten.set_index("code")
    for col in KWB_VARIABLES:
        if col in table:
            from_table = table[col].reindex(out.index)
            out[col] = from_table.combine_first(out[col]) if col in out else from_table
    return out.reset_index()


def _nederland(figures: dict[int, pd.DataFrame]) -> pd.DataFrame:
    rows = []
    for year, frame in figures.items():
        nl = frame[frame["code"] == NEDERLAND]
        if not nl.empty:
            rows.append(nl.iloc[0][[c for c in KWB_VARIABLES if c in nl]].rename(year))
    out = pd.DataFrame(rows, columns=list(KWB_VARIABLES))
    out.index.name = "jaar"
    return out.astype(float)


def load_inputs(config: RegionConfig, data_dir: Path | None = None, allow_missing: bool = False) -> Inputs:
    """Find and read every file the region needs; raise MissingDataError listing what is absent."""
    found = locate_inputs(config, data_dir)
    folder = found.folder
    years = sorted({r["jaar"] for r in found.rows if r["bron"] in ("cbs_buurten", "kwb")})
    maps = {y: found.paths("cbs_buurten", y) or None for y in years}
    tables = {y: found.paths("kwb", y) or None for y in years}
    lbm_paths = found.paths("leefbaarometer_buurten")
    lbm_geo_paths = found.paths("leefbaarometer_geometrie")
    own_paths = found.paths("own_index")
    if found.missing() and not allow_missing:
        hint = _year_hint(config, found.missing(), found)
        message = _missing_message(config, found.missing(), folder)
        raise MissingDataError(f"{hint}\n{message}" if hint and not config.synthetic else message)
    notes: list[str] = []

    present = [y for y, p in maps.items() if p is not None]
    if not present:
        raise MissingDataError(_missing_message(config, found.missing(), folder))
    # the buurtindeling of the report: the situation year's buurtkaart, else the nearest acceptable
    # one, else (--allow-missing) the nearest at all, whose CBS figures are then not used
    situation = config.cbs_year(config.situation_year, present) or config.cbs_year(config.situation_year, present, 100)
    if situation != config.situation_year:
        notes.append(f"De buurtkaart van {config.situation_year} ontbreekt: de kaarten tonen de buurtindeling van "
                     f"{situation}; de Leefbaarometer-scores houden hun eigen jaren.")
    used = {y for y in present if config.base_year <= y <= config.situation_year}
    used |= {situation, *config.cbs_years(present)} - {None}
    maps = {y: maps[y] for y in sorted(used)}
    codes = None if config.all_gemeenten else catalogue.gemeenten_in_year(config.gemeenten, situation)
    target = _region_buurten(_read_buurten(maps[situation], situation, notes, gemeenten=codes), config, situation,
                             maps[situation], notes)
    if config.title is None:  # named from the data: "Tilburg", "Heerlen, Kerkrade en 3 andere gemeenten"
        config = config.with_overrides(title=region_title(list(target["gm_naam"].dropna())))
    # the region's outline selects the other years' buurten; every gemeente needs every buurt (and the
    # union of all of them took 6 s at national size)
    outline = None if config.all_gemeenten else target.dissolve().geometry.iloc[0]
    bounds = None if outline is None else tuple(outline.bounds)
    # today's gemeenten and their predecessors in any year of the report, for the tables keyed by code
    region_codes = None if config.all_gemeenten else sorted(
        {*config.gemeenten, *(c for y in maps for c in catalogue.gemeenten_in_year(config.gemeenten, y))})
    figures = {}
    by_year = {}
    for year, paths in maps.items():
        buurten = target if year == situation else _read_buurten(paths, year, notes, bounds=bounds)
        selected = buurten if year == situation or outline is None else buurten[buurten.intersects(outline)]
        if tables.get(year) is not None:
            figures[year] = _read_kwb(tables[year], year, buurten, notes, gemeenten=region_codes)
        by_year[year] = _merge_kwb(selected, figures.get(year))
    target = _with_wijk_names(target, maps[situation], figures.get(situation))
    lbm_scores = leefbaarometer.read_scores_files(
        lbm_paths, lambda p: prepared.load("lbm", p, leefbaarometer.read_scores, gemeenten=region_codes),
    ) if lbm_paths else None
    if lbm_scores is not None:  # the scores keep their own years; only those of the report's period are used
        lbm_scores = lbm_scores[lbm_scores["jaar"].between(config.base_year, config.situation_year)]
    for item in found.ignored:
        if item["soort"] is Skip.WIJK_SCORES:
            notes.append(f"Het Leefbaarometer-bestand {Path(item['pad']).name} heeft geen scores per buurt (wel per wijk) "
                         "en is niet gebruikt; de buurtkaarten van overlast en onveiligheid vragen buurtscores.")
    lbm_geometry = _read_lbm_geometry(lbm_geo_paths, notes, bounds) if lbm_geo_paths else None
    own = _once_per_key([own_index.read(p).assign(_bestand=p.name) for p in own_paths], ["code", "jaar"],
                        "Eigen kwetsbaarheidsindex", notes) if own_paths else None
    return Inputs(
        config=config, target=target, buurten_by_year=by_year, lbm_scores=lbm_scores, lbm_geometry=lbm_geometry,
        nederland=_nederland(figures), own_index=own, summary=pd.DataFrame(found.rows),
        attribution=_attribution(config, found),
        notes=notes,
    )


def _read_lbm_geometry(paths: list[Path], notes: list[str], bounds: tuple | None = None) -> gpd.GeoDataFrame:
    frames = [prepared.load("lbm_geometrie", path, leefbaarometer.read_geometry, bounds=bounds).assign(_bestand=path.name)
              for path in paths]
    combined = _once_per_key(frames, ["code"], "Leefbaarometer-geometrie", notes)
    return gpd.GeoDataFrame(combined, geometry="geometry", crs=frames[0].crs)


def _region_buurten(buurten: gpd.GeoDataFrame, config: RegionConfig, year: int, paths: list[Path],
                    notes: list[str]) -> gpd.GeoDataFrame:
    """The region's buurten in ``year`` (read for its gemeenten); today's gemeenten resolve to their
    predecessors there."""
    if config.all_gemeenten:
        return buurten[buurten["gm_code"].notna()].reset_index(drop=True)
    codes = catalogue.gemeenten_in_year(config.gemeenten, year)
    present = set(buurten["gm_code"].dropna())
    if set(codes) != set(config.gemeenten):
        names = dict(zip(buurten["gm_code"], buurten["gm_naam"]))
        listed = ", ".join(f"{names[c]} ({c})" if c in names else c for c in codes)
        notes.append(f"In {year} bestond de regio uit de gemeenten {listed} "
                     "(voorgangers van de huidige gemeenten, volgens de lijst van herindelingen).")
    unknown = [c for c in codes if c not in present]
    if unknown:
        every = _gemeenten_of_map(paths, year)
        pairs = sorted(set(zip(every["gm_code"].dropna(), every["gm_naam"].fillna(""))))
        known = ", ".join(f"{c} {n}".strip() for c, n in pairs[:12])
        fix = "geef codes die erin staan" if config.adhoc else "verbeter 'gemeenten' in het params-bestand"
        raise ConfigError(
            f"gemeente {', '.join(unknown)} komt niet voor in de buurtkaart {year}; {fix} "
            f"(aanwezige codes: {known}{', …' if len(pairs) > 12 else ''})"
        )
    return buurten[buurten["gm_code"].isin(codes)].reset_index(drop=True)


SYNTHETIC_ATTRIBUTION = ("Synthetische voorbeelddata, gemaakt door veerkracht in de bestandsformaten van CBS en "
                         "Leefbaarometer 3.0 (MIT-licentie, zoals veerkracht zelf)")


def _attribution(config: RegionConfig, found: Located) -> list[str]:
    """Attribution of each source used, with its licence from the catalogue."""
    if config.synthetic:
        return [SYNTHETIC_ATTRIBUTION]
    lines = {f"{catalogue.attribution(r['bron']).removeprefix('Bron: ')} ({catalogue.licence(r['bron'])})"
             for r in found.rows if r["status"] == "gevonden"}
    return sorted(lines)


def _year_hint(config: RegionConfig, missing: list[dict], found: Located) -> str | None:
    """When a required year has no buurtkaart at all, name the parameter and the years that are there."""
    years_present = sorted(r["jaar"] for r in found.rows if r["bron"] == "cbs_buurten" and r["status"] == "gevonden")
    absent = sorted({r["jaar"] for r in missing if r["bron"] == "cbs_buurten"})
    if not absent or not years_present:
        return None
    names = {config.situation_year: "situation_year", config.base_year: "base_year"}
    params = ", ".join(f"{names[y]} {y}" for y in absent if y in names)
    keys = [names[y] for y in absent if y in names]
    where = ("geef " + " en ".join(f"--{key.replace('_', '-')}" for key in keys) + " op de opdrachtregel"
             if config.adhoc else f"pas {' en '.join(keys)} aan in het params-bestand")
    return (f"regio {_name(config)}: {params} niet in de data (buurtkaarten gevonden voor "
            f"{', '.join(map(str, years_present))}); {where}, sta het dichtstbijzijnde jaar toe met "
            "--cbs-year-tolerance, of voeg de bestanden toe")


def _name(config: RegionConfig) -> str:
    """How messages name a region: its params name, or its gemeente codes."""
    return ", ".join(config.gemeenten) if config.adhoc else config.slug


def _missing_message(config: RegionConfig, missing: list[dict], folder: Path | None) -> str:
    """One line per missing file, each saying where to get it and where to put it."""
    if config.synthetic:
        years = ", ".join(map(str, demo.DEMO_YEARS))
        absent = [f"{name} {year}" for name, year in (("base_year", config.base_year), ("situation_year", config.situation_year))
                  if year not in demo.DEMO_YEARS]
        return (f"regio {config.slug}: {', '.join(absent) or 'een jaar'} niet in de synthetische voorbeelddata, "
                f"die {years} beslaan; kies jaren daaruit")
    files = fmt_count(len(missing), "invoerbestand", "invoerbestanden")
    lines = [f"regio {_name(config)}: {files} {'ontbreekt' if len(missing) == 1 else 'ontbreken'}:"]
    for r in missing:
        try:
            catalogue.require(r["bron"], r["jaar"], folder, download=False)
        except SourceError as err:
            lines.append(f"  - {err}")
    lines.append("Download ze met 'veerkracht data fetch' (internet nodig), zet de bestanden in de datamap "
                 "(--data-dir), of bouw met --allow-missing de kaarten die te maken zijn.")
    return "\n".join(lines)
