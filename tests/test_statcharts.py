"""The seaborn charts: what a reader can tell from them (panels, lines, bands, counts)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.config import Thresholds
from veerkracht_lib.rendering import statcharts


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def yearly(gemeenten: int) -> pd.DataFrame:
    """Two buurten per gemeente and year: 100 (1000 inhabitants) and 130 (2000 inhabitants), plus the gemeente's number."""
    rows = []
    for g in range(gemeenten):
        for jaar in (2014, 2018, 2022):
            rows.append({"code": f"BU{g}a", "gm_naam": f"Gemeente {g:02d}", "jaar": jaar, "kwetsbaar": 100.0 + g, "inwoners": 1000.0, "te_klein": False})
            rows.append({"code": f"BU{g}b", "gm_naam": f"Gemeente {g:02d}", "jaar": jaar, "kwetsbaar": 130.0 + g, "inwoners": 2000.0, "te_klein": False})
    return pd.DataFrame(rows)


def test_time_series_has_a_weighted_mean_line_and_band_per_gemeente_and_the_region():
    fig = statcharts.time_series_bands(yearly(3), "kwetsbaar", "index")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Gemeente 00", "Gemeente 01", "Gemeente 02", "regio"]
    first = ax.get_lines()[0]
    assert list(first.get_ydata()) == pytest.approx([(100 * 1000 + 130 * 2000) / 3000] * 3)  # 120, weighted
    assert len(ax.collections) == 3  # one interval band per gemeente


def test_time_series_of_many_gemeenten_shows_their_median_and_middle_80_percent():
    fig = statcharts.time_series_bands(yearly(13), "kwetsbaar", "index")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["mediaan en middelste 80% van de 13 gemeenten", "regio"]
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx([120 + 6] * 3)  # gemeente means 120 … 132: median 126


def scatter_frame() -> pd.DataFrame:
    return pd.DataFrame({  # classes of corporatiebezit: < 20 (3 buurten), 60–80 (2), ≥ 80 (1 too small)
        "kwetsbaar": [50, 80, 120, 150, 200, 300],
        "onv": [0.1, 0.05, 0.0, -0.05, -0.12, -0.3],
        "corporatie": [5, 10, 15, 70, 75, 90],
        "inwoners": [500, 1500, 2500, 800, 4000, 20],
        "te_klein": [False, False, False, False, False, True]})


def test_samenhang_by_class_has_a_panel_per_class_present_and_a_line_from_three_buurten():
    fig = statcharts.samenhang_by_class(scatter_frame(), "kwetsbaar", "onv", "x", "y", Thresholds())
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["corporatiebezit < 20%\n3 buurten", "corporatiebezit 60–80%\n2 buurten"]
    fitted, unfitted = fig.axes
    assert len(fitted.get_lines()) == 2 and len(fitted.collections) == 2  # zero line + fit; points + band
    assert len(unfitted.get_lines()) == 1  # only the zero line: two buurten give no interval


def test_distribution_by_class_names_the_number_of_buurten_per_class():
    fig = statcharts.distribution_by_class(scatter_frame(), {"onv": "overlast"}, Thresholds())
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["< 20%\n(3)", "60–80%\n(2)"]


def test_nothing_is_drawn_without_corporatiebezit():
    frame = scatter_frame().assign(corporatie=np.nan)
    assert statcharts.samenhang_by_class(frame, "kwetsbaar", "onv", "x", "y", Thresholds()) is None


def test_transition_heatmaps_write_every_count_per_map():
    table = pd.DataFrame([[3, 1], [0, 5]], index=pd.Index(["laag", "hoog"], name="klasse 2014"),
                         columns=pd.Index(["laag", "hoog"], name="klasse 2022"))
    fig = statcharts.transition_heatmaps({"kaart a": table, "kaart b": table.T})
    assert [ax.get_title() for ax in fig.axes] == ["kaart a", "kaart b"]
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0", "1", "3", "5"]
    assert fig.axes[0].get_ylabel() == "klasse 2014 (basisjaar)"
