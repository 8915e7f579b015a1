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
# # Reproductie: de landelijke bevindingen van het Aedes-onderzoek
# Voor studenten: welke bevindingen van *Veerkracht in het corporatiebezit* zijn met open data na te
# rekenen (methodologie §8), berekend op de regio en jaren die hier gekozen zijn, naast het gepubliceerde
# cijfer, met waarom de twee kunnen verschillen. Wat niet te berekenen is, staat er met de reden bij.
# Het landelijke beeld vraagt de landelijke bestanden (`region = "nederland"`).

# %% tags=["parameters"]
region = "voorbeeldregio"  # a region of params/, a params file, or gemeente codes such as "GM0917,GM0928"
data_dir = ""  # a folder of hand-downloaded source files (empty: the region's own data or the download cache)
allow_missing = False  # True: use the data that are present and say what is missing
base_year = None  # None: as in the params
situation_year = None  # None: as in the params
reference = None  # "nederland", "gemeente" or "regio"; None: as in the params
analysis_path = ""  # set by the build; by hand the analysis is computed once, then cached

# %%
from veerkracht_lib.analysis.maps import MAPS
from veerkracht_lib.analysis.reproduction import reproduction_table
from veerkracht_lib.build import open_analysis
from veerkracht_lib.rendering import narrative, report, statcharts

a = open_analysis(region, analysis_path, data_dir, allow_missing, base_year, situation_year, reference)
report.md(f"**{a.config.title}**, {a.config.base_year}–{a.config.situation_year}"
          + (" — *synthetische voorbeelddata*: de uitkomsten zeggen niets over Nederland." if a.config.synthetic else "."))

# %% [markdown]
# ## Gepubliceerd en berekend

# %%
report.table(reproduction_table(a.buurten, a.config.thresholds, a.config.base_year, a.config.situation_year))
overlast = statcharts.distribution_by_class(a.buurten, {"onv": "overlast en onveiligheid (onv, + = beter)"}, a.config.thresholds)
if overlast is not None:
    report.figure(overlast, "Overlast en onveiligheid per klasse van corporatiebezit (de eerste bevinding)")

# %% [markdown]
# ## Wat ontbreekt

# %%
if a.missing:
    for key in a.missing:
        report.md(f"- kaart {MAPS[key].number} ({MAPS[key].title}): {narrative.missing_data(a, key)} ontbreken")
else:
    report.md("Alle gegevens voor de acht kaarten zijn aanwezig.")
for note in a.notes:
    report.md(f"- {note}")
