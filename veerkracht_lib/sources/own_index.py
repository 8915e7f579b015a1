"""An own vulnerability index supplied by the user (optional; methodology section 3).

A CSV with ``bu_code, jaar, kwetsbaar`` (e.g. an Aedes-datacentrum export or microdata output)
that replaces the open-data proxy index.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from veerkracht_lib.errors import SourceError
from veerkracht_lib.sources.tables import read_csv_table, to_numbers

COLUMNS = ["bu_code", "jaar", "kwetsbaar"]


def read(path: str | Path) -> pd.DataFrame:
    """Read and validate an own index file as ``code, jaar, kwetsbaar`` (sorted).

    Every buurt code must be BU + 8 digits, every year a whole number, every index value a
    non-negative number or empty (missing), and each buurt may appear once per year.
    """
    table, decimal = read_csv_table(path)
    columns = {name.lower(): name for name in table.columns}
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        raise SourceError(
            f"{path}: kolom {', '.join(missing)} ontbreekt; een eigen index heeft de kolommen "
            "bu_code, jaar, kwetsbaar nodig (zie docs/methodology.md, paragraaf 3)"
        )
    codes = table[columns["bu_code"]].str.upper()
    bad = ~codes.str.match(r"^BU\d{8}$")
    if bad.any():
        raise SourceError(
            f"{path}: bu_code {codes[bad].iloc[0]!r} in gegevensrij {int(bad.to_numpy().argmax()) + 1} "
            "is geen buurtcode (BU + 8 cijfers); verbeter die rij"
        )
    years = to_numbers(table[columns["jaar"]], path=path, column="jaar")
    if years.isna().any() or (years % 1 != 0).any():
        raise SourceError(f"{path}: kolom 'jaar' heeft lege of niet-gehele jaartallen; elke rij heeft een jaar nodig")
    index = to_numbers(table[columns["kwetsbaar"]], path=path, column="kwetsbaar", decimal=decimal)
    if (index < 0).any():
        raise SourceError(f"{path}: kolom 'kwetsbaar' heeft negatieve waarden; de index is 100 = Nederland")
    frame = pd.DataFrame({"code": codes, "jaar": years.astype(int), "kwetsbaar": index})
    twice = frame.duplicated(["code", "jaar"])
    if twice.any():
        first = frame[twice].iloc[0]
        raise SourceError(f"{path}: {first['code']} staat voor {first['jaar']} twee keer in het bestand; houd één rij per buurt en jaar")
    return frame.sort_values(["code", "jaar"]).reset_index(drop=True)
