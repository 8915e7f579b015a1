"""Reading official CSV tables: encodings, delimiters, CBS markers and sentinels.

Every reader in ``veerkracht_lib.sources`` turns whatever goes wrong with a file (missing,
unreadable, truncated, unexpected columns, text where numbers belong) into one
:class:`SourceError` whose message is a single line naming the file, the problem and what
to do about it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from veerkracht_lib.errors import SourceError, technical_note

#: CBS writes suppressed or unknown values as large negative numbers (-99997, -99998,
#: -99999, -99999997, -99999998, -99999999); everything at or below this is missing.
CBS_SENTINEL_CEILING = -99990

#: StatLine text markers: "." = unknown or secret, "x" = secret; an empty cell is missing too.
MISSING_MARKERS = {"", ".", "x", "X"}

#: StatLine "-" means "nihil": the value is zero, not missing.
NIHIL_MARKER = "-"

_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")



def normalise_name(text: str) -> str:
    """Lower-case ``text`` and reduce every run of non-alphanumerics to one underscore.

    >>> normalise_name("Inkomen_Inkomen_van_personen_Aantal_inkomensontvangers\\xa0\\xa0")
    'inkomen_inkomen_van_personen_aantal_inkomensontvangers'
    >>> normalise_name(" Wijk 10  Maria Gewanden ")
    'wijk_10_maria_gewanden'
    """
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"[^0-9a-zà-ÿ]+", "_", text).strip("_")


def read_csv_table(path: str | Path) -> tuple[pd.DataFrame, str]:
    """Read a CSV file as text cells, whatever its encoding and delimiter.

    Returns the table (every cell a stripped string, header names stripped) and the
    decimal mark the file uses ("," for semicolon-separated Dutch exports, else ".").
    UTF-8 (with or without BOM), cp1252 and latin-1 files all load.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: bestand niet gevonden; controleer het pad of download de bron opnieuw") from None
    except OSError as error:
        raise SourceError(f"{path}: onleesbaar {technical_note(error.strerror or error)}") from None
    if b"\x00" in raw[:4096]:
        raise SourceError(f"{path}: een binair bestand, geen CSV; sla het op of exporteer het als CSV")
    text = _decode(raw)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if not first_line.strip() or first_line.count(delimiter) == 0:
        raise SourceError(f"{path}: geen kopregel van een CSV; is het bestand leeg of onvolledig?")
    last_line = text.rstrip("\r\n").rsplit("\n", 1)[-1]
    if not text.endswith("\n") and last_line.count(delimiter) < first_line.count(delimiter):
        raise SourceError(
            f"{path}: de laatste rij houdt halverwege op ({last_line[-30:]!r}); het bestand is onvolledig, "
            "download of exporteer het opnieuw"
        )
    try:
        table = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
            skipinitialspace=True, quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, csv.Error) as error:
        raise SourceError(f"{path}: geen leesbare CSV-tabel; is het bestand onvolledig? {technical_note(error)}") from None
    table.columns = [_clean_text(name) for name in table.columns]
    table = table.apply(lambda column: column.map(_clean_text))
    return table, ("," if delimiter == ";" else ".")


def read_csv_header(path: str | Path) -> list[str]:
    """The column names of a CSV file (first line only), stripped of quotes and a BOM."""
    try:
        with open(path, "rb") as file:
            line = _decode(file.readline()).strip()
    except OSError as error:
        raise SourceError(f"{path}: onleesbaar {technical_note(error.strerror or error)}") from None
    delimiter = max((";", ",", "\t"), key=line.count)
    return [_clean_text(name).strip('"') for name in line.split(delimiter)]


def _decode(raw: bytes) -> str:
    for encoding in _ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any byte string")  # pragma: no cover


def _clean_text(value: object) -> str:
    return str(value).replace("\xa0", " ").strip()


def to_numbers(values: pd.Series, *, path: str | Path, column: str, decimal: str = ".") -> pd.Series:
    """Convert a column of CBS values to floats: markers and sentinels become NaN.

    Empty cells, "." and "x" are missing; "-" (nihil) is zero; values at or below
    ``CBS_SENTINEL_CEILING`` are missing. Any other text raises :class:`SourceError`.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype("float64")
    else:
        text = values.astype("string").str.strip().fillna("")
        missing = text.isin(MISSING_MARKERS)
        text = text.mask(text == NIHIL_MARKER, "0")
        if decimal == ",":
            text = text.str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(text.mask(missing, None), errors="coerce").astype("float64")
        bad = numbers.isna() & ~missing
        if bad.any():
            position = int(np.flatnonzero(bad.to_numpy())[0])
            raise SourceError(
                f"{path}: kolom {column!r} bevat tekst waar getallen horen "
                f"({text.iloc[position]!r} in gegevensrij {position + 1}); "
                "verbeter het bestand of download het opnieuw"
            )
    return numbers.mask(numbers <= CBS_SENTINEL_CEILING)
