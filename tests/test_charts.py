"""The report's charts: what a reader can tell from them (lines, bands, legend entries)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.config import Thresholds
from veerkracht_lib.rendering.charts import samenhang_scatter


def legend_texts(fig) -> list[str]:
    return [text.get_text() for text in fig.axes[0].get_legend().get_texts()]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_samenhang_scatter_legend_has_the_classes_present_the_line_and_sizes():
    frame = pd.DataFrame({
        "kwetsbaar": [50, 80, 120, 150, 200, 90, np.nan],
        "onv": [0.1, 0.05, 0.0, -0.05, -0.12, 0.02, 0.0],
        "corporatie": [5, 10, 30, 70, 90, np.nan, 50],
        "inwoners": [500, 1500, 2500, 800, 4000, 1200, 900],
        "te_klein": False,
    })
    fig = samenhang_scatter(frame, "kwetsbaar", "onv", "x", "y", Thresholds())
    texts = legend_texts(fig)
    assert texts[:5] == ["corporatiebezit < 20%", "corporatiebezit 20–40%", "corporatiebezit 60–80%",
                         "corporatiebezit ≥ 80%", "corporatiebezit onbekend"]
    assert "rechte lijn (kleinste kwadraten)" in texts
    assert any(text.endswith(" inwoners") for text in texts)
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections) == 6  # the buurt without kwetsbaar is left out


def test_the_tweedeling_chart_compares_only_indicators_known_in_both_years():
    """Parkstad on the shared files: overlast 2014 and 2022, kwetsbaar only 2015 (no base year)."""
    from veerkracht_lib.rendering.charts import divergence_chart

    table = pd.DataFrame({"indicator": ["overlast en onveiligheid", "kwetsbare bewoners"],
                          "basisjaar": [0.48, float("nan")], "situatiejaar": [0.56, 0.28]})
    ax = divergence_chart(table, 2014, 2022).axes[0]
    assert [label.get_text() for label in ax.get_yticklabels()] == ["overlast en onveiligheid"]
    assert sorted(round(bar.get_width()) for bar in ax.patches) == [48, 56]
