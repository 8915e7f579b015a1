"""The optional own vulnerability index file."""

from __future__ import annotations

import numpy as np
import pytest

from veerkracht_lib.errors import SourceError
from veerkracht_lib.sources import own_index


def test_reads_and_sorts_a_valid_file_in_latin1(tmp_path):
    path = tmp_path / "kwetsbaar_aedes.csv"
    path.write_bytes("BU_CODE;jaar;kwetsbaar;opmerking\nbu09171000;2022;131,5;één\nBU09170000;2022;;\n".encode("latin-1"))
    frame = own_index.read(path)
    assert list(frame.columns) == ["code", "jaar", "kwetsbaar"]
    assert frame["code"].tolist() == ["BU09170000", "BU09171000"]
    assert np.isnan(frame.loc[0, "kwetsbaar"]) and frame.loc[1, "kwetsbaar"] == 131.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,jaar,index\n", "kolom bu_code, kwetsbaar ontbreekt"),
        ("bu_code,jaar,kwetsbaar\nGM0917,2022,100\n", "'GM0917' in gegevensrij 1 is geen buurtcode"),
        ("bu_code,jaar,kwetsbaar\nBU09170000,,100\n", "lege of niet-gehele jaartallen"),
        ("bu_code,jaar,kwetsbaar\nBU09170000,2022,hoog\n", "kolom 'kwetsbaar' bevat tekst"),
        ("bu_code,jaar,kwetsbaar\nBU09170000,2022,-5\n", "negatieve waarden"),
        ("bu_code,jaar,kwetsbaar\nBU09170000,2022,90\nBU09170000,2022,95\n", "staat voor 2022 twee keer in het bestand"),
    ],
)
def test_invalid_files_name_the_problem(tmp_path, text, message):
    path = tmp_path / "kwetsbaar.csv"
    path.write_text(text)
    with pytest.raises(SourceError, match=message):
        own_index.read(path)
