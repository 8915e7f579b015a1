# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
region = "voorbeeldregio"
analysis_path = ""

# %%
from veerkracht_lib.analysis.indicators import yearly_indicators
from veerkracht_lib.analysis.tweedeling import divergence, time_series
from veerkracht_lib.build import open_analysis
from veerkracht_lib.rendering import charts, narrative, report

a = open_analysis(region, analysis_path)
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
    series = time_series(yearly, column).dropna(how="all")
    if len(series) > 1:
        report.figure(charts.time_series_chart(series, label), f"Verloop van {label} per gemeente")

# %% [markdown]
# ## Verantwoording

# %%
report.md(narrative.method_text(a))
