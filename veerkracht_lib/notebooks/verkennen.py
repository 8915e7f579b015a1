# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Verkennen: elke indicator tegen elke andere
# Voor onderzoekers: alle indicatoren van een regio per buurt (de kaarten van het rapport, de vijf
# dimensies van de Leefbaarometer, de onderdelen van de kwetsbaarheidsindex, corporatiebezit), hoe
# ze samenhangen (gewogen naar inwoners, met n en 95%-interval), en per gemeente. Samenhang is geen
# oorzaak. Kies hieronder de regio en de twee indicatoren, en voer alle cellen uit.

# %% tags=["parameters"]
region = "voorbeeldregio"  # a region of params/, a params file, or gemeente codes such as "GM0917,GM0928"
data_dir = ""  # a folder of hand-downloaded source files (empty: the region's own data or the download cache)
allow_missing = False  # True: use the data that are present and say what is missing
base_year = None  # None: as in the params
situation_year = None  # None: as in the params
reference = None  # "nederland", "gemeente" or "regio"; None: as in the params
x = "kwetsbaar"  # the indicator on the horizontal axis (a column of the table below)
y = "onv"  # the indicator on the vertical axis
gemeente = ""  # one gemeente by name (empty: the whole region)
analysis_path = ""  # set by the build; by hand the analysis is computed once, then cached

# %%
import pandas as pd

from veerkracht_lib.analysis import explore
from veerkracht_lib.build import open_analysis
from veerkracht_lib.rendering import report, statcharts

a = open_analysis(region, analysis_path, data_dir, allow_missing, base_year, situation_year, reference)
table = explore.indicator_table(a.buurten, a.panel.values, a.source_years.cbs, a.source_years.onv)
if gemeente:
    table = table[table["gm_naam"] == gemeente]
columns = explore.indicators(table)
labels = {c: explore.LABELS[c] for c in columns}
if x not in columns or y not in columns:
    raise ValueError(f"x and y must be indicators of this region: {', '.join(columns)}")
usable = table[~table["te_klein"]]
report.md(f"**{a.config.title}**{' — ' + gemeente if gemeente else ''}: {len(usable)} buurten met genoeg inwoners; "
          f"CBS-cijfers van {a.source_years.cbs or 'geen jaar'}, Leefbaarometer van {a.source_years.onv or 'geen jaar'}.")
report.table(
    pd.DataFrame({"indicator": list(labels.values()), "kolom": columns,
                          "buurten met waarde": [int(usable[c].notna().sum()) for c in columns]}),
    {"buurten met waarde": "int"}, caption="Indicatoren in deze regio")

# %% [markdown]
# ## Samenhang van elk paar
# Gewogen correlatie r met het 95%-interval (Fisher-z op het aantal buurten n). Een leeg interval: te
# weinig buurten.

# %%
pairs = explore.correlations(table, columns)
report.table(pairs.assign(x=pairs["x"].map(labels), y=pairs["y"].map(labels)),
             {"n": "int", "r": "dec2", "ci_laag": "dec2", "ci_hoog": "dec2"})
if len(columns) > 1:
    report.figure(statcharts.correlation_heatmap(explore.correlation_matrix(pairs), labels),
                  "Gewogen correlaties van alle indicatoren")

# %% [markdown]
# ## De gekozen twee, per klasse van corporatiebezit

# %%
chosen = statcharts.samenhang_by_class(table, x, y, labels.get(x, x), labels.get(y, y), a.config.thresholds)
if chosen is None:
    report.md(f"Niet te tekenen: geen buurt heeft zowel {labels.get(x, x)} als {labels.get(y, y)} en corporatiebezit.")
else:
    report.figure(chosen, f"{labels.get(x, x)} tegen {labels.get(y, y)} per klasse van corporatiebezit")

# %% [markdown]
# ## Alle paren in één beeld
# De kaartindicatoren en de Leefbaarometer-dimensies tegen elkaar; kleur = klasse van corporatiebezit.

# %%
shown = [c for c in explore.PAIR_PLOT if c in columns]
if len(shown) > 1:
    report.figure(statcharts.pair_plot(table, shown, labels, a.config.thresholds), "Alle paren van indicatoren per buurt")

# %% [markdown]
# ## Per gemeente

# %%
per_gemeente = pd.concat(
    [explore.correlations(group, [x, y]).assign(gemeente=name) for name, group in table.groupby("gm_naam")], ignore_index=True)
report.table(per_gemeente[["gemeente", "n", "r", "ci_laag", "ci_hoog"]], {"n": "int", "r": "dec2", "ci_laag": "dec2", "ci_hoog": "dec2"},
             caption=f"{labels.get(x, x)} tegen {labels.get(y, y)}, per gemeente")
