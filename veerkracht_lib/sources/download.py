"""Downloading: files over HTTP (pooch, atomic, hash-checked), archive members, CBS OData tables.

Every address can be redirected to a mirror (:func:`mirror_url`): the tests serve the files
from a local HTTP server, and a user behind a proxy can point at a copy of the official hosts.
Nothing here knows the catalogue; ``catalogue.fetch`` decides what to download and where to.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import quote, urlsplit

import pandas as pd
import pooch
import requests
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TransferSpeedColumn,
)

from veerkracht_lib.errors import SourceError, technical_note
from veerkracht_lib.schema import NEDERLAND
from veerkracht_lib.sources.kwb import (
    ODATA_REGION_STEMS,
    not_the_same_measure,
    odata_columns,
    odata_dimension,
    stem,
)

BASE_URL_ENV = "VEERKRACHT_BASE_URL"
EXTRACT_PREFIX = ".extract-"


def mirror_url(url: str, base_url: str | None = None) -> str:
    """Redirect ``url`` to a mirror: ``{base_url}/{host}/{path}?{query}``.

    ``base_url`` defaults to ``$VEERKRACHT_BASE_URL``; without either the URL is unchanged.
    The layout is that of ``wget --mirror``, so a mirror of several hosts works as one base.

    >>> mirror_url("https://opendata.cbs.nl/ODataApi/OData/85318NED", "http://127.0.0.1:8000/m")
    'http://127.0.0.1:8000/m/opendata.cbs.nl/ODataApi/OData/85318NED'
    """
    base_url = base_url or os.environ.get(BASE_URL_ENV)
    if not base_url:
        return url
    parts = urlsplit(url)
    mirrored = f"{base_url.rstrip('/')}/{parts.netloc}{parts.path}"
    return f"{mirrored}?{parts.query}" if parts.query else mirrored


def matches(relative_path: str, pattern: str) -> bool:
    """Case-insensitive glob match of a relative path, at any folder depth."""
    relative_path, pattern = relative_path.lower(), pattern.lower()
    return fnmatchcase(relative_path, pattern) or fnmatchcase(relative_path, f"*/{pattern}")


class _DownloadBar:
    """A pooch progress bar drawn with rich (pooch's own bar needs tqdm)."""

    def __init__(self, label: str):
        self._progress = Progress(
            TextColumn(label), BarColumn(), DownloadColumn(), TransferSpeedColumn()
        )
        self._task = None

    @property
    def total(self) -> float | None:
        return None if self._task is None else self._progress.tasks[0].total

    @total.setter
    def total(self, size: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("download", total=size or None)

    def update(self, advance: int) -> None:
        self._progress.update(self._task, advance=advance)

    def reset(self) -> None:
        self._progress.reset(self._task)

    def close(self) -> None:
        self._progress.stop()


def download_file(url: str, destination: Path, sha256: str | None, progress: bool) -> Path:
    """Download ``url`` to ``destination`` via pooch: a temporary file, renamed when complete."""
    bar = _DownloadBar(destination.name) if progress else False
    fix = f"probeer het later opnieuw, of download {url} zelf en zet het in de datamap (--data-dir)"
    logger = pooch.get_logger()  # its advice to pass 'known_hash' to pooch.retrieve is not for our users
    level = logger.level
    logger.setLevel("WARNING")
    try:
        pooch.retrieve(
            url,
            known_hash=f"sha256:{sha256}" if sha256 else None,
            fname=destination.name,
            path=destination.parent,
            downloader=pooch.HTTPDownloader(progressbar=bar, timeout=60),
        )
    except requests.exceptions.HTTPError as error:
        status = error.response.status_code if error.response is not None else "?"
        raise SourceError(
            f"{url}: downloaden mislukt met HTTP {status}; de URL in de catalogus is misschien verouderd "
            f"(die is nog niet gecontroleerd); {fix}"
        ) from None
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as error:
        raise SourceError(
            f"{url}: het downloaden brak voortijdig af ({type(error).__name__}), dus er is niets "
            f"bewaard als {destination}; {fix}"
        ) from None
    except requests.exceptions.RequestException as error:
        raise SourceError(
            f"{url}: downloaden lukte niet ({type(error).__name__}; geen internet?); {fix}"
        ) from None
    except ValueError:
        raise SourceError(
            f"{url}: de download klopt niet met de sha256 in de catalogus, dus er is niets "
            f"bewaard als {destination}; het bestand is beschadigd of op de server veranderd; {fix}"
        ) from None
    finally:
        logger.setLevel(level)
        if bar:
            bar.close()
    return destination


def extract_member(archive: Path, pattern: str, folder: Path, url: str) -> Path:
    """Unpack the member matching ``pattern`` (with its same-named sidecar files) into ``folder``.

    Files are unpacked into a temporary folder first and the member itself is moved into place
    last, so an interrupted unpack is never mistaken for a complete one.
    """
    staging = Path(tempfile.mkdtemp(prefix=EXTRACT_PREFIX, dir=folder))
    try:
        with zipfile.ZipFile(archive) as bundle:
            names = [name for name in bundle.namelist() if not name.endswith("/")]
            candidates = sorted(name for name in names if matches(name, pattern))
            if not candidates:
                raise SourceError(
                    f"{archive}: bevat geen bestand dat lijkt op {pattern!r} (de catalogus is misschien "
                    f"verouderd); pak het bestand dat je nodig hebt zelf uit in de datamap (--data-dir)"
                )
            member = candidates[-1]
            stem = member.rsplit(".", 1)[0]
            group = [name for name in names if name.rsplit(".", 1)[0] == stem]
            for name in group:
                bundle.extract(name, staging)
        for name in sorted(group, key=lambda name: name == member):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target)
        return folder / member
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise SourceError(
            f"{archive}: geen volledig zip-archief; verwijder het en download opnieuw, of download {url} "
            f"zelf en zet het uitgepakte bestand in de datamap (--data-dir) {technical_note(error)}"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# -- OData download ------------------------------------------------------------------------------


def download_odata_csv(
    table_url: str,
    destination: str | Path,
    *,
    gemeenten: Iterable[str] | None = None,
    base_url: str | None = None,
    progress: bool = True,
) -> Path:
    """Download a Kerncijfers table from the CBS OData v3 API and save it for :func:`read_odata_csv`.

    ``/DataProperties`` maps this year's column keys to the variables (by stem); only those
    columns are requested. With ``gemeenten`` the rows are filtered on the server, one request
    per gemeente plus one for the Nederland row; without, the whole table is paged through.
    ``WijkenEnBuurten`` holds the region title, as ``cbsodata.get_data`` gives it. The CSV is
    written to a temporary file and renamed when complete.
    """
    destination = Path(destination)
    client = _ODataClient(table_url, base_url)
    properties = client.get_all("DataProperties")
    keys = [item["Key"] for item in properties if "Key" in item]
    variables = {*odata_columns(keys).values(), *not_the_same_measure(keys).values()}
    selected = [key for key in keys if stem(key) in ODATA_REGION_STEMS or key in variables]
    dimension = odata_dimension(selected)
    if dimension is None or not any(stem(key) == "Codering" for key in selected):
        raise SourceError(
            f"{client.url('DataProperties')}: de tabel heeft geen kolommen WijkenEnBuurten (of RegioS) en "
            "Codering; is het tabelnummer in catalogue.yaml een tabel 'Kerncijfers wijken en buurten'?"
        )
    selection = ",".join(selected)
    filters = _region_filters(dimension, gemeenten)
    rows, titles = [], {}
    with Progress(transient=True, disable=not progress) as bar:
        task = bar.add_task(f"CBS {client.table_id}", total=len(filters))
        for clause, keep in filters:
            found = client.get_all("TypedDataSet", filter=clause, select=selection)
            rows += [row for row in found if keep(str(row[dimension]).strip())]
            dimension_clause = clause.replace(dimension, "Key") if clause else None
            for item in client.get_all(dimension, filter=dimension_clause):
                titles[item["Key"]] = item.get("Title", item["Key"])
            bar.advance(task)
    for row in rows:
        row[dimension] = titles.get(row[dimension], row[dimension])
    frame = pd.DataFrame(rows, columns=selected)
    handle, temporary = tempfile.mkstemp(prefix=".kwb-", suffix=".csv", dir=destination.parent)
    os.close(handle)
    try:
        frame.to_csv(temporary, index=False)
        os.replace(temporary, destination)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return destination


def _region_filters(dimension: str, gemeenten: Iterable[str] | None) -> list[tuple[str | None, object]]:
    """One OData ``$filter`` per gemeente plus one for Nederland, each with its exact row test.

    ``substringof`` is what the CBS API is known to accept; it also matches the digits
    elsewhere in a code, so every clause comes with the exact test of the rows to keep.
    """
    if not gemeenten:
        return [(None, lambda key: True)]
    filters = [(f"substringof('{NEDERLAND}',{dimension})", lambda key: key == NEDERLAND)]
    for gemeente in gemeenten:
        digits = gemeente[2:]
        pattern = re.compile(rf"^(GM|WK|BU){digits}")
        filters.append((f"substringof('{digits}',{dimension})", lambda key, p=pattern: bool(p.match(key))))
    return filters


#: the CBS OData v3 API answers at most this many rows per request
ODATA_PAGE_SIZE = 10_000


class _ODataClient:
    """GET requests to one OData v3 table, page by page.

    The CBS API answers at most ``ODATA_PAGE_SIZE`` rows per request, with or without an
    ``odata.nextLink``: a link is followed; without one, after a full page the next one is
    asked for with ``$skip`` (a shorter page is the last).
    """

    def __init__(self, table_url: str, base_url: str | None):
        self.table_url = table_url.rstrip("/")
        self.table_id = self.table_url.rsplit("/", 1)[-1]
        self.base_url = base_url
        self.session = requests.Session()

    def url(self, resource: str, **query: str | None) -> str:
        parts = ["$format=json"] + [
            f"${name}={quote(value, safe=',()')}" for name, value in query.items() if value
        ]
        return mirror_url(f"{self.table_url}/{resource}?{'&'.join(parts)}", self.base_url)

    def get_all(self, resource: str, **query: str | None) -> list[dict]:
        items: list[dict] = []
        url = self.url(resource, **query, top=str(ODATA_PAGE_SIZE))
        while url:
            page = self._get(url)
            items += page["value"]
            url = self._next_page(page, resource, query, len(items))
        return items

    def _next_page(self, page: dict, resource: str, query: dict, count: int) -> str | None:
        """The address of the page after ``page``; None when ``page`` was the last one."""
        link = page.get("odata.nextLink")
        if link:
            return link if urlsplit(link).netloc == urlsplit(self.url(resource)).netloc else mirror_url(link, self.base_url)
        if len(page["value"]) < ODATA_PAGE_SIZE:
            return None
        return self.url(resource, **query, skip=str(count), top=str(ODATA_PAGE_SIZE))

    def _get(self, url: str) -> dict:
        fix = (
            f"probeer het later opnieuw, of sla tabel {self.table_id} zelf op (cbsodata.get_data) als "
            f"kwb_<jaar>_{self.table_id}.csv in de datamap (--data-dir)"
        )
        try:
            response = self.session.get(url, timeout=60)
            response.raise_for_status()
            page = response.json()
        except requests.exceptions.HTTPError as error:
            raise SourceError(f"{url}: CBS OData antwoordde met HTTP {error.response.status_code}; {fix}") from None
        except requests.exceptions.InvalidJSONError:  # a RequestException too, so caught first
            raise SourceError(f"{url}: CBS OData stuurde geen JSON (onvolledig, of een foutpagina); {fix}") from None
        except requests.exceptions.RequestException as error:
            reason = type(error).__name__
            raise SourceError(f"{url}: CBS OData was niet bereikbaar ({reason}; geen internet?); {fix}") from None
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise SourceError(f"{url}: het antwoord van CBS OData heeft geen lijst 'value'; {fix}")
        return page
