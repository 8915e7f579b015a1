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
from veerkracht_lib.analysis.matrix import atelier_ranking, emphasis_groups
from veerkracht_lib.analysis.robustness import robustness_table
from veerkracht_lib.build import open_analysis
from veerkracht_lib.rendering import charts, narrative, report

a = open_analysis(region, analysis_path, data_dir, allow_missing, base_year, situation_year, reference)
report.header(a, "03_werken_aan_veerkracht.html")
report.md(f"# {narrative.escape_markdown(a.config.title)} — III. Werken aan veerkracht")
report.author(narrative.commentary(a, "03_werken_aan_veerkracht"))
rows = a.area_table()

# %% [markdown]
# De kaarten wijzen gebieden aan waar het gesprek nodig is. Wat daar te doen is, bepalen gemeente,
# corporaties en bewoners samen. De *matrix handelingsperspectieven* helpt dat gesprek te ordenen:
# **verbeteren** (werken met de huidige concentratie) of **doorbreken** (de concentratie veranderen), en
# gericht op de **woning** (voorraad, openbare ruimte) of op de **bewoner**. Een combinatie is altijd nodig;
# de nadruk hieronder is een *gespreksaanzet*, geen voorschrift.
#
# ## Gebieden die aandacht vragen, per gemeente

# %%
not_computed = narrative.areas_not_computed(a)  # None when the areas could be determined
report.md(not_computed or narrative.areas_text(a, rows))

# %% [markdown]
# ## Kaart 8 — Gebieden naar type
# Elke buurt in de kleur van het type gebied waarin zij ligt; het type bepaalt de nadruk in de matrix
# hieronder. Buurten buiten een gebied zijn licht.

# %%
report.show_map(a, "gebiedstype")
report.md(narrative.map_text(a, "gebiedstype"))

# %% [markdown]
# ## Nadruk in de matrix per type gebied

# %%
if not_computed:
    report.md(not_computed)
elif rows.empty:
    report.md("Zonder gebieden is er geen nadruk in de matrix voor te stellen.")
for group in emphasis_groups(rows):
    report.md(f"**{group['type'].capitalize()}** — {group['waarom']} ({group['n']} {'gebied' if group['n'] == 1 else 'gebieden'}).")
    report.figure(charts.matrix_chart(group["stress"], group["type"]), f"Matrix handelingsperspectieven: {group['type']}")

# %% [markdown]
# ## Kandidaten voor een gebiedsatelier
# Eerst focusgebieden met weinig veerkracht, dan de overige focusgebieden, dan gebieden met weinig veerkracht;
# binnen elke groep het grootste aantal inwoners eerst.

# %%
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
# ## Hoe stevig zijn deze conclusies?
# Hoeveel buurten van focus- of veerkrachtklasse wisselen als de gewichten van de index of de
# klassengrenzen anders worden gekozen? Grote aantallen betekenen: voorzichtig concluderen.

# %%
if not_computed:
    report.md(f"Niet te bepalen: de klassen van de focuskaart ontbreken. {not_computed}")
else:
    report.table(robustness_table(a), {"focus: andere klasse": "int", "veerkracht: andere klasse": "int",
                                        "focus: aandeel": "pct", "veerkracht: aandeel": "pct"})

# %% [markdown]
# ## Volgende stappen
# 1. Bespreek de kandidaatgebieden met gemeente, corporaties en bewoners: herkennen zij het beeld?
# 2. Leg per gebied vast welke perspectieven uit de matrix al worden ingezet en welke ontbreken.
# 3. Herhaal de analyse met nieuwe cijfers (`veerkracht build`) en volg de ontwikkeling.
#
# ## Verantwoording

# %%
report.md(narrative.method_text(a))
