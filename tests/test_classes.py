"""The seven class schemes: edges, labels, grey classes, and that thresholds drive the classes."""
import numpy as np
import pandas as pd

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.config import Thresholds


def frame(**cols):
    return pd.DataFrame(cols)


def test_overlast_edges_are_half_open_and_missing_is_grey():
    f = frame(onv=[-0.2, -0.12, -0.04, 0.0, 0.04, 0.12, np.nan])
    got = list(C.classify(f, "overlast", Thresholds()))
    assert got == ["zeer veel slechter", "veel slechter", "rond gemiddelde", "rond gemiddelde", "beter",
                   "zeer veel beter", C.GEEN_GEGEVENS]


def test_too_small_buurten_are_grey_whatever_their_value():
    f = frame(kwetsbaar=[300.0, 300.0])
    got = C.classify(f, "kwetsbaar", Thresholds(), too_small=pd.Series([False, True]))
    assert list(got) == ["zeer veel", C.TE_WEINIG_INWONERS]


def test_focus_corner_needs_both_overlast_and_vulnerability():
    f = frame(onv=[-0.05, -0.05, 0.0, 0.05], kwetsbaar=[130.0, 100.0, 130.0, 70.0])
    got = list(C.classify(f, "focus", Thresholds()))
    assert got[0] == C.FOCUS
    assert got[1] != C.FOCUS and got[2] != C.FOCUS
    assert got[3] == "minder overlast, weinig kwetsbaren"


def test_veerkracht_table_of_methodology():
    f = frame(d_kwetsbaar=[10.0, 10.0, 10.0, 0.0, 0.0, 0.0], d_onv=[-0.05, -0.05, 0.05, -0.05, 0.0, 0.05],
              onv=[-0.1, 0.0, 0.0, 0.0, 0.0, 0.0])
    got = list(C.classify(f, "veerkracht", Thresholds()))
    assert got == [C.WEINIG_VEERKRACHT_PROBLEMEN, C.WEINIG_VEERKRACHT, C.VEERKRACHT, C.VERSLECHTERING,
                   C.STABIEL, C.VERBETERING]


def test_changing_a_threshold_changes_the_class():
    f = frame(kwetsbaar=[130.0])
    assert list(C.classify(f, "kwetsbaar", Thresholds())) == ["veel"]
    assert list(C.classify(f, "kwetsbaar", Thresholds(kwetsbaar=(50, 80, 140, 200)))) == ["rond gemiddelde"]


def test_every_scheme_has_a_colour_per_class_and_dutch_ranges():
    schemes = C.build_schemes(Thresholds())
    assert list(schemes) == ["overlast", "kwetsbaar", "focus", "corporatie", "d_onv", "d_kwetsbaar", "veerkracht"]
    for scheme in schemes.values():
        assert len(set(scheme.colours)) == len(scheme.labels)
    assert schemes["overlast"].ranges()[1] == "−0,12 tot −0,08"
    assert schemes["overlast"].legend(present={"geen gegevens"})[-1][0] == C.GEEN_GEGEVENS
