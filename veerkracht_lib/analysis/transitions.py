"""Class transitions: in which class of a map a buurt was in the base year, and in which it is now."""
from __future__ import annotations

import pandas as pd

from veerkracht_lib.analysis.classes import ClassScheme


def class_transitions(yearly: pd.DataFrame, scheme: ClassScheme, base: int, situation: int) -> pd.DataFrame:
    """Number of buurten per class in ``base`` (rows) and ``situation`` (columns), the same edges both years.

    ``yearly`` is `indicators.yearly_indicators` (long form: code, jaar, te_klein and the scheme's column).
    Buurten with too few inhabitants in the situation year, or without a value in either year, are left
    out: a transition is only counted where both classes are known.
    """
    column = scheme.column
    wide = yearly[yearly["jaar"].isin([base, situation])].pivot_table(index="code", columns="jaar", values=column)
    if base not in wide or situation not in wide:
        return pd.DataFrame(0, index=list(scheme.labels), columns=list(scheme.labels))
    small = yearly[(yearly["jaar"] == situation) & yearly["te_klein"]]["code"]
    wide = wide.drop(index=small, errors="ignore").dropna(subset=[base, situation])
    counts = pd.crosstab(scheme.bin(wide[base]), scheme.bin(wide[situation]))
    table = counts.reindex(index=list(scheme.labels), columns=list(scheme.labels), fill_value=0)
    table.index.name, table.columns.name = f"klasse {base}", f"klasse {situation}"
    return table
