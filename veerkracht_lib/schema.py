"""The tidy shapes that every loader returns and the panel consumes.

Loaders translate each official file format into these canonical column names, so the
rest of the library never sees a CBS or Leefbaarometer spelling.

Buurt geometry (``sources.cbs_buurten.read_buurten``): a GeoDataFrame in EPSG:28992 with
``BUURT_COLUMNS`` plus whichever ``KWB_VARIABLES`` the file itself carries (older CBS
Wijk- en Buurtkaarten ship key figures inside the map).

Kerncijfers (``sources.kwb``): a DataFrame with ``KWB_KEYS`` plus ``KWB_VARIABLES``; one
row per region (``code`` is NL00, GMxxxx, WKxxxxxx or BUxxxxxxxx) and year.

Leefbaarometer (``sources.leefbaarometer``): a DataFrame with ``code``, ``jaar`` and
``LBM_SCORES``; ``code`` is a buurt (BU) or wijk (WK) code.

Missing values are NaN, never zero.
"""

CRS = "EPSG:28992"  # Amersfoort / RD New, the CBS working projection

BUURT_COLUMNS = ["code", "naam", "wk_code", "gm_code", "gm_naam", "jaar", "geometry"]

KWB_KEYS = ["code", "soort", "naam", "jaar"]

#: canonical name -> meaning (counts are persons, households or dwellings; pct are 0-100)
KWB_VARIABLES = {
    "inwoners": "aantal inwoners",
    "huishoudens": "aantal particuliere huishoudens",
    "woningen": "woningvoorraad",
    "corporatie_pct": "huurwoningen in bezit van woningcorporaties (% van de woningen)",
    "bijstand": "personen met een bijstandsuitkering (aantal)",
    "laag_inkomen_pct": "huishoudens met een laag inkomen (% van de particuliere huishoudens)",
    "niet_westers_pct": "inwoners met een niet-westerse migratieachtergrond (%)",
}

LBM_SCORES = ["lbm", "afw", "fys", "onv", "soc", "vrz", "won"]

NEDERLAND = "NL00"
