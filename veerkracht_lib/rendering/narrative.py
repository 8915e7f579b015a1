"""Dutch narrative computed from the data: every sentence is a template filled with figures.

Templates live in ``templates/nl/*.md.j2``; a region overrides any of them by putting a file
of the same name in ``params/<region>/templates/``, and adds its own commentary as Markdown
in ``params/<region>/<chapter>.md`` and ``params/<region>/gebieden/<buurtcode>.md``.
"""
from __future__ import annotations

import functools
from pathlib import Path

import jinja2
import pandas as pd

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.atelier import IN_FOCUSGEBIED
from veerkracht_lib.analysis.gemeenten import areas_by_gemeente, class_figures, means
from veerkracht_lib.analysis.maps import MAPS, Mean
from veerkracht_lib.analysis.matrix import CELLS, PLAIN_FOCUS
from veerkracht_lib.analysis.reproduction import (
    NATIONAL_CONCENTRATION,
    NATIONAL_CONCENTRATION_YEAR,
    concentration_table,
    corporation_dwellings_share,
)
from veerkracht_lib.analysis.robustness import KEEPS
from veerkracht_lib.analysis.run import REFERENCE_LABEL, Analysis
from veerkracht_lib.analysis.samenhang import carried_by, samenhang_table, usable_for
from veerkracht_lib.analysis.tweedeling import divergence
from veerkracht_lib.config import Thresholds
from veerkracht_lib.numbers import fmt_count, fmt_number, fmt_pct, fmt_share, fmt_signed
from veerkracht_lib.workbook import region_folder

TEMPLATES = Path(__file__).parent / "templates" / "nl"

def _region_folder(slug: str, params_dir: Path | None) -> Path:
    return params_dir / slug if params_dir else region_folder(slug)


def environment(slug: str, params_dir: Path | None = None) -> jinja2.Environment:
    """Jinja environment: the region's own templates first, then ours."""
    return _environment((str(_region_folder(slug, params_dir) / "templates"), str(TEMPLATES)))


@functools.lru_cache(maxsize=16)
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    """One environment per template search path: each template is compiled once per process (at
    national size the summary rendered one per gemeente, 350 compilations); jinja still reloads a
    template whose file changed."""
    loader = jinja2.FileSystemLoader(list(folders))
    env = jinja2.Environment(loader=loader, autoescape=False, undefined=jinja2.StrictUndefined,
                             trim_blocks=False, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(num=fmt_number, pct=fmt_pct, aandeel=fmt_share, signed=fmt_signed, md=escape_markdown,
                       aantal=fmt_count, names=names, hoofdletter=capital)
    env.globals["zip"] = zip
    return env


def escape_markdown(text: object) -> str:
    """Names from the data shown literally: HTML and Markdown control characters escaped."""
    out = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def render(analysis: Analysis, template: str, **facts) -> str:
    env = environment(analysis.config.slug)
    return env.get_template(template).render(regio=analysis.config.title, config=analysis.config, **facts).strip()


def commentary(analysis: Analysis, name: str, params_dir: Path | None = None) -> str | None:
    """The region author's own Markdown for a chapter (``01_situatie``) or area, if any."""
    path = _region_folder(analysis.config.slug, params_dir) / f"{name}.md"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def area_commentary(analysis: Analysis, buurten: str, params_dir: Path | None = None) -> str | None:
    """Author's Markdown for an area, keyed by any of its buurt codes (stable across builds)."""
    for code in buurten.split(", "):
        text = commentary(analysis, f"gebieden/{code}", params_dir)
        if text:
            return text
    return None


def map_facts(analysis: Analysis, key: str, reference: str | None = None) -> dict:
    """Shares of inhabitants on the problem side of one map, in the region and per gemeente.

    Only buurten with a class count (`gemeenten.class_figures`): a gemeente without data has no share.
    """
    record, t = MAPS[key], analysis.config.thresholds
    labels = list(record.problems(t))
    column = analysis.class_column(key, reference)
    frame = analysis.buurten
    region = class_figures(frame, column, labels, by=None).iloc[0]
    per_gemeente = class_figures(frame, column, labels)["probleem_aandeel"].dropna().sort_values(ascending=False)
    return {
        "kaart": analysis.schemes[key].title, "zin": record.phrase(t), "aandeel": float(region["probleem_aandeel"]),
        "zonder_gegevens": int(region["zonder_gegevens"]),
        "referentie": REFERENCE_LABEL[reference or analysis.config.reference] if record.per_reference else None,
        "hoogst": extremes(per_gemeente)[0] if len(per_gemeente) else None,
        "laagst": extremes(per_gemeente)[1] if len(per_gemeente) > 1 else None,
        "gemeenten": [(g, float(v)) for g, v in per_gemeente.items()],
    }


def _national_mean(analysis: Analysis, key: str, reference: str) -> Mean | None:
    """The mean a paragraph compares with Nederland: only under the national reference, and not for an
    index whose 100 is the region's own average (national figures missing)."""
    record = MAPS[key]
    if reference != "nederland" or record.mean is None or (record.uses_index() and analysis.panel.regional_rates):
        return None
    return record.mean


def gemeente_facts(analysis: Analysis, key: str, reference: str | None = None) -> dict | None:
    """What the paragraphs per gemeente under map ``key`` say: per gemeente its share on the problem and
    the favourable side beside the region's, its mean beside the region's and Nederland's (national
    reference only), the areas outlined on the map that lie in it, and the author's commentary.

    None when the region has one gemeente (its paragraph would repeat the region's) or the map has no
    problem side or no data.
    """
    record, t = MAPS[key], analysis.config.thresholds
    frame = analysis.buurten
    one_gemeente = frame["gm_naam"].nunique() < 2
    if one_gemeente or not record.problems(t) or not analysis.available(key) or record.area_classifier:
        return None
    reference = reference or analysis.config.reference
    column = record.class_column(reference)
    problems, favourable = list(record.problems(t)), list(record.favourable(t))
    figures = class_figures(frame, column, problems, favourable)
    mean = _national_mean(analysis, key, reference)
    averages = means(frame, column, list(mean.columns)) if mean else None
    region_average = means(frame, column, list(mean.columns), by=None).iloc[0].tolist() if mean else None
    areas = areas_by_gemeente(analysis.areas_for(reference), record.outlines) if record.outlines else {}
    codes = frame.groupby("gm_naam")["gm_code"].first()
    rows = []
    for gemeente, row in figures.to_dict("index").items():
        in_gemeente = areas.get(gemeente)
        rows.append({
            "gemeente": gemeente, **row,
            "gemiddelde": averages.loc[gemeente].tolist() if mean else None,
            "gebieden": [] if in_gemeente is None else [
                {"gebied": a["gebied"], "naam": _short_name(a["naam"], gemeente), "klasse": a["klasse"]}
                for a in in_gemeente.to_dict("records")],
            "toelichting": commentary(analysis, f"gemeenten/{codes[gemeente]}/kaart{record.number}"),
        })
    return {
        "kaart": analysis.schemes[key].title, "nummer": record.number, "jaren": analysis.years(key),
        "referentie": REFERENCE_LABEL[reference] if record.per_reference else None,
        "zin": record.phrase(t), "gunstig_zin": record.favourable_phrase if favourable else "",
        "regio_cijfers": class_figures(frame, column, problems, favourable, by=None).iloc[0].to_dict(),
        "gemiddelde": mean.name if mean else None, "nederland": mean.national if mean else None,
        "regio_gemiddelde": region_average, "decimalen": analysis.schemes[key].decimals,
        "toon_klasse": len(record.area_classes) > 1, "gemeenten": rows,
    }


def _short_name(name: str, gemeente: str) -> str:
    """An area's name without its gemeente when that is the gemeente of the paragraph."""
    return name.removesuffix(f" ({gemeente})")


def grouped(bodies: list[tuple[str, str]]) -> list[tuple[list[str], str]]:
    """(names, text) of gemeenten whose text is the same, named together, in the order of their first."""
    groups: dict[str, list[str]] = {}
    for gemeente, body in bodies:
        groups.setdefault(body, []).append(gemeente)
    return [(names, body) for body, names in groups.items()]


def gemeenten_text(analysis: Analysis, key: str, reference: str | None = None) -> str:
    """The paragraphs per gemeente under map ``key`` ("" when there are none, see `gemeente_facts`)."""
    facts = gemeente_facts(analysis, key, reference)
    if facts is None:
        return ""
    bodies = [(row["gemeente"], render(analysis, "kaart_gemeente.md.j2", g=row, **facts)) for row in facts["gemeenten"]]
    return render(analysis, "kaart_gemeenten.md.j2", groepen=grouped(bodies), **facts)


def extremes(shares: pd.Series) -> tuple[tuple[list[str], float], tuple[list[str], float]]:
    """The highest and the lowest share with *every* gemeente at it, names sorted.

    Shares that print the same (`fmt_pct`) are a tie: the text cannot tell them apart.
    """
    printed = shares.map(fmt_pct)
    high, low = shares.idxmax(), shares.idxmin()

    def tied(at: str) -> tuple[list[str], float]:
        return sorted(printed.index[printed == printed[at]]), float(shares[at])

    return tied(high), tied(low)


def capital(text: str) -> str:
    """The text with a capital first letter, the rest as it is ("minder dan 1%" -> "Minder dan 1%")."""
    return text[:1].upper() + text[1:]


def names(items: list[str]) -> str:
    """"A", "A en B", "A, B en C" (names from the data, escaped)."""
    items = [escape_markdown(item) for item in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _absent(analysis: Analysis, key: str) -> set[str]:
    return {name.strip() for name in analysis.missing[key].split(",")}


def missing_data(analysis: Analysis, key: str) -> str:
    """In words, the data a map lacks (``analysis.missing`` names the indicators)."""
    return MAPS[key].missing_data(_absent(analysis, key))


def missing_clause(analysis: Analysis, key: str) -> str:
    """The data a map lacks with the verb that agrees: "het aandeel corporatiewoningen (…) ontbreekt"."""
    return f"{missing_data(analysis, key)} {MAPS[key].missing_verb(_absent(analysis, key))}"


def map_text(analysis: Analysis, key: str, reference: str | None = None) -> str:
    """The sentences under a map: its problem side in the region and per gemeente, or why it is absent."""
    record = MAPS[key]
    if key in analysis.missing:
        return render(analysis, "kaart_ontbreekt.md.j2", kaart=analysis.schemes[key].title, mist=missing_data(analysis, key),
                      ontbreekt=MAPS[key].missing_verb(_absent(analysis, key)))
    if not analysis.available(key):
        return record.empty_text
    if not record.problems(analysis.config.thresholds):
        return ""
    region = render(analysis, "kaart.md.j2", **map_facts(analysis, key, reference))
    return "\n\n".join(part for part in (region, gemeenten_text(analysis, key, reference)) if part)


def areas_not_computed(analysis: Analysis) -> str | None:
    """Why no areas could be determined (the focuskaart is missing), or None when they were."""
    if "focus" not in analysis.missing:
        return None
    return f"Gebieden konden niet worden bepaald, omdat {missing_clause(analysis, 'focus')}."


def areas_facts(analysis: Analysis, kaart: str, klasse: str | None = None) -> list[dict]:
    areas = analysis.areas[analysis.areas["kaart"] == kaart]
    if klasse:
        areas = areas[areas["klasse"] == klasse]
    return areas.drop(columns="geometry").to_dict("records")


def gemeente_highlights(analysis: Analysis) -> list[tuple[list[str], str]]:
    """The summary's line per gemeente: its most notable finding, the map of chapters I–II on whose problem
    side its share differs most from the region's (in percentage points; differences that print the same
    are all named). Gemeenten with the same line are named together; none for a region of one gemeente."""
    frame, t = analysis.buurten, analysis.config.thresholds
    if frame["gm_naam"].nunique() < 2:
        return []
    per_map = []
    for record in analysis.maps:
        if record.problems(t) and not record.area_classifier and analysis.available(record.key):
            column, problems = analysis.class_column(record.key), list(record.problems(t))
            region = class_figures(frame, column, problems, by=None).iloc[0]
            per_map.append((record, class_figures(frame, column, problems), region["probleem_aandeel"]))
    lines = []
    for gemeente in sorted(frame["gm_naam"].unique()):
        findings = [{"kaart": record.number, "zin": record.phrase(t), "jaren": analysis.years(record.key),
                     "referentie": REFERENCE_LABEL[analysis.config.reference] if record.per_reference else None,
                     "aandeel": figures.at[gemeente, "probleem_aandeel"],
                     "buurten": figures.at[gemeente, "probleem_buurten"],
                     "regio": region, "verschil": figures.at[gemeente, "probleem_aandeel"] - region}
                    for record, figures, region in per_map if figures.at[gemeente, "buurten"] > 0]
        if findings:
            largest = fmt_number(max(abs(f["verschil"]) for f in findings))
            findings = [f for f in findings if fmt_number(abs(f["verschil"])) == largest]
        lines.append((gemeente, render(analysis, "samenvatting_gemeente.md.j2", bevindingen=findings)))
    return grouped(lines)


def samenvatting(analysis: Analysis) -> str:
    """The index page's computed summary of the region's main findings."""
    frame = analysis.buurten
    usable = frame[~frame["te_klein"]]
    focus_areas = areas_facts(analysis, "focus")
    weak = [a for a in areas_facts(analysis, "veerkracht")
            if a["klasse"] in C.WEAK]
    resilient = areas_facts(analysis, "veerkracht", C.VEERKRACHT)
    sam = samenhang_table(frame, analysis.config.thresholds) if analysis.available("focus") else None
    facts = {
        "n_buurten": len(frame), "n_gemeenten": frame["gm_code"].nunique(),
        "inwoners": float(usable["inwoners"].sum()), "n_klein": int(frame["te_klein"].sum()),
        "jaar_inwoners": analysis.source_years.indeling or analysis.config.situation_year,
        "jaren_focus": analysis.years("focus"), "jaren_veerkracht": analysis.years("veerkracht"),
        "focus": map_facts(analysis, "focus") if analysis.available("focus") else None,
        "corporatie": map_facts(analysis, "corporatie") if analysis.available("corporatie") else None,
        "veerkracht": map_facts(analysis, "veerkracht") if analysis.available("veerkracht") else None,
        "focus_gebieden": focus_areas, "zwak": weak, "veerkrachtig": resilient,
        "r": None if sam is None else sam.iloc[0].to_dict(),
        "r_enkele_buurten": sam is not None and carried_by(usable_for(frame, "kwetsbaar"), "kwetsbaar", "onv") is not None,
        "synthetisch": analysis.config.synthetic, "gemeenten": gemeente_highlights(analysis),
        "ontbreekt": {f"kaart {r.number} ({analysis.schemes[r.key].title.split(':')[0].lower()})": missing_clause(analysis, r.key)
                      for r in analysis.maps if r.key in analysis.missing},
    }
    return render(analysis, "samenvatting.md.j2", **facts)


def samenhang_text(analysis: Analysis, development: bool = False) -> str:
    x, y = ("d_kwetsbaar", "d_onv") if development else ("kwetsbaar", "onv")
    table = samenhang_table(analysis.buurten, analysis.config.thresholds, x, y)
    zonder = carried_by(usable_for(analysis.buurten, x), x, y)
    return render(analysis, "samenhang.md.j2", rows=table.to_dict("records"), ontwikkeling=development, zonder=zonder)


def tweedeling_text(analysis: Analysis) -> str:
    table = divergence(analysis.buurten)
    return render(analysis, "tweedeling.md.j2", rows=table.to_dict("records"),
                  basisjaar=analysis.config.base_year, jaar=analysis.config.situation_year)


def tweedeling_missing(analysis: Analysis) -> str:
    """Why the tweedeling could not be computed (no development of either indicator)."""
    lacking = {missing_data(analysis, r.key) for r in analysis.maps if r.development and r.key in analysis.missing}
    return (f"De tweedeling kan niet worden berekend, omdat {' en '.join(sorted(lacking)) or 'de gegevens'} "
            "ontbreken.")


def method_text(analysis: Analysis) -> str:
    """What the report used: data, years, reference, thresholds, matching across boundaries."""
    matching = analysis.panel.matching.reset_index().to_dict("records")
    return render(analysis, "methode.md.j2", schemes=[analysis.schemes[r.key] for r in analysis.maps if r.area_classifier is None],
                  matching=matching, notes=list(dict.fromkeys(analysis.notes)),
                  bronnen=analysis.attribution, reference=REFERENCE_LABEL[analysis.config.reference],
                  aangepast=analysis.config.thresholds != Thresholds(), t=analysis.config.thresholds,
                  eigen_index=bool(analysis.panel.values.get("kwetsbaar_eigen", pd.Series(dtype=float)).notna().any()),
                  jaren=analysis.source_years, gewichten=weights_used(analysis), koppeling=analysis.panel.score_matching,
                  landelijk=national_sources(analysis))


def national_sources(analysis: Analysis) -> list[str]:
    """Per year of the report's CBS figures, where each national figure of the index came from."""
    used = {analysis.source_years.cbs, analysis.source_years.cbs_basis}
    grouped: dict[tuple[int, str], list[str]] = {}
    for (jaar, name), source in sorted(analysis.panel.national_used.items()):
        if jaar in used:
            grouped.setdefault((jaar, source), []).append(name.replace("_", " "))
    return [f"{' en '.join(names)} {jaar}: {source}" for (jaar, source), names in grouped.items()]


def weights_used(analysis: Analysis) -> dict[str, float]:
    """The index weights of the components that have data in the situation year, renormalised to 1."""
    from veerkracht_lib.analysis.indicators import COMPONENTS

    year = analysis.panel.year(analysis.source_years.cbs) if analysis.source_years.cbs else None
    weights = {name: w for name, w in analysis.config.vulnerability.components.items()
               if year is not None and COMPONENTS[name][0] in year and year[COMPONENTS[name][0]].notna().any()}
    total = sum(weights.values())
    return {name: w / total for name, w in weights.items()} if total else {}


def atelier_rule_text(analysis: Analysis) -> str:
    """What a gebiedsatelier is and the numbered rules that choose and order its candidates (params' thresholds)."""
    return render(analysis, "atelier.md.j2", t=analysis.config.thresholds, basisjaar=analysis.config.base_year,
                  referentie=REFERENCE_LABEL[analysis.config.reference])


def _cells(stress: list[str]) -> str:
    """"woningprogramma (doorbreken × woning) en …": the perspectives with their cell of the matrix."""
    return names([f"{name} ({' × '.join(CELLS[name])})" for name in stress])


def _condition(analysis: Analysis, area: dict) -> str:
    """Why ``area`` gets its cells: the conditions of `matrix.emphasis` for its type, in words."""
    t = analysis.config.thresholds
    if area["type"] == PLAIN_FOCUS:
        unknown = [what for what, known in (("de ontwikkeling", area["veerkracht"] in MAPS["veerkracht"].scheme(t).labels),
                                            ("het corporatiebezit", area["corporatie"] == area["corporatie"]))
                   if not known]
        if unknown:
            return f"een focusgebied waarvan {' en '.join(unknown)} onbekend {'is' if len(unknown) == 1 else 'zijn'}"
        return ("een focusgebied dat niet in een bijzonder type valt (weinig veerkracht in een corporatiebuurt, "
                "veerkracht, vooral particulier bezit)")
    return {
        "focus, vooral particulier bezit": f"een focusgebied met minder dan {fmt_pct(t.particulier)} corporatiebezit, "
                                           "dus vooral particuliere woningen",
        "focus, weinig veerkracht, corporatiebuurt": "een focusgebied met weinig veerkracht en "
                                                     f"{fmt_pct(t.corporatiebuurt)} of meer corporatiebezit",
        "focus met veerkracht": "een focusgebied dat veerkracht toont: meer kwetsbare bewoners terwijl de overlast "
                                "niet verslechterde",
        "verslechtering zonder toename kwetsbaren": "de overlast verslechterde terwijl het aandeel kwetsbare bewoners "
                                                    "niet toenam",
        "veerkracht": "geen focusgebied, en de ontwikkeling is veerkracht",
        "weinig veerkracht": "geen focusgebied, maar wel weinig veerkracht",
    }[area["type"]]


def areas_text(analysis: Analysis, figures: pd.DataFrame, robustness: pd.DataFrame) -> str:
    """Every area per gemeente, as the reference report lists its circled areas: its figures, whether it is
    a candidate for a gebiedsatelier and by which rule, its emphasis in the matrix and why, how robust it
    is (``robustness``: `robustness.area_robustness`), and the author's notes."""
    veerkracht_labels = MAPS["veerkracht"].scheme(analysis.config.thresholds).labels
    per_gemeente = []
    for gemeente, group in figures.sort_values(["gm_naam", "inwoners", "gebied"], ascending=[True, False, True]).groupby(
            "gm_naam", sort=True):
        items = []
        for area in group.to_dict("records"):
            kept = robustness.loc[area["gebied"]]
            stress = [name for name in area["nadruk"].split(", ") if name]
            items.append(dict(
                # an area inside a focus area shares its buurten, and so its notes: they are shown there
                area, toelichting=None if area["status"] == IN_FOCUSGEBIED else area_commentary(analysis, area["buurten"]),
                cellen=_cells(stress) if stress else "", n_cellen=len(stress),
                voorwaarde=_condition(analysis, area) if stress else "",
                # a class of map 7, or None when the development is unknown (no data, too few inhabitants)
                ontwikkeling=area["veerkracht"] if area["veerkracht"] in veerkracht_labels else None,
                n_keuzes=int(kept.notna().sum()), stevig=None if kept.isna().all() else bool((kept.dropna() >= KEEPS).all()),
                wankel=[f"{label} ({fmt_pct(share)})" for label, share in kept.dropna().items() if share < KEEPS],
                onbepaald=list(kept.index[kept.isna()])))
        per_gemeente.append({"gemeente": gemeente, "gebieden": items})
    return render(analysis, "gebieden.md.j2", gemeenten=per_gemeente, basisjaar=analysis.config.base_year)


def concentration_text(analysis: Analysis) -> str:
    """The research's concentration figures (methodology §8) for the region beside the national ones,
    or why they cannot be computed."""
    c = corporation_dwellings_share(analysis.buurten)
    facts = {"landelijk": NATIONAL_CONCENTRATION, "landelijk_jaar": NATIONAL_CONCENTRATION_YEAR,
             "jaar": analysis.source_years.cbs, "n_onbekend": c["n_onbekend"], "corporatiewoningen": c["corporatiewoningen"]}
    if c["corporatiewoningen"] > 0:
        return render(analysis, "concentratie.md.j2", aandelen=c["aandelen"], **facts)
    return render(analysis, "concentratie.md.j2", aandelen=None, reden=_concentration_missing(analysis), **facts)


def _concentration_missing(analysis: Analysis) -> str:
    """Why the concentration cannot be computed: which figure per buurt is absent, or no corporation dwellings."""
    frame = analysis.buurten
    absent = [text for column, text in (("corporatie", "het aandeel corporatiebezit"), ("woningen", "het aantal woningen"))
              if frame[column].isna().all()]
    if absent:
        return f"{' en '.join(absent)} per buurt {'ontbreekt' if len(absent) == 1 else 'ontbreken'}"
    if not (frame["woningen"].notna() & frame["corporatie"].notna()).any():
        return "geen buurt zowel een aantal woningen als een aandeel corporatiebezit heeft"
    return "de cijfers in geen enkele buurt corporatiewoningen tellen"


def concentration_rows(analysis: Analysis) -> pd.DataFrame:
    """The concentration table: Nederland (the research), the region and each gemeente; NaN (shown as "–",
    see `CONCENTRATION_CAPTION`) where a share cannot be computed, never 0."""
    table = concentration_table(analysis.buurten, analysis.config.title)
    year = "–" if analysis.source_years.cbs is None else str(analysis.source_years.cbs)
    rows = [{"gebied": "Nederland (Aedes-onderzoek)", "jaar": str(NATIONAL_CONCENTRATION_YEAR),
             "corporatiewoningen": float("nan"),
             **{f"in buurten met ≥ {edge}%": float(value) for edge, value in NATIONAL_CONCENTRATION.items()}}]
    for row in table.to_dict("records"):
        computed = row["corporatiewoningen"] > 0
        rows.append({"gebied": row["gebied"], "jaar": year if computed else "–",
                     "corporatiewoningen": row["corporatiewoningen"] if computed else float("nan"),
                     **{f"in buurten met ≥ {edge}%": row[f"aandeel_{edge}"] for edge in NATIONAL_CONCENTRATION}})
    return pd.DataFrame(rows)


#: how to read `concentration_rows`
CONCENTRATION_CAPTION = ("Aandeel van de corporatiewoningen in buurten met 60% en 80% of meer corporatiebezit "
                         "(– : niet te berekenen, omdat woningaantal of corporatiebezit ontbreekt; het aantal "
                         "corporatiewoningen van Nederland staat niet bij de cijfers van het onderzoek)")
