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
from veerkracht_lib.analysis.atelier import area_figures
from veerkracht_lib.analysis.matrix import atelier_ranking, emphasis_groups
from veerkracht_lib.analysis.robustness import alternative_frames, area_robustness, robustness_table
from veerkracht_lib.build import open_analysis
from veerkracht_lib.rendering import charts, narrative, report

a = open_analysis(region, analysis_path, data_dir, allow_missing, base_year, situation_year, reference)
report.header(a, "03_werken_aan_veerkracht.html")
report.md(f"# {narrative.escape_markdown(a.config.title)} — III. Werken aan veerkracht")
report.author(narrative.commentary(a, "03_werken_aan_veerkracht"))
not_computed = narrative.areas_not_computed(a)  # None when the areas could be determined
rows = a.area_table()
figures = area_figures(a.buurten, a.areas, a.config.thresholds, a.config.reference)
frames = {} if not_computed else alternative_frames(a)  # the other choices, classed once for both tables
kept = area_robustness(a.buurten, a.areas, a.config.reference, frames)

# %% [markdown]
# De kaarten wijzen gebieden aan waar het gesprek nodig is. Wat daar te doen is, bepalen gemeente,
# corporaties en bewoners samen. De *matrix handelingsperspectieven* helpt dat gesprek te ordenen:
# **verbeteren** (werken met de huidige concentratie) of **doorbreken** (de concentratie veranderen), en
# gericht op de **woning** (voorraad, openbare ruimte) of op de **bewoner**. Een combinatie is altijd nodig;
# de nadruk hieronder is een *gespreksaanzet*, geen voorschrift.
#
# ## Kandidaten voor een gebiedsatelier

# %%
report.md(narrative.atelier_rule_text(a))
ranking = atelier_ranking(rows)
if not_computed:
    report.md(not_computed)
elif ranking.empty:
    report.md("Geen kandidaten: in deze regio is geen focusgebied of gebied met weinig veerkracht gevonden.")
else:
    report.table(ranking.reset_index(names="rang")[["rang", "gebied", "naam", "gm_naam", "inwoners", "corporatie", "reden", "nadruk"]]
                 .rename(columns={"gm_naam": "gemeente", "corporatie": "corporatiebezit"}),
                 {"rang": "int", "inwoners": "int", "corporatiebezit": "pct"})

# %% [markdown]
# ## Alle gebieden in cijfers
# Elk gebied van de kaarten (F = focuskaart, V = veerkrachtkaart, genummerd als op de kaarten), met het
# gemiddelde van zijn buurten gewogen naar inwoners en de klasse van dat gemiddelde op kaart 1, 2, 5 en 6.

# %%
if not_computed:
    report.md(not_computed)
elif figures.empty:
    report.md("In deze regio zijn geen gebieden gevonden.")
else:
    status = [f"kandidaat {rang:.0f}" if s == "kandidaat" else f"in {focus}" if s == "in focusgebied" else s
              for s, rang, focus in zip(figures["status"], figures["rang"], figures["in_focus"])]
    report.table(figures.assign(status=status)[
        ["gebied", "naam", "n_buurten", "inwoners", "corporatie", "overlast", "klasse_overlast", "kwetsbaar",
         "klasse_kwetsbaar", "d_onv", "d_kwetsbaar", "veerkracht", "status"]].rename(columns={
            "n_buurten": "buurten", "corporatie": "corporatiebezit", "klasse_overlast": "klasse overlast",
            "kwetsbaar": "kwetsbare bewoners", "klasse_kwetsbaar": "klasse kwetsbaar", "d_onv": "Δ overlast",
            "d_kwetsbaar": "Δ kwetsbaar", "veerkracht": "ontwikkeling", "status": "gebiedsatelier"}),
        {"buurten": "int", "inwoners": "int", "corporatiebezit": "pct", "overlast": "dec2", "kwetsbare bewoners": "int",
         "Δ overlast": "dec2", "Δ kwetsbaar": "int"})

# %% [markdown]
# ## Elk gebied: waarom wel of geen kandidaat, de nadruk in de matrix, hoe stevig
# Per gemeente, het grootste gebied eerst. "Hoe stevig" telt bij hoeveel andere keuzes (een andere referentie,
# andere gewichten van de index of andere klassengrenzen; de tabel onderaan) minstens de helft van de inwoners
# van het gebied in dezelfde klasse blijft.

# %%
report.md(not_computed or narrative.areas_text(a, figures, kept))

# %% [markdown]
# ## Kaart 8 — Gebieden naar type
# Elke buurt in de kleur van het type gebied waarin zij ligt; het type bepaalt de nadruk in de matrix
# hieronder. Buurten buiten een gebied zijn licht.

# %%
report.show_map(a, "gebiedstype")
report.md(narrative.map_text(a, "gebiedstype"))

# %% [markdown]
# ## Nadruk in de matrix per type gebied
# Elke matrix heeft vier cellen: **verbeteren** (links) of **doorbreken** (rechts), gericht op de **woning** (boven)
# of de **bewoner** (onder). De donkerste cel is de eerste nadruk, de andere paarse cellen horen erbij; lichte
# cellen zijn niet uitgesloten, want een combinatie is altijd nodig.

# %%
if not_computed:
    report.md(not_computed)
elif rows.empty:
    report.md("Zonder gebieden is er geen nadruk in de matrix voor te stellen.")
for group in emphasis_groups(rows):
    report.md(f"**{group['type'].capitalize()}** — {group['waarom']} ({group['n']} {'gebied' if group['n'] == 1 else 'gebieden'}).")
    report.figure(charts.matrix_chart(group["stress"], group["type"]), f"Matrix handelingsperspectieven: {group['type']}")

# %% [markdown]
# ## Hoe stevig zijn deze conclusies?
# Per gebied: welk deel van de inwoners in dezelfde klasse blijft als de referentie, de gewichten van de index
# of de klassengrenzen anders worden gekozen. Onder de helft betekent: het gebied hangt van die keuze af.

# %%
if not_computed:
    report.md(f"Niet te bepalen: de klassen van de focuskaart ontbreken. {not_computed}")
elif not kept.empty:
    report.table(kept.T.reset_index(names="andere keuze"), {gebied: "pct" for gebied in kept.index})

# %% [markdown]
# En voor alle buurten: hoeveel wisselen van focus- of veerkrachtklasse bij andere gewichten of klassengrenzen?
# Grote aantallen betekenen: voorzichtig concluderen.

# %%
if not not_computed:
    report.table(robustness_table(a, frames), {"focus: andere klasse": "int", "veerkracht: andere klasse": "int",
                                               "focus: aandeel": "pct", "veerkracht: aandeel": "pct"})

# %% [markdown]
# ## Volgende stappen
# 1. Bespreek de kandidaatgebieden met gemeente, corporaties en bewoners: herkennen zij het beeld?
# 2. Leg per gebied vast welke perspectieven uit de matrix al worden ingezet en welke ontbreken.
# 3. Maak het rapport opnieuw zodra CBS en de Leefbaarometer nieuwe cijfers publiceren, en vergelijk de gebieden en
#    hun volgorde met dit rapport: zo volgt u de ontwikkeling.
#
# ## Verantwoording

# %%
report.md(narrative.method_text(a))
