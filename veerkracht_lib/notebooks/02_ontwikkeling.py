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
from veerkracht_lib.analysis.indicators import yearly_indicators
from veerkracht_lib.analysis.tweedeling import divergence, time_series
from veerkracht_lib.build import open_analysis
from veerkracht_lib.rendering import charts, narrative, report, statcharts

a = open_analysis(region, analysis_path, data_dir, allow_missing, base_year, situation_year, reference)
report.header(a, "02_ontwikkeling.html")
report.md(f"# {narrative.escape_markdown(a.config.title)} — II. Ontwikkeling ({a.years('veerkracht')})")
report.author(narrative.commentary(a, "02_ontwikkeling"))

# %% [markdown]
# Dit hoofdstuk vergelijkt het situatiejaar met het basisjaar: is de overlast afgenomen of toegenomen,
# en is het aandeel kwetsbare bewoners gegroeid? Samen tonen ze de *veerkracht* van een buurt: waar het
# aandeel kwetsbare bewoners groeit en de overlast toch niet toeneemt, toont een buurt veerkracht.
#
# ## Kaart 5 — Ontwikkeling overlast en onveiligheid
# Het verschil in de Leefbaarometer-score tussen basisjaar en situatiejaar. Blauw is verbeterd, rood verslechterd.

# %%
report.show_map(a, "d_onv")
report.md(narrative.map_text(a, "d_onv"))

# %% [markdown]
# ## Kaart 6 — Ontwikkeling kwetsbare bewoners
# Het verschil in de index van kwetsbare bewoners (in indexpunten ten opzichte van Nederland, zodat een
# landelijke verschuiving wegvalt). Rood is een toename.

# %%
report.show_map(a, "d_kwetsbaar")
report.md(narrative.map_text(a, "d_kwetsbaar"))

# %% [markdown]
# ## Kaart 7 — Veerkrachtkaart
# Kaart 5 en 6 samen. Aaneengesloten buurten met dezelfde uitkomst zijn omlijnd als gebied.

# %%
report.show_map(a, "veerkracht")
report.md(narrative.map_text(a, "veerkracht"))

# %% [markdown]
# ## Samenhang van de ontwikkelingen

# %%
report.samenhang_section(a, development=True)

# %% [markdown]
# ## Tweedeling: groeien de gemeenten uit elkaar?

# %%
if a.available("d_onv") or a.available("d_kwetsbaar"):
    table = divergence(a.buurten)
    report.md(narrative.tweedeling_text(a))
    report.figure(charts.divergence_chart(table, a.config.base_year, a.config.situation_year),
                  "Deel van de verschillen dat tussen gemeenten ligt, basisjaar en situatiejaar")
else:
    report.md(narrative.tweedeling_missing(a))
yearly = yearly_indicators(a.panel, a.config)
for column, label in (("kwetsbaar", "kwetsbare bewoners (index)"), ("onv", "overlast en onveiligheid (onv)")):
    if len(time_series(yearly, column).dropna(how="all")) > 1:
        report.figure(statcharts.time_series_bands(yearly, column, label),
                      f"Verloop van {label} per gemeente (gewogen gemiddelde met 95%-interval) en in de regio", tight=False)

# %% [markdown]
# ## Van klasse naar klasse
# Hoeveel buurten stonden in het basisjaar in welke klasse van kaart 1 en 2, en waar staan ze nu? Dezelfde
# klassegrenzen in beide jaren; op de diagonaal de buurten die in hun klasse bleven.

# %%
report.transitions_section(a, yearly)

# %% [markdown]
# ## Verantwoording
#
# <p class="vk-method-elsewhere">Deze verantwoording geldt voor het hele rapport en staat in de PDF één keer, aan het
# eind van hoofdstuk III.</p>

# %% tags=["verantwoording"]
report.md(narrative.method_text(a))
