"""The demo's fixed settings: years, gemeenten, national figures, name parts and the region spec."""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_YEARS = (2014, 2016, 2018, 2020, 2022)
DEMO_GEMEENTEN = ("GM9901", "GM9902", "GM9903", "GM9904", "GM9905")
DEFAULT_SEED = 20260101
REGION_NAME = "Voorbeeldregio"

SPLIT_YEAR = 2018  # the split buurt has its two new codes from this year on
MERGE_YEAR = 2020  # the merged buurt has its new code from this year on
THREE_WAY_YEAR = 2016  # the buurt split in three has its three new codes from this year on
DRIFT = 0.02  # the drifting gemeente's Leefbaarometer onv falls by this much from base to situation year
TINY_INHABITANTS = 40
LBM_NL_MEAN = 4.102265  # lbm - afw in the real LBM 3.0 files (the same every year)
CBS_OLD_MISSING = -99999997  # sentinel for suppressed values in older Wijk- en Buurtkaarten

_N_CELLS = 230
_CENTRE = (22_500.0, 495_000.0)  # RD New, in the North Sea off the Holland coast
_RADII = (18_500.0, 21_000.0)

#: gemeente code -> (name, role, number of wijken)
_GEMEENTEN = {
    "GM9901": ("Kwelderhaven", "urban", 6),
    "GM9902": ("Geulmonde", "town", 4),
    "GM9903": ("Plaatwolde", "town", 3),
    "GM9904": ("Schorrekerke", "rural", 2),
    "GM9905": ("Helmduinen", "rural", 3),
}

#: national rows of the Kerncijfers per year (rounded public CBS magnitudes)
_NEDERLAND = {
    2014: dict(inwoners=16_829_289, huishoudens=7_588_143, woningen=7_534_763,
               corporatie_pct=31.0, bijstand=388_150, laag_inkomen_pct=8.7),
    2016: dict(inwoners=16_979_120, huishoudens=7_703_174, woningen=7_641_323,
               corporatie_pct=30.2, bijstand=434_320, laag_inkomen_pct=8.4),
    2018: dict(inwoners=17_181_084, huishoudens=7_807_734, woningen=7_740_984,
               corporatie_pct=29.4, bijstand=443_060, laag_inkomen_pct=8.2),
    2020: dict(inwoners=17_407_585, huishoudens=7_926_814, woningen=7_892_280,
               corporatie_pct=29.0, bijstand=418_880, laag_inkomen_pct=8.0),
    2022: dict(inwoners=17_590_672, huishoudens=8_015_810, woningen=8_046_000,
               corporatie_pct=28.7, bijstand=404_590, laag_inkomen_pct=7.9),
}

#: canonical variable -> cbsodata column per year (CBS renumbers the suffixes every year)
_KWB_COLUMNS = {
    2014: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_28",
               woningen="Woningvoorraad_31", corporatie_pct="InBezitWoningcorporatie_37",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_69",
               bijstand="PersonenPerSoortUitkeringBijstand_76"),
    2016: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_28",
               woningen="Woningvoorraad_34", corporatie_pct="InBezitWoningcorporatie_40",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_72",
               bijstand="PersonenPerSoortUitkeringBijstand_79"),
    2018: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_28",
               woningen="Woningvoorraad_34", corporatie_pct="InBezitWoningcorporatie_40",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_74",
               bijstand="PersonenPerSoortUitkeringBijstand_81"),
    2020: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_29",
               woningen="Woningvoorraad_35", corporatie_pct="InBezitWoningcorporatie_41",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_77",
               bijstand="PersonenPerSoortUitkeringBijstand_85"),
    2022: dict(inwoners="AantalInwoners_5", huishoudens="HuishoudensTotaal_29",
               woningen="Woningvoorraad_36", corporatie_pct="InBezitWoningcorporatie_42",
               laag_inkomen_pct="HuishoudensMetEenLaagInkomen_78",
               bijstand="PersonenPerSoortUitkeringBijstand_86"),
}
_COUNTS = ("inwoners", "huishoudens", "woningen", "bijstand")

# Fictional Dutch-sounding name parts (coastal words; combinations are no real places).
_NAME_STEMS = (
    "Aalscholver", "Anker", "Baken", "Bergeend", "Boeien", "Botter", "Duinroos", "Ebbe",
    "Eider", "Garnalen", "Getijden", "Helmgras", "Jutters", "Kaap", "Kluut", "Kokkel",
    "Kompas", "Kotter", "Kwelder", "Lamsoor", "Lepelaar", "Logger", "Loods", "Meeuwen",
    "Mossel", "Netten", "Oester", "Plaat", "Priel", "Reders", "Roer", "Schelpen", "Schippers",
    "Schor", "Slenk", "Slik", "Sternen", "Stormvogel", "Strandloper", "Tureluur", "Vissers",
    "Vloed", "Wier", "Wulpen", "Zandbank", "Zeeaster", "Zeehond", "Zeekraal", "Zeewind", "Zilt",
)
_URBAN_ENDS = ("buurt", "erf", "hof", "hoek", "kade", "kwartier", "park", "plein", "veld", "weide")
_VILLAGE_ENDS = ("dorp", "hoeve", "horn", "kerke", "oord", "wolde", "zand", "zijl")
_COMPASS = ("Oost", "Noordoost", "Noord", "Noordwest", "West", "Zuidwest", "Zuid", "Zuidoost")

# ---- scaled demo (n_buurten / n_gemeenten): clusters of up to five gemeenten
CLUSTER_BUURTEN = 206  # default buurten per cluster: 14,000 buurten -> 68 clusters, 340 gemeenten
SCALED_REGION_NAME = "Voorbeeldland"
_ROLES = ("urban", "town", "town", "rural", "rural")  # gemeente roles in a cluster, in code order
_SCALED_CELL = 0.75  # scaled buurten are smaller than the demo's (about 3 km², as in the Netherlands)
_SCALED_DETAIL = 3  # levels of wiggle on scaled buurt edges (2**3 pieces per straight edge)
_NATIONAL_CENTRE = (80_000.0, 810_000.0)  # RD New: the open North Sea, about 55.3° N 4.2° E
_GM_CODE_BASE = 9001  # scaled gemeente codes GM9001 ... (no real gemeente has such a code)
_MAX_GEMEENTEN = 899
_MAX_CLUSTER_CELLS = 800  # fictional names and codes per cluster run out beyond this
_GM_ENDS = ("haven", "monde", "duinen", "dam", "sluis", "stede", "meer", "rade")
_GM_PREFIXES = ("", "Nieuw-", "Oud-")


@dataclass(frozen=True)
class Region:
    """What one generated region (the demo, or one cluster of a scaled demo) looks like.

    The defaults reproduce the Voorbeeldregio exactly; a scaled cluster moves it (``centre``),
    shrinks or grows it (``scale``: its lengths, ``cell``: the buurt size, both relative to the
    demo) and gives it other gemeenten and planted-area sizes.
    """

    gemeenten: dict = field(default_factory=lambda: dict(_GEMEENTEN))  # code -> (name, role, n_wijken|None)
    n_cells: int = _N_CELLS
    centre: tuple = _CENTRE
    scale: float = 1.0
    cell: float = 1.0
    sizes: tuple = (13, 10, 8)  # focus, resilient, worsening area (buurten)
    detail: int = 0  # wiggle levels of the buurt edges (0 = straight Voronoi edges)

    @property
    def codes(self) -> tuple:
        return tuple(self.gemeenten)

    @property
    def radii(self) -> tuple:
        return (_RADII[0] * self.scale, _RADII[1] * self.scale)

    @property
    def city(self) -> tuple:
        return (self.centre[0] + self.scale * -5_000.0, self.centre[1] + self.scale * 4_000.0)

    @property
    def urban(self) -> str:
        return self.codes[0]

    @property
    def town(self) -> str:
        """The gemeente of the worsening area."""
        return self.codes[min(1, len(self.codes) - 1)]

    @property
    def split_gemeente(self) -> str:
        return self.codes[min(2, len(self.codes) - 1)]

    def role(self, gm: str) -> str:
        return self.gemeenten[gm][1]

    def name(self, gm: str) -> str:
        return self.gemeenten[gm][0]


DEMO_REGION = Region()
