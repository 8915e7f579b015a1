"""Class transitions from base to situation year, counted by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd

from veerkracht_lib.analysis.maps import MAPS
from veerkracht_lib.analysis.transitions import class_transitions
from veerkracht_lib.config import Thresholds


def test_transitions_count_buurten_with_both_classes_known_on_the_same_edges():
    scheme = MAPS["kwetsbaar"].scheme_for(Thresholds())  # edges 50, 80, 125, 200
    rows = [("A", 2014, 60, False), ("A", 2022, 130, False),   # weinig -> veel
            ("B", 2014, 60, False), ("B", 2022, 70, False),    # weinig -> weinig
            ("C", 2014, 100, False), ("C", 2022, np.nan, False),  # no value now: left out
            ("D", 2014, 60, False), ("D", 2022, 300, True),    # too small now: left out
            ("E", 2014, 210, False), ("E", 2018, 10, False), ("E", 2022, 210, False)]  # 2018 is not compared
    yearly = pd.DataFrame(rows, columns=["code", "jaar", "kwetsbaar", "te_klein"])
    table = class_transitions(yearly, scheme, 2014, 2022)
    weinig, veel, zeer_veel = scheme.labels[1], scheme.labels[3], scheme.labels[4]
    assert table.loc[weinig, veel] == 1
    assert table.loc[weinig, weinig] == 1
    assert table.loc[zeer_veel, zeer_veel] == 1
    assert table.to_numpy().sum() == 3
    assert list(table.index) == list(table.columns) == list(scheme.labels)


def test_transitions_without_the_base_year_count_nothing():
    scheme = MAPS["kwetsbaar"].scheme_for(Thresholds())
    yearly = pd.DataFrame({"code": ["A"], "jaar": [2022], "kwetsbaar": [100.0], "te_klein": [False]})
    assert class_transitions(yearly, scheme, 2014, 2022).to_numpy().sum() == 0


def test_a_too_small_buurt_without_values_is_simply_left_out():
    scheme = MAPS["kwetsbaar"].scheme_for(Thresholds())
    rows = [("A", 2014, 60, False), ("A", 2022, 130, False),
            ("Z", 2022, np.nan, True)]  # too small and no value at all: not in the wide table
    yearly = pd.DataFrame(rows, columns=["code", "jaar", "kwetsbaar", "te_klein"])
    table = class_transitions(yearly, scheme, 2014, 2022)
    assert table.loc[scheme.labels[1], scheme.labels[3]] == 1 and table.to_numpy().sum() == 1
