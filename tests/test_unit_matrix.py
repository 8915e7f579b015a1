"""The matrix handelingsperspectieven (methodology §7): the emphasis per area and the tables around it."""
import numpy as np
import pandas as pd
import pytest

from unit_frames import grid
from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.maps import area_table, classify_area_types
from veerkracht_lib.analysis.matrix import atelier_ranking, buurt_area_types, emphasis, emphasis_groups
from veerkracht_lib.config import Thresholds

# (focus, veerkracht class, corporatie) -> (type, stressed perspectives, why), in the order of the rules
RULES = {
    (True, C.WEINIG_VEERKRACHT, 39.99): ("focus, vooral particulier bezit", ("woninggebruik", "leefomgeving"),
                                         "de particuliere voorraad vraagt gemeentelijke instrumenten (bijvoorbeeld opkopen)"),
    (True, C.WEINIG_VEERKRACHT_PROBLEMEN, 60): ("focus, weinig veerkracht, corporatiebuurt",
                                                ("woningprogramma", "woninggebruik", "sociale aanpak"),
                                                "de concentratie doorbreken, met een sociale aanpak als voorwaarde"),
    (True, C.WEINIG_VEERKRACHT, 60): ("focus, weinig veerkracht, corporatiebuurt",
                                      ("woningprogramma", "woninggebruik", "sociale aanpak"),
                                      "de concentratie doorbreken, met een sociale aanpak als voorwaarde"),
    (True, C.VEERKRACHT, 50): ("focus met veerkracht", ("sociale aanpak", "leefomgeving"),
                               "verbeteren: vasthouden wat werkt"),
    (True, C.WEINIG_VEERKRACHT, 59.99): ("focus", ("sociale aanpak", "leefomgeving", "woninggebruik"),
                                         "problemen voor en achter de voordeur: een gecombineerde aanpak"),
    (True, C.STABIEL, 40): ("focus", ("sociale aanpak", "leefomgeving", "woninggebruik"),
                            "problemen voor en achter de voordeur: een gecombineerde aanpak"),
    (True, C.WEINIG_VEERKRACHT, float("nan")): ("focus", ("sociale aanpak", "leefomgeving", "woninggebruik"),
                                                "problemen voor en achter de voordeur: een gecombineerde aanpak"),
    (False, C.VERSLECHTERING, 10): ("verslechtering zonder toename kwetsbaren", ("leefomgeving",),
                                    "eerst leefomgeving en veiligheid"),
    # named 'veerkracht' as on map 7 since b639fe2 (it claimed a low level of overlast nobody checked)
    (False, C.VEERKRACHT, 10): ("veerkracht", ("sociale aanpak", "woninggebruik"),
                                "meer kwetsbare bewoners terwijl de overlast niet verslechterde: preventieve sociale "
                                "aanpak, woninggebruik in de gaten houden"),
    (False, C.WEINIG_VEERKRACHT_PROBLEMEN, 90): ("weinig veerkracht", ("sociale aanpak", "leefomgeving", "woninggebruik"),
                                                 "meer kwetsbare bewoners en meer overlast: tijdig ingrijpen"),
    (False, C.WEINIG_VEERKRACHT, 10): ("weinig veerkracht", ("sociale aanpak", "leefomgeving", "woninggebruik"),
                                       "meer kwetsbare bewoners en meer overlast: tijdig ingrijpen"),
    (False, C.STABIEL, 10): ("overig", (), ""),
    (False, None, 10): ("overig", (), ""),
}


@pytest.mark.parametrize("case", list(RULES), ids=[f"{f}-{k}-{c}" for f, k, c in RULES])
def test_emphasis_rules(case):
    focus, klasse, corporatie = case
    e = emphasis(focus, klasse, corporatie, corporatiebuurt=60)
    assert (e.type, e.stress, e.why) == RULES[case]


def test_emphasis_reads_the_particulier_threshold():
    # 33a0f81: the private-stock rule reads params' particulier (strictly below), not a literal 40
    assert emphasis(True, C.WEINIG_VEERKRACHT, 45, corporatiebuurt=60, particulier=50).type == "focus, vooral particulier bezit"
    assert emphasis(True, C.WEINIG_VEERKRACHT, 45, corporatiebuurt=60, particulier=45).type == "focus"


# ---------------------------------------------------------------------------------- areas and their rows

CODES = [f"BU000100{i:02d}" for i in range(1, 11)]
FOCUS, OTHER = C.FOCUS, "gemiddelde overlast, gemiddeld aandeel kwetsbaren"


@pytest.fixture
def buurten():
    frame = grid(CODES, ["GM0001"] * 10)
    frame["inwoners"] = [100, 300, 200, 150, 50, 400, 500, np.nan, 300, 300]
    frame["te_klein"] = [False, False, False, False, False, False, True, False, False, False]
    frame["klasse_focus_nederland"] = [FOCUS, FOCUS, OTHER, OTHER, OTHER, OTHER, OTHER, FOCUS, FOCUS, OTHER]
    frame["klasse_veerkracht_nederland"] = [C.WEINIG_VEERKRACHT, C.VEERKRACHT, C.VERSLECHTERING, C.VERSLECHTERING,
                                            C.WEINIG_VEERKRACHT, C.STABIEL, C.STABIEL, None, C.STABIEL, C.STABIEL]
    return frame


def area(gebied, kaart, klasse, codes, corporatie, inwoners, naam=None):
    # ownership in words as areas.py gives it with the default edges (corporatiebuurt 60, particulier 40)
    bezit = "corporatiebuurt" if corporatie >= 60 else "overwegend particulier" if corporatie < 40 else "gemengd bezit"
    return {"gebied": gebied, "naam": naam or f"Gebied {gebied}", "gm_naam": "Een", "kaart": kaart, "klasse": klasse,
            "inwoners": inwoners, "corporatie": corporatie, "corporatiebuurt": corporatie >= 60, "bezit": bezit,
            "buurten": ", ".join(codes)}


@pytest.fixture
def areas():
    c = CODES
    return pd.DataFrame([
        area("F1", "focus", FOCUS, [c[0], c[1]], 70.0, 400),
        area("V1", "veerkracht", C.VERSLECHTERING, [c[2], c[3]], 20.0, 350),
        area("V2", "veerkracht", C.WEINIG_VEERKRACHT, [c[0]], 70.0, 100),          # inside F1: left out
        area("V3", "veerkracht", C.WEINIG_VEERKRACHT, [c[4]], 80.0, 50),
        area("V4", "veerkracht", C.VEERKRACHT, [c[1], c[2], c[4]], 30.0, 550),    # 300 of 550 inhabitants in focus
        area("V5", "veerkracht", C.WEINIG_VEERKRACHT, [c[0], c[5]], 10.0, 500),   # half its buurten in F1: left out
        area("V6", "veerkracht", C.WEINIG_VEERKRACHT, [c[7]], 10.0, 0),            # inhabitants unknown, no class
        area("V7", "veerkracht", C.STABIEL, [c[8], c[9]], 50.0, 600),              # 300 of 600 in a focus buurt
        area("V8", "veerkracht", C.WEINIG_VEERKRACHT, [c[0], c[2], c[5]], 30.0, 700),  # 100 of 700 in focus
    ])


def test_area_rows_type_and_dominant_class(buurten, areas):
    rows = area_table(buurten, areas, Thresholds(), "nederland").set_index("gebied")
    assert list(rows.index) == ["F1", "V1", "V3", "V4", "V6", "V7", "V8"]
    assert list(rows.columns) == ["naam", "gm_naam", "kaart", "klasse", "veerkracht", "focus", "inwoners", "corporatie",
                                  "corporatiebuurt", "bezit", "type", "nadruk", "waarom", "buurten"]
    assert rows.loc["F1", "nadruk"] == "sociale aanpak, leefomgeving"
    # F1: veerkracht 300 inhabitants against weinig veerkracht 100 → focus met veerkracht
    assert rows.loc["F1", "veerkracht"] == C.VEERKRACHT and rows.loc["F1", "type"] == "focus met veerkracht"
    assert rows.loc["V1", ["veerkracht", "focus", "type"]].tolist() == [
        C.VERSLECHTERING, False, "verslechtering zonder toename kwetsbaren"]
    assert rows.loc["V1", "nadruk"] == "leefomgeving" and rows.loc["V1", "waarom"] == "eerst leefomgeving en veiligheid"
    assert rows.loc["V3", "type"] == "weinig veerkracht"
    # V4: 300 / (300 + 200 + 50) = 0,55 of its inhabitants live in focus buurten → counted as focus;
    # dominant class veerkracht (300 against verslechtering 200 and weinig veerkracht 50); 30 % corporatie
    assert rows.loc["V4", ["veerkracht", "focus", "type"]].tolist() == [C.VEERKRACHT, True,
                                                                       "focus, vooral particulier bezit"]
    # V6: its one buurt has no inhabitants and no class: no dominant class, not focus (0 inhabitants of 0)
    assert pd.isna(rows.loc["V6", "veerkracht"]) and rows.loc["V6", ["focus", "type"]].tolist() == [False, "overig"]
    # V7: 300 / 600 = exactly half in a focus buurt: focus; V8: 100 / 700: not focus (dominant stabiel, 400)
    assert rows.loc["V7", ["veerkracht", "focus", "type"]].tolist() == [C.STABIEL, True, "focus"]
    assert rows.loc["V8", ["veerkracht", "focus", "type"]].tolist() == [C.STABIEL, False, "overig"]
    assert rows.loc["F1", ["naam", "gm_naam", "kaart", "klasse", "inwoners", "corporatie", "corporatiebuurt", "bezit",
                           "buurten"]].tolist() == ["Gebied F1", "Een", "focus", FOCUS, 400, 70.0, True, "corporatiebuurt",
                                                    f"{CODES[0]}, {CODES[1]}"]
    # the ownership words are the area's, passed on: V7 50 % is 'gemengd bezit', V1 20 % 'overwegend particulier'
    assert rows.loc["V7", "bezit"] == "gemengd bezit" and rows.loc["V1", "bezit"] == "overwegend particulier"


def test_a_tie_in_inhabitants_goes_to_the_first_class_in_alphabetical_order(buurten):
    # buurten 9 and 10 (300 inhabitants each) given classes whose names sort "stabiel" < "verslechtering";
    # the area lists the verslechtering buurt first, so the order of its buurten does not decide
    tied = buurten.assign(klasse_veerkracht_nederland=[*buurten["klasse_veerkracht_nederland"][:8],
                                                       C.VERSLECHTERING, C.STABIEL])
    areas = pd.DataFrame([area("V9", "veerkracht", C.STABIEL, [CODES[8], CODES[9]], 50.0, 600)])
    rows = area_table(tied, areas, Thresholds(), "nederland")
    assert sorted([C.STABIEL, C.VERSLECHTERING])[0] == C.STABIEL
    assert rows["veerkracht"].tolist() == [C.STABIEL]


def test_a_buurt_takes_the_type_of_its_focus_area_first_then_the_largest(buurten, areas):
    types = classify_area_types(buurten, areas, Thresholds(), "nederland")
    # focus areas first, by inhabitants: V7 (600), V4 (550), F1 (400); then V8 (700), V1, V3, V6.
    # Buurt 2 lies in F1 and V4: V4's type; buurten 3 and 5 lie in V4 and in a non-focus area: V4's type;
    # buurt 6 in V8 (V5 is left out); buurt 7 is too small; buurt 8 in V6; 9 and 10 in V7
    particulier = "focus, vooral particulier bezit"
    assert types.tolist() == ["focus met veerkracht", particulier, particulier,
                              "verslechtering zonder toename kwetsbaren", particulier, "overig",
                              "te weinig inwoners", "overig", "focus", "focus"]


def test_no_areas_no_rows(buurten):
    empty = pd.DataFrame(columns=["gebied", "naam", "gm_naam", "kaart", "klasse", "inwoners", "corporatie",
                                  "corporatiebuurt", "bezit", "buurten"])
    rows = area_table(buurten, empty, Thresholds(), "nederland")
    assert rows.empty and list(rows.columns) == ["gebied", "naam", "gm_naam", "kaart", "klasse", "veerkracht", "focus",
                                                 "inwoners", "corporatie", "corporatiebuurt", "bezit", "type", "nadruk",
                                                 "waarom", "buurten"]


def test_buurt_area_types_orders_focus_before_inhabitants():
    buurten = pd.DataFrame({"code": ["a", "b", "c", "d"], "te_klein": [False, False, False, False]})
    rows = pd.DataFrame({"buurten": ["a, b", "b, c", "c"], "type": ["X", "Y", "Z"], "focus": [False, True, False],
                         "inwoners": [900, 10, 50], "naam": ["p", "q", "r"]})
    assert buurt_area_types(buurten, rows).tolist() == ["X", "Y", "Y", "geen gebied"]
    rows["focus"] = False
    assert buurt_area_types(buurten, rows).tolist() == ["X", "X", "Z", "geen gebied"]
    rows["inwoners"] = 10
    assert buurt_area_types(buurten, rows).tolist() == ["X", "X", "Y", "geen gebied"]  # equal inhabitants: by name


def test_atelier_ranking_focus_with_little_resilience_first():
    rows = pd.DataFrame({
        "naam": ["a", "b", "c", "d", "e", "f"],
        "focus": [False, True, True, False, True, False],
        "veerkracht": [C.WEINIG_VEERKRACHT, C.STABIEL, C.WEINIG_VEERKRACHT_PROBLEMEN, C.STABIEL, C.WEINIG_VEERKRACHT,
                       None],
        "inwoners": [5000, 4000, 100, 9000, 200, 1],
        "bezit": ["overwegend particulier", "corporatiebuurt", "corporatiebuurt", "gemengd bezit", "gemengd bezit",
                  "bezit onbekend"],
    })
    ranked = atelier_ranking(rows)
    # rank 0: focus and weak (e 200 before c 100), rank 1: focus only (b), rank 2: weak only (a); d and f not
    assert ranked["naam"].tolist() == ["e", "c", "b", "a"]
    assert ranked.index.tolist() == [1, 2, 3, 4]
    # the reason: focus or not, weak or the development, then the area's ownership in words (33a0f81)
    assert ranked["reden"].tolist() == ["focusgebied, weinig veerkracht, gemengd bezit",
                                        "focusgebied, weinig veerkracht, corporatiebuurt",
                                        "focusgebied, stabiel, corporatiebuurt",
                                        "geen focusgebied, weinig veerkracht, overwegend particulier"]
    assert list(ranked.columns) == ["naam", "focus", "veerkracht", "inwoners", "bezit", "reden"]


def test_atelier_ranking_equal_inhabitants_by_name():
    rows = pd.DataFrame({"naam": ["b", "a", "c"], "focus": [True, True, True], "veerkracht": [C.STABIEL] * 3,
                         "inwoners": [10, 10, 10], "bezit": ["corporatiebuurt"] * 3})
    assert atelier_ranking(rows)["naam"].tolist() == ["a", "b", "c"]


def test_atelier_ranking_names_an_unknown_development():
    rows = pd.DataFrame({"naam": ["a"], "focus": [True], "veerkracht": [None], "inwoners": [1],
                         "bezit": ["bezit onbekend"]})
    assert atelier_ranking(rows)["reden"].tolist() == ["focusgebied, onbekende ontwikkeling, bezit onbekend"]


def test_emphasis_groups_of_equal_size_keep_their_order():
    rows = pd.DataFrame({"type": ["B", "A"], "nadruk": ["x", "y"], "waarom": ["wb", "wa"]})
    assert [g["type"] for g in emphasis_groups(rows)] == ["B", "A"]


def test_emphasis_groups_count_areas_per_type():
    rows = pd.DataFrame({"type": ["A", "B", "B", "C"], "nadruk": ["x, y", "z", "z", ""], "waarom": ["wa", "wb", "wb", ""]})
    assert emphasis_groups(rows) == [{"type": "B", "stress": ("z",), "waarom": "wb", "n": 2},
                                     {"type": "A", "stress": ("x", "y"), "waarom": "wa", "n": 1}]
