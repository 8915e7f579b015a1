"""Seeded generator of the fictional demo region "Voorbeeldregio".

``write_demo_data(out_dir)`` writes synthetic files in the *official* formats (see
``docs/contracts.md``) so that the demo runs through the same loaders as real data:

- ``buurt_{jaar}_v1.gpkg`` (2014-2018, older upper-case CBS style) and
  ``wijkenbuurten_{jaar}_v1.gpkg`` (2020-2022, layers ``buurten`` and ``wijken``, newer style), EPSG:28992;
- ``kwb_{jaar}_DEMO.csv``: Kerncijfers wijken en buurten as ``cbsodata`` returns them
  (numeric column suffixes differ per year, padded codes, a ``Nederland`` row, empty cells
  for suppressed values);
- ``Leefbaarometer-scores buurten 2014-2022.csv`` and ``Leefbaarometer buurten 2022.gpkg``
  (Leefbaarometer 3.0 layout, all years on the 2022 indeling);
- ``planted.json`` (the structure planted on purpose, for tests) and ``README.txt``.

The region is a tessellation of Voronoi cells in the North Sea west of the Dutch coast, so
that it is obviously fictional on a base map. Gemeente codes GM9901-GM9905 do not exist.
Planted: a focus area (high vulnerability, much overlast, corporatiebuurten), a resilient
area (vulnerability rises, overlast improves), a worsening area (vulnerability stable,
overlast worsens), two well-off rural gemeenten, an uneven split buurt, a buurt split in three,
a merger, a tiny buurt, CBS-style suppressed values (the index renormalises over what is left),
a gemeente whose overlast drifts away from the rest (the urban one: its onv falls by 0,02), and
rural buurten on and beside the class edges of maps 1, 2, 5 and 6. Everything else is mild noise
around the national average.

``write_demo_data(out_dir, seed, n_buurten=..., n_gemeenten=...)`` scales the demo up or down
(50 to ~14,000 buurten, for benchmarks and a national demo): the same files and formats, built
from *clusters* of up to five gemeenten, each an island with its own planted structure (focus,
resilient and worsening area, rural gemeenten, split, merger, tiny buurt, suppressed values);
gemeente codes GM9001, GM9002, ... do not exist. Scaled buurten have wiggly boundaries (the
same line on both sides of a shared edge), so that display simplification has work to do.
Without ``n_buurten``/``n_gemeenten`` the output is the Voorbeeldregio, byte for byte.
"""

from .generate import scaled_gemeenten, write_demo_data
from .regions import (
    CLUSTER_BUURTEN,
    DEFAULT_SEED,
    DEMO_GEMEENTEN,
    DEMO_YEARS,
    REGION_NAME,
)

__all__ = ["DEMO_YEARS", "DEMO_GEMEENTEN", "DEFAULT_SEED", "REGION_NAME", "CLUSTER_BUURTEN",
           "scaled_gemeenten", "write_demo_data"]
