"""CBS Kerncijfers wijken en buurten (KWB): the two CSV shapes the table comes in.

(``download.download_odata_csv`` saves an OData table in the first shape.)

- :func:`read_odata_csv` - the table as ``cbsodata.get_data(id)`` returns it, saved as CSV:
  keyed by code (``Codering_N``); column keys carry a numeric suffix that changes per year.
- :func:`read_statline_export` - a StatLine website export keyed by *name only*; names are
  matched to codes through the same year's buurt table.
- :func:`read` - either of the two, recognised by its header.

All readers return the tidy shape of ``schema.py``: ``KWB_KEYS`` plus the ``KWB_VARIABLES``
the file holds, one row per region; missing values are NaN.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from veerkracht_lib.errors import SourceError
from veerkracht_lib.schema import KWB_KEYS, NEDERLAND
from veerkracht_lib.sources.tables import (
    normalise_name,
    read_csv_header,
    read_csv_table,
    to_numbers,
)

#: stems of the OData column keys (the ``_N`` suffix differs per year) per variable; the
#: 2013 table (82339NED) has its own stems (``HuishoudensMetLaagInkomen_69``,
#: ``PersonenMetEenWWBUitkeringTotaal_73``), 2024 (85984NED) renumbered the keys
ODATA_STEMS = {
    "inwoners": ["AantalInwoners"],
    "huishoudens": ["HuishoudensTotaal"],
    "woningen": ["Woningvoorraad"],
    "corporatie_pct": ["InBezitWoningcorporatie"],
    "bijstand": ["PersonenPerSoortUitkeringBijstand", "PersonenMetEenWWBUitkeringTotaal"],
    "laag_inkomen_pct": ["HuishoudensMetEenLaagInkomen", "HuishoudensMetLaagInkomen"],
    "niet_westers": ["NietWestersTotaal"],
}
#: measures that took a variable's place in a later table but are not the same measure: they
#: are never read as that variable, only named in a note (2024: persons in poverty, a share of
#: persons by another definition, instead of households with a low income)
ODATA_NOT_THE_SAME = {"laag_inkomen_pct": "PersonenInArmoede"}
#: stems of the region dimension: ``WijkenEnBuurten``, in the 2013 table ``RegioS``
ODATA_DIMENSION_STEMS = ["WijkenEnBuurten", "RegioS"]
#: stems of the OData region columns: name (the dimension title), gemeente, kind, code
ODATA_REGION_STEMS = [*ODATA_DIMENSION_STEMS, "Gemeentenaam", "SoortRegio", "Codering"]

#: flattened StatLine export column names (normalised) per variable
STATLINE_COLUMNS = {
    "inwoners": ["bevolking_aantal_inwoners"],
    "huishoudens": ["bevolking_particuliere_huishoudens_huishoudens_totaal"],
    "woningen": ["wonen_woningvoorraad"],
    "corporatie_pct": ["wonen_woningen_naar_eigendom_huurwoningen_in_bezit_woningcorporatie"],
    "bijstand": ["sociale_zekerheid_personen_per_soort_uitkering_bijstand"],
    "laag_inkomen_pct": ["inkomen_inkomen_van_huishoudens_huishoudens_met_een_laag_inkomen"],
    "niet_westers": ["bevolking_personen_met_een_migratieachtergrond_niet_westers_niet_westers_totaal"],
}
STATLINE_NAME_COLUMNS = ["wijk_buurt", "wijken_en_buurten", "regio_s"]
STATLINE_INDELING_COLUMN = "regioaanduiding_indelingswijziging_wijken_en_buurten"

SOORT_BY_PREFIX = {"NL": "land", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}
REGION_CODE = re.compile(r"^(NL\d{2}|GM\d{4}|WK\d{6}|BU\d{8})$")
WIJK_NAME = re.compile(r"^wijk (\d{2})\b", re.IGNORECASE)
UNMATCHED_COLUMNS = ["naam", "soort", "gm_code", "reden"]


def stem(key: str) -> str:
    """The name of an OData key before its numeric suffix: ``AantalInwoners_5`` -> ``AantalInwoners``."""
    return re.sub(r"_\d+$", "", key)


def odata_columns(keys: list[str]) -> dict[str, str]:
    """The key of each variable among a table's column keys (``DataProperties`` or a CSV header).

    Variables the table lacks are left out; see :data:`ODATA_NOT_THE_SAME` for measures that
    replaced one and are deliberately not used in its place.
    """
    by_stem: dict[str, str] = {}
    for key in keys:
        by_stem.setdefault(stem(key), key)
    found = {}
    for variable, stems in ODATA_STEMS.items():
        key = next((by_stem[name] for name in stems if name in by_stem), None)
        if key is not None:
            found[variable] = key
    return found


def odata_dimension(keys: list[str]) -> str | None:
    """The region dimension among the keys: ``WijkenEnBuurten`` (``RegioS`` in 2013)."""
    return next((key for key in keys if stem(key) in ODATA_DIMENSION_STEMS), None)


def not_the_same_measure(keys: list[str]) -> dict[str, str]:
    """Variable -> the key of a measure that replaced it in this table (and is not used for it)."""
    present = odata_columns(keys)
    stems = {stem(key): key for key in keys}
    return {variable: stems[name] for variable, name in ODATA_NOT_THE_SAME.items()
            if variable not in present and name in stems}


# -- readers -------------------------------------------------------------------------------------


def read(path: str | Path, year: int, buurten: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read either KWB CSV shape; returns the tidy frame and the unmatched-names report.

    An OData CSV is keyed by code already, so its report is empty.
    """
    if is_odata(path):
        return read_odata_csv(path, year), pd.DataFrame(columns=UNMATCHED_COLUMNS)
    return read_statline_export(path, year, buurten)


def is_odata(path: str | Path) -> bool:
    """True for a table keyed by code (the OData shape), False for a StatLine export keyed by name."""
    # OData keys are CamelCase (WijkenEnBuurten, Codering_3, AantalInwoners_5); an export's are
    # Wijk_Buurt, Bevolking_Aantal_inwoners: a file with any OData region key is read (and its
    # errors reported) as OData
    return bool({stem(column) for column in read_csv_header(path)} & set(ODATA_REGION_STEMS))


def read_odata_csv(path: str | Path, year: int) -> pd.DataFrame:
    """Read a Kerncijfers table saved from OData (``cbsodata.get_data``) as CSV.

    Columns are recognised by their stem (``AantalInwoners_5`` -> ``AantalInwoners``), codes
    and names are stripped of their padding, and ``soort`` follows the code prefix
    (land, gemeente, wijk, buurt).
    """
    table, decimal = read_csv_table(path)
    by_stem: dict[str, str] = {}
    for column in table.columns:
        by_stem.setdefault(stem(column), column)
    dimension = odata_dimension(list(table.columns))
    missing = ([] if dimension else ["WijkenEnBuurten (RegioS)"]) + (["Codering"] if "Codering" not in by_stem else [])
    if missing:
        raise SourceError(
            f"{path}: geen Kerncijfers-CSV van CBS OData (geen kolom {' of '.join(missing)}); verwacht: "
            "de uitvoer van cbsodata.get_data als CSV, met kolommen als WijkenEnBuurten, Codering_3, "
            "AantalInwoners_5"
        )
    codes = table[by_stem["Codering"]]
    bad = ~codes.str.match(REGION_CODE.pattern)
    if bad.any():
        raise SourceError(
            f"{path}: kolom {by_stem['Codering']!r} bevat {codes[bad].iloc[0]!r}, geen CBS-gebiedscode "
            "(NL00, GMxxxx, WKxxxxxx, BUxxxxxxxx); download de tabel opnieuw"
        )
    if codes.duplicated().any():
        raise SourceError(
            f"{path}: gebiedscode {codes[codes.duplicated()].iloc[0]!r} komt twee keer voor; "
            "het bestand mengt tabellen of jaren, download het opnieuw"
        )
    values = {
        variable: to_numbers(table[column], path=path, column=column, decimal=decimal)
        for variable, column in odata_columns(list(table.columns)).items()
    }
    frame = pd.DataFrame(
        {"code": codes, "soort": codes.str[:2].map(SOORT_BY_PREFIX), "naam": table[dimension]}
    )
    tidy = _tidy(frame, values, year, path)
    tidy.attrs["notes"] = [
        f"Kerncijfers {year} ({Path(path).name}): {key} (personen in armoede) is niet hetzelfde als "
        "huishoudens met een laag inkomen en is daarvoor niet gebruikt; dat onderdeel ontbreekt dit jaar."
        for key in not_the_same_measure(list(table.columns)).values()
    ]
    return tidy


def read_statline_export(
    path: str | Path, year: int, buurten: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a StatLine export keyed by name (``Wijk_Buurt``), matching names to codes.

    ``buurten`` is the same year's buurt table (``cbs_buurten.read_buurten``); rows are
    matched within their gemeente (the gemeente row above them), never across gemeenten.
    A wijk row ("Wijk NN ...") gets the wijk code of the buurten listed under it, else the
    code its number implies when the buurt table has that wijk. A name that several buurten
    of the gemeente share is resolved within its wijk. Rows that do not match keep their name
    and get no code.

    Returns the tidy frame (all rows) and a report of the rows without a code: ``naam``,
    ``soort``, ``gm_code`` (the gemeente the row was matched in) and ``reden``. Without a
    buurt table every row except Nederland stays unmatched and the report says why.
    """
    table, decimal = read_csv_table(path)
    columns: dict[str, str] = {}
    for column in table.columns:
        columns.setdefault(normalise_name(column), column)
    name_column = next((columns[name] for name in STATLINE_NAME_COLUMNS if name in columns), None)
    if name_column is None:
        raise SourceError(
            f"{path}: geen kolom met gebiedsnamen ({', '.join(STATLINE_NAME_COLUMNS)}); verwacht: een "
            "StatLine-export van 'Kerncijfers wijken en buurten' met een kolom Wijk_Buurt"
        )
    names = table[name_column]
    empty_row = table.drop(columns=name_column).eq("").all(axis=1)
    footer = names.str.match(r"^(bron\b|©)", case=False)
    table = table[~(empty_row | footer | names.eq(""))].reset_index(drop=True)
    names = table[name_column]
    values = {}
    for variable, aliases in STATLINE_COLUMNS.items():
        column = next((columns[alias] for alias in aliases if alias in columns), None)
        if column is not None:
            values[variable] = to_numbers(table[column], path=path, column=column, decimal=decimal)
    indeling = table[columns[STATLINE_INDELING_COLUMN]] if STATLINE_INDELING_COLUMN in columns else None
    soort = _statline_kinds(names, indeling, buurten)
    codes, unmatched = _match_names(names, soort, buurten, year)
    frame = pd.DataFrame({"code": codes, "soort": soort, "naam": names})
    return _tidy(frame, values, year, path), unmatched


def _tidy(frame: pd.DataFrame, values: dict[str, pd.Series], year: int, path) -> pd.DataFrame:
    """Assemble ``KWB_KEYS`` + variables; a niet-westers count becomes a percentage."""
    if not values:
        raise SourceError(
            f"{path}: geen van de Kerncijfers-variabelen ({', '.join(ODATA_STEMS)}) herkend; "
            "controleer of dit een tabel 'Kerncijfers wijken en buurten' is"
        )
    frame = frame.assign(jaar=int(year))[KWB_KEYS]
    count = values.pop("niet_westers", None)
    for variable, column in values.items():
        frame[variable] = column.to_numpy()
    if count is not None:
        share = _niet_westers_pct(count, values.get("inwoners"))
        if share is not None:
            frame["niet_westers_pct"] = share.to_numpy()
    return frame


def _niet_westers_pct(count: pd.Series, inwoners: pd.Series | None) -> pd.Series | None:
    """The KWB gives persons with a non-western background as a count; the schema wants a %.

    A column whose values never exceed 100 is taken to be a percentage already.
    """
    if not (count.max(skipna=True) > 100):
        return count
    if inwoners is None:
        return None
    return 100 * count / inwoners.where(inwoners > 0)


# -- matching StatLine names to codes ------------------------------------------------------------


def _statline_kinds(names: pd.Series, indeling: pd.Series | None, buurten: pd.DataFrame | None) -> pd.Series:
    """land / gemeente / wijk / buurt per export row.

    A gemeente row is followed by a wijk row and - when the export has the column - carries
    no 'indelingswijziging' code (only wijken and buurten do); without that column its name
    must be a gemeente of the buurt table, or, without a table, it must be the first row.
    """
    is_wijk = names.str.match(WIJK_NAME.pattern, case=False)
    gemeente = ~is_wijk & is_wijk.shift(-1, fill_value=False)
    if indeling is not None:
        gemeente &= indeling.eq("")
    elif buurten is not None:
        gemeente &= names.map(normalise_name).isin(set(buurten["gm_naam"].map(normalise_name)))
    else:
        gemeente &= names.index == names.index[0]
    soort = pd.Series("buurt", index=names.index)
    soort[is_wijk] = "wijk"
    soort[gemeente] = "gemeente"
    soort[names.map(normalise_name) == "nederland"] = "land"
    return soort


def _match_names(
    names: pd.Series, soort: pd.Series, buurten: pd.DataFrame | None, year: int
) -> tuple[pd.Series, pd.DataFrame]:
    codes = pd.Series(np.nan, index=names.index, dtype="str")
    codes[soort == "land"] = NEDERLAND
    if buurten is None:
        reason = f"geen buurtkaart van {year}: de rij houdt haar naam, maar krijgt geen code"
        rows = soort != "land"
        report = pd.DataFrame(
            {"naam": names[rows], "soort": soort[rows], "gm_code": np.nan, "reden": reason}
        )
        return codes, report.reset_index(drop=True)[UNMATCHED_COLUMNS]
    required = {"code", "naam", "wk_code", "gm_code", "gm_naam"}
    if not required <= set(buurten.columns):
        raise ValueError(f"de buurtentabel heeft de kolommen {sorted(required)} nodig")
    return _NameMatcher(buurten).match(names, soort, codes)


class _NameMatcher:
    """Matches export rows to codes within their gemeente (see :func:`read_statline_export`)."""

    def __init__(self, buurten: pd.DataFrame):
        table = pd.DataFrame(buurten[["code", "naam", "wk_code", "gm_code", "gm_naam"]]).astype(str)
        table["key"] = table["naam"].map(normalise_name)
        self.codes_by_name = table.groupby(["gm_code", "key"])["code"].agg(list).to_dict()
        self.gemeenten = (
            table.groupby(table["gm_naam"].map(normalise_name))["gm_code"].unique().map(list).to_dict()
        )
        self.gemeente_names = dict(zip(table["gm_code"], table["gm_naam"]))
        self.wijk_of_buurt = dict(zip(table["code"], table["wk_code"]))
        self.wijken = table.groupby("gm_code")["wk_code"].agg(set).to_dict()

    def match(self, names: pd.Series, soort: pd.Series, codes: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
        reasons: dict[int, str] = {}
        gemeente_of: dict[int, str | None] = {}
        wijk_of: dict[int, int | None] = {}
        candidates: dict[int, list[str]] = {}
        current_gemeente, current_wijk = None, None
        for row, name in names.items():
            kind = soort[row]
            if kind == "gemeente":
                found = self.gemeenten.get(normalise_name(name), [])
                current_gemeente, current_wijk = (found[0] if len(found) == 1 else None), None
                if current_gemeente:
                    codes[row] = current_gemeente
                else:
                    reasons[row] = (
                        "geen gemeente met deze naam in de buurtkaart" if len(found) == 0
                        else f"meer gemeenten met deze naam ({', '.join(found)})"
                    )
                continue
            if kind == "land":
                continue
            gemeente_of[row] = current_gemeente
            if current_gemeente is None:
                reasons[row] = "gemeente onbekend (geen gekoppelde gemeenterij erboven)"
                continue
            if kind == "wijk":
                current_wijk = row
                continue
            wijk_of[row] = current_wijk
            candidates[row] = self.codes_by_name.get((current_gemeente, normalise_name(name)), [])

        wijk_codes = self._wijk_codes(names, soort, gemeente_of, wijk_of, candidates, reasons)
        for row, found in candidates.items():
            if len(found) == 1:
                codes[row] = found[0]
                continue
            gemeente = self._gemeente_label(gemeente_of[row])
            wijk = wijk_codes.get(wijk_of[row])
            within_wijk = [code for code in found if wijk and self.wijk_of_buurt[code] == wijk]
            if len(within_wijk) == 1:
                codes[row] = within_wijk[0]
            elif not found:
                reasons[row] = f"geen buurt met deze naam in {gemeente} in de buurtkaart"
            else:
                reasons[row] = f"{len(found)} buurten met deze naam in {gemeente} en de wijk is onbekend"
        for row, code in wijk_codes.items():
            codes[row] = code

        twice = codes.notna() & codes.duplicated(keep=False)
        for row in codes[twice].index:
            reasons[row] = f"{codes[row]} gekoppeld aan meer dan één rij"
            codes[row] = np.nan
        report = pd.DataFrame(
            [
                {"naam": names[row], "soort": soort[row], "gm_code": gemeente_of.get(row, np.nan), "reden": reason}
                for row, reason in sorted(reasons.items())
            ],
            columns=UNMATCHED_COLUMNS,
        )
        return codes, report

    def _gemeente_label(self, gm_code: str) -> str:
        return f"{self.gemeente_names.get(gm_code, gm_code)} ({gm_code})"

    def _wijk_codes(self, names, soort, gemeente_of, wijk_of, candidates, reasons) -> dict[int, str]:
        """Wijk code per wijk row: from its uniquely matched buurten, else from its number."""
        wijk_rows = [row for row in names.index if soort[row] == "wijk" and gemeente_of.get(row)]
        from_buurten: dict[int, set[str]] = {row: set() for row in wijk_rows}
        for row, found in candidates.items():
            if len(found) == 1 and wijk_of[row] in from_buurten:
                from_buurten[wijk_of[row]].add(self.wijk_of_buurt[found[0]])
        assigned = {row: next(iter(found)) for row, found in from_buurten.items() if len(found) == 1}
        for row in wijk_rows:
            if row in assigned:
                continue
            gemeente = gemeente_of[row]
            number = WIJK_NAME.match(names[row]).group(1)
            implied = f"WK{gemeente[2:]}{number}"
            agrees = not from_buurten[row] or implied in from_buurten[row]
            if implied in self.wijken.get(gemeente, set()) and agrees and implied not in assigned.values():
                assigned[row] = implied
            else:
                reasons[row] = (
                    f"geen wijkcode: de buurten eronder wijzen niet naar één wijk en {implied} "
                    f"is geen vrije wijk van {self._gemeente_label(gemeente)} in de buurtkaart"
                )
        return assigned
