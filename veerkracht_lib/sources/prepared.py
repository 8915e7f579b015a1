"""Prepared copies of source files: what a loader read, kept as (Geo)Parquet, keyed by the file's hash.

The first use of a national file reads it whole (validating it as the loader does) and writes a
compact columnar copy, sorted by code in small row groups. Every later build reads only the row
groups of its region (a filter on the gemeente, or the bounding box of its outline) and only the
columns it asks for. A changed source file has another hash and so another copy; copies are
written atomically, so parallel builds and interrupted ones never see half a file.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from veerkracht_lib.sources.catalogue import default_cache_dir

ROW_GROUP = 256  # rows per row group: a gemeente spans one or a few, so a filter skips the rest
GEMEENTE_KEY = "_gm"
RACY_SECONDS = 2.0  # the gemeente (or NL00) a row belongs to, derived from its code


def folder() -> Path:
    return default_cache_dir() / "prepared"


def digest(path: Path) -> str:
    """sha256 of ``path``, remembered per (path, size, modification time) so it is computed once."""
    path = Path(path).resolve()
    stat = path.stat()
    memo = folder() / "digests" / hashlib.sha1(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    if memo.is_file():
        return memo.read_text().strip()
    hasher = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            hasher.update(block)
    # a file changed within the file system's timestamp granularity could change again unseen
    # (same size, same time): remember only digests of files that have been still for a while
    if time.time() - stat.st_mtime > RACY_SECONDS:
        _write_atomically(memo, lambda tmp: tmp.write_text(hasher.hexdigest()))
    return hasher.hexdigest()


def gemeente_of(codes: pd.Series) -> pd.Series:
    """GM0917 for BU09170000, WK091700 and GM0917; NL00 stays NL00."""
    codes = codes.astype("string")
    return codes.where(~codes.str.match(r"^(BU|WK)\d{6}"), "GM" + codes.str[2:6])


def load(kind: str, path: Path, read: Callable[[Path], pd.DataFrame], *,
         gemeenten: Iterable[str] | None = None, bounds: tuple[float, float, float, float] | None = None,
         columns: list[str] | None = None) -> pd.DataFrame:
    """``read(path)`` through its prepared copy: only the rows of ``gemeenten`` (by code) and/or
    within ``bounds`` (xmin, ymin, xmax, ymax of a geometry column), only ``columns``."""
    copy = folder() / f"{kind}-{digest(path)[:24]}.parquet"
    if not copy.is_file():
        _prepare(read(Path(path)), copy)
    filters = [(GEMEENTE_KEY, "in", sorted(set(gemeenten)))] if gemeenten is not None else None
    wanted = None if columns is None else [*columns, GEMEENTE_KEY]
    if _is_geo(copy) and (columns is None or "geometry" in columns):
        frame = gpd.read_parquet(copy, columns=wanted, filters=filters, bbox=bounds)
    else:
        frame = pd.read_parquet(copy, columns=wanted, filters=filters)
    return frame.drop(columns=GEMEENTE_KEY).reset_index(drop=True)


def _prepare(frame: pd.DataFrame, copy: Path) -> None:
    frame = frame.assign(**{GEMEENTE_KEY: gemeente_of(frame["code"])}).sort_values("code", kind="stable")
    frame = frame.reset_index(drop=True)
    if isinstance(frame, gpd.GeoDataFrame):
        _write_atomically(copy, lambda tmp: frame.to_parquet(tmp, write_covering_bbox=True, row_group_size=ROW_GROUP))
    else:
        _write_atomically(copy, lambda tmp: frame.to_parquet(tmp, row_group_size=ROW_GROUP))


def _is_geo(copy: Path) -> bool:
    import pyarrow.parquet as pq

    return b"geo" in (pq.read_schema(copy).metadata or {})


def _write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
