"""The `veerkracht` command: build reports, fetch data, show what data is present.

It speaks Dutch, as its users and the reports do: help texts, progress and messages.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
import typer.rich_utils
from rich.console import Console
from rich.markup import escape

from veerkracht_lib.config import ConfigError, resolve_region
from veerkracht_lib.numbers import fmt_count

# the panel titles of the help screens (typer's own texts; click's "Usage" and "--help" line stay English)
typer.rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
typer.rich_utils.OPTIONS_PANEL_TITLE = "Opties"
typer.rich_utils.COMMANDS_PANEL_TITLE = "Opdrachten"
typer.rich_utils.ERRORS_PANEL_TITLE = "Fout"
app = typer.Typer(add_completion=False, no_args_is_help=False, help="Veerkrachtkaarten van Nederlandse buurten.")
data_app = typer.Typer(add_completion=False, help="Brondata ophalen en controleren.")
app.add_typer(data_app, name="data")
console = Console(stderr=True)

DATA_DIR = typer.Option(None, "--data-dir", help="Map met zelf gedownloade bronbestanden (in plaats van downloaden); de synthetische voorbeeldregio houdt haar eigen gegevens.")


def _fail(message: str, code: int = 1) -> None:
    console.print(f"[bold red]fout:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def _known_errors():
    from veerkracht_lib.errors import BuildError, SourceError

    return (ConfigError, SourceError, BuildError)


def _per_gemeente(config, data_dir: Optional[Path]) -> list:
    """The configs of one report per gemeente of ``config`` (names from the data)."""
    from veerkracht_lib.sources.inputs import gemeenten_in_data

    try:
        return config.per_gemeente(gemeenten_in_data(config, data_dir))
    except _known_errors() as err:
        _fail(str(err))


def region_args(regions: list[str]) -> list[str]:
    """Several gemeente codes form one region; anything else is one region per argument."""
    if regions and all(r.upper().startswith("GM") for r in regions):
        return [",".join(regions)]
    return regions or ["voorbeeldregio"]


@app.command()
def build(
    regions: list[str] = typer.Argument(None, help="Regio('s) uit params/, een params-bestand, of gemeentecodes (GM0917 GM0928 = één regio)."),
    data_dir: Optional[Path] = DATA_DIR,
    allow_missing: bool = typer.Option(False, "--allow-missing", help="Bouw de kaarten die te maken zijn; de pagina's noemen wat ontbreekt."),
    all_regions: bool = typer.Option(False, "--all", help="Bouw elke regio van params/*.yaml (die van het werkboek en de ingebouwde)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Aantal werkprocessen voor --all of meerdere regio's."),
    continue_on_error: bool = typer.Option(False, "--continue-on-error", help="Ga na een mislukte regio door met de volgende."),
    force: bool = typer.Option(False, "--force", help="Bouw opnieuw, ook als het rapport al bij is."),
    print_maps: Optional[bool] = typer.Option(
        None, "--print-maps/--no-print-maps",
        help="Exporteer elke kaart als A4-PNG van 300 dpi (een paar seconden per rapport); standaard aan, bij --per-gemeente uit."),
    reports_dir: Path = typer.Option(Path("reports"), "--reports-dir", help="Map waarin de rapporten (<regio>/) komen."),
    pdf: bool = typer.Option(False, "--pdf", help="Maak ook één PDF van het hele rapport (reports/<regio>/<regio>.pdf), met de statische kaarten; nodig: Chromium of Chrome (of VEERKRACHT_CHROMIUM)."),
    per_gemeente: bool = typer.Option(False, "--per-gemeente", help="Een rapport per gemeente van de regio (bijv. nederland: elke gemeente), met een overzicht in reports/<regio>-per-gemeente/index.html."),
    situation_year: Optional[int] = typer.Option(None, "--situation-year", help="Vervangt situation_year uit de params."),
    base_year: Optional[int] = typer.Option(None, "--base-year", help="Vervangt base_year uit de params."),
    cbs_year_tolerance: Optional[int] = typer.Option(
        None, "--cbs-year-tolerance", min=0,
        help="Hoeveel jaar de CBS-cijfers van het gevraagde jaar mogen afliggen als dat jaar ontbreekt (standaard: uit de params, anders 0)."),
):
    """Bouw het rapport van een regio (standaard: de synthetische voorbeeldregio)."""
    from veerkracht_lib.config import region_paths

    names = sorted(region_paths()) if all_regions else region_args(regions)
    try:
        configs = [resolve_region(n).with_overrides(situation_year=situation_year, base_year=base_year,
                                                    cbs_year_tolerance=cbs_year_tolerance) for n in names]
    except ConfigError as err:
        _fail(str(err))
    if jobs == 1:  # builds in this process: the chapters' fork server imports beside this process's imports
        from veerkracht_lib.chapters import start_server

        start_server()
    from veerkracht_lib.batch import run_batch  # heavy (geopandas): only after the params are known to be valid
    if print_maps is None:  # eight A4 maps for each of 350 gemeenten: a third of the time, on request only
        print_maps = not per_gemeente
    batches = [(configs, reports_dir.resolve())]
    if per_gemeente:
        batches = [(_per_gemeente(config, data_dir), reports_dir.resolve() / f"{config.slug}-per-gemeente")
                   for config in configs]
    failures = {}
    try:
        for batch, folder in batches:
            failures.update(run_batch(batch, data_dir=data_dir, allow_missing=allow_missing, jobs=jobs,
                                      continue_on_error=continue_on_error, force=force, reports_dir=folder,
                                      print_maps=print_maps, pdf=pdf, console=console))
    except KeyboardInterrupt:
        _fail("onderbroken: onafgemaakte rapporten zijn weggegooid, eerdere rapporten zijn onaangeroerd", 130)
    if per_gemeente:
        from veerkracht_lib.rendering.index_page import write_per_gemeente_index

        for (batch, folder), config in zip(batches, configs):
            write_per_gemeente_index(folder / "index.html", config.slug, config.title or config.slug, batch, failures,
                                     config.synthetic)
            console.print(escape(f"{len(batch)} gemeenten: {folder / 'index.html'}"))
        configs = [c for batch, _ in batches for c in batch]
    if failures:
        if len(configs) > 1:
            console.print(f"[bold red]{len(failures)} van de {len(configs)} regio's mislukt:[/]")
        for slug, message in failures.items():
            console.print(f"[bold red]fout:[/] {escape(message)}" if len(configs) == 1 else f"  {slug}: {escape(message)}",
                          highlight=False, soft_wrap=True)
        raise typer.Exit(1)


@data_app.command("status")
def data_status(region: str = typer.Argument("voorbeeldregio", help="Regio uit params/, een params-bestand of gemeentecodes."),
                data_dir: Optional[Path] = DATA_DIR):
    """Welke bronbestanden er zijn, per bron en jaar, en waar ze vandaan komen."""
    from rich.table import Table

    from veerkracht_lib.sources.inputs import locate_inputs

    try:
        found = locate_inputs(resolve_region(region), data_dir, fetch=False)
    except _known_errors() as err:
        _fail(str(err))
    table = Table(title=f"Brondata voor {region}")
    for column in ("bron", "jaar", "status", "nodig", "herkomst / waar te halen"):
        table.add_column(column, overflow="fold")  # a narrow terminal wraps paths instead of cutting them off
    for r in found.rows:
        colour = "green" if r["status"] == "gevonden" else ("red" if r["nodig"] else "yellow")
        table.add_row(r["bron"], str(r["jaar"] or "–"), f"[{colour}]{r['status']}[/]", "ja" if r["nodig"] else "nee",
                      escape(r["pad"] or r["url"]))
    Console().print(table)
    if found.ignored:
        skipped = Table(title=f"Niet gebruikte bestanden in {escape(str(found.folder))}")
        for column in ("bestand", "reden"):
            skipped.add_column(column, overflow="fold")
        for item in found.ignored:
            skipped.add_row(escape(item["pad"]), escape(item["reden"]))
        Console().print(skipped)


@data_app.command("fetch")
def data_fetch(region: str = typer.Argument(..., help="Regio uit params/, een params-bestand of gemeentecodes.")):
    """Download wat een regio nodig heeft naar de cache (internet nodig)."""
    from veerkracht_lib.sources.inputs import locate_inputs

    try:
        found = locate_inputs(resolve_region(region), None, fetch=True)
    except _known_errors() as err:
        _fail(str(err))
    missing = [r for r in found.rows if r["status"] == "ontbreekt" and r["nodig"]]
    console.print(f"{fmt_count(len(found.rows) - len(missing), 'bestand', 'bestanden')} aanwezig, "
                  f"{len(missing)} {'ontbreekt' if len(missing) == 1 else 'ontbreken'}")
    if missing:
        raise typer.Exit(1)


@app.command()
def clean(region: str = typer.Argument(None, help="De regio waarvan het rapport weg moet (zonder: alle)."),
          reports_dir: Path = typer.Option(Path("reports"), "--reports-dir", help="Map waarin de rapporten staan.")):
    """Verwijder gebouwde rapporten (van één regio, of alle)."""
    import shutil

    targets = [reports_dir / region] if region else [p for p in reports_dir.iterdir() if p.is_dir()]
    for path in targets:
        shutil.rmtree(path, ignore_errors=True)
        console.print(f"verwijderd: {path}")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def lab(ctx: typer.Context):
    """Open JupyterLab in het werkboek (deze map): de hoofdstukken en de notebooks verkennen en reproductie.

    Verdere argumenten gaan naar ``jupyter lab`` (bijv. ``--no-browser --port 8890``).
    """
    import os

    from veerkracht_lib import workbook
    from veerkracht_lib.lab import lab_command

    command, env = lab_command(workbook.root(), list(ctx.args))
    os.execve(command[0], command, env)  # this process becomes the server: Ctrl-C and signals reach it directly


def main() -> None:  # pragma: no cover - console entry for `python -m veerkracht_lib.cli`
    app(prog_name="veerkracht")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
