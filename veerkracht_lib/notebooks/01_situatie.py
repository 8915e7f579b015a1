# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Run by hand (JupyterLab): choose the region and its data here, then run every cell.
region = "voorbeeldregio"  # a region of params/, a params file, or gemeente codes such as "GM0917,GM0928"
data_dir = ""  # a folder of hand-downloaded source files (empty: the region's own data or the download cache)
allow_missing = False  # True: draw the maps that can be drawn and say which data are missing
base_year = None  # None: as in the params
situation_year = None  # None: as in the params
reference = None  # "nederland", "gemeente" or "regio"; None: as in the params
analysis_path = ""  # set by the build; by hand the analysis is computed once, then cached

# %%
from veerkracht_lib.analysis.samenhang import means_by_corporatie
from veerkracht_lib.analysis.tweedeling import class_shares, comparison_table
from veerkracht_lib.build import open_analysis
from veerkracht_lib.rendering import narrative, report, statcharts

a = open_analysis(region, analysis_path, data_dir, allow_missing, base_year, situation_year, reference)
report.header(a, "01_situatie.html")
report.md(f"# {narrative.escape_markdown(a.config.title)} — I. Situatie ({a.years('focus')})")
report.author(narrative.commentary(a, "01_situatie"))

# %% [markdown]
# Dit hoofdstuk laat zien waar in de regio kwetsbare bewoners wonen, waar overlast en onveiligheid
# groter zijn dan gemiddeld, en waar die twee samenvallen.
#
# <p class="vk-screen">Elke kaart kan worden omgeschakeld tussen de vergelijking met Nederland, met de eigen
# gemeente en met de regio (knoppen rechtsboven in de kaart).</p>
#
# ## Kaart 1 — Overlast en onveiligheid
# De dimensie *overlast en onveiligheid* van de Leefbaarometer 3.0: de afwijking van het gemiddelde.
# Rood is slechter, blauw is beter.

# %%
report.show_map(a, "overlast")
report.md(narrative.map_text(a, "overlast"))

# %% [markdown]
# ## Kaart 2 — Kwetsbare bewoners
# Een index van kwetsbare groepen (100 = het Nederlandse gemiddelde). Zie de verantwoording onderaan.

# %%
report.show_map(a, "kwetsbaar")
report.md(narrative.map_text(a, "kwetsbaar"))

# %% [markdown]
# ## Kaart 3 — Focuskaart
# Kaart 1 en 2 samen. Donkerrood zijn de *focusgebieden*: veel kwetsbare bewoners én meer overlast,
# "problemen voor en achter de voordeur". Aaneengesloten focusbuurten zijn omlijnd als gebied
# (blauw = corporatiebuurt, paars = gemengd bezit, roze = overwegend particulier bezit; de grenzen staan in de verantwoording).

# %%
report.show_map(a, "focus")
report.md(narrative.map_text(a, "focus"))

# %% [markdown]
# ## Kaart 4 — Aandeel corporatiebezit
# Het aandeel woningen in bezit van woningcorporaties. Vanaf 60% noemen we een buurt een *corporatiebuurt*.

# %%
report.show_map(a, "corporatie")
report.md(narrative.map_text(a, "corporatie"))
report.md(narrative.concentration_text(a))
report.table(narrative.concentration_rows(a), {"corporatiewoningen": "int", "in buurten met ≥ 60%": "pct",
                                               "in buurten met ≥ 80%": "pct"}, narrative.CONCENTRATION_CAPTION)

# %% [markdown]
# ## Samenhang van kwetsbaarheid en overlast
# Gaat een hoger aandeel kwetsbare bewoners samen met meer overlast, en hangt dat af van het
# corporatiebezit? De correlatie is gewogen naar inwoners. Het is een samenhang, geen oorzaak.

# %%
report.samenhang_section(a)
if a.available("focus"):
    report.table(means_by_corporatie(a.buurten, ["kwetsbaar", "onv"], a.config.thresholds).rename(columns={"kwetsbaar": "kwetsbaar (index)", "onv": "overlast (onv)"}),
                 {"buurten": "int", "inwoners": "int", "kwetsbaar (index)": "int", "overlast (onv)": "dec2"},
                 caption="Gemiddelden per klasse van corporatiebezit (gewogen naar inwoners)")
    report.md(narrative.render(a, "clustering.md.j2", rows=a.clustering))
    distributions = statcharts.distribution_by_class(a.buurten, {"kwetsbaar": "kwetsbare bewoners (index)", "onv": "overlast en onveiligheid (onv)"},
                                                     a.config.thresholds)
    if distributions is not None:
        report.md("De verdeling over de buurten per klasse van corporatiebezit (ongewogen; de lijnen zijn de kwartielen):")
        report.figure(distributions, "Verdeling van kwetsbare bewoners en overlast over de buurten, per klasse van corporatiebezit",
                      tight=False)

# %% [markdown]
# ## Verschillen tussen gemeenten
# Per gemeente het aandeel inwoners aan de "probleemkant" van elke kaart (slechter dan gemiddeld, veel
# kwetsbaren, focusgebied, corporatiebuurt, verslechterd, toegenomen, weinig veerkracht), en daarna
# het aandeel inwoners per klasse van de focuskaart.

# %%
comparison = comparison_table(a).reset_index()
report.table(comparison, {c: "pct" for c in comparison.columns if c != "gemeente"})
if a.available("focus"):
    shares = class_shares(a.buurten, a.class_column("focus")).reset_index().rename(columns={"gm_naam": "gemeente"})
    report.table(shares, {c: "pct" for c in shares.columns if c != "gemeente"})

# %% [markdown]
# ## Verantwoording
#
# <p class="vk-method-elsewhere">Deze verantwoording geldt voor het hele rapport en staat in de PDF één keer, aan het
# eind van hoofdstuk III.</p>

# %% tags=["verantwoording"]
report.md(narrative.method_text(a))
