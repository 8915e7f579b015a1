"""The report's charts: what a reader can tell from them (lines, bands, legend entries)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.config import Thresholds
from veerkracht_lib.rendering.charts import samenhang_scatter, time_series_chart

YEARS = [2014, 2016, 2018, 2020, 2022]


def series(n_gemeenten: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    out = pd.DataFrame(rng.normal(100, 10, (len(YEARS), n_gemeenten)), index=YEARS,
                       columns=[f"Gemeente {i}" for i in range(n_gemeenten)])
    out["regio"] = out.mean(axis=1)
    return out


def legend_texts(fig) -> list[str]:
    return [text.get_text() for text in fig.axes[0].get_legend().get_texts()]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_time_series_has_one_line_per_gemeente_in_a_small_region():
    fig = time_series_chart(series(5), "kwetsbaar")
    assert legend_texts(fig) == [*(f"Gemeente {i}" for i in range(5)), "regio"]
    assert len(fig.axes[0].get_lines()) == 6


def test_time_series_of_many_gemeenten_shows_a_band_and_the_median():
    fig = time_series_chart(series(340), "kwetsbaar")
    assert legend_texts(fig) == ["middelste 80% van de 340 gemeenten", "mediaan van de gemeenten", "regio"]
    assert len(fig.axes[0].get_lines()) == 2
    band = fig.axes[0].collections[0].get_paths()[0].vertices[:, 1]
    values = series(340).drop(columns="regio")
    assert band.max() == pytest.approx(values.quantile(0.9, axis=1).max())


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
