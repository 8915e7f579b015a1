"""Region parameters: one YAML file per region, validated into a `RegionConfig`.

Defaults follow ../docs methodology v1; every threshold can be overridden per region.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from veerkracht_lib.errors import ConfigError, technical_note
from veerkracht_lib.workbook import BUILTIN_PARAMS, params_dirs

GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
ALL = "all"  # `gemeenten: all`: every gemeente in the situation year's buurtkaart (the nederland region)
PARAMS_DIR = BUILTIN_PARAMS  # the built-in regions; a workbook's own params/ come first (`region_paths`)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Strict):
    """Class edges of the seven maps (methodology §4)."""

    overlast: tuple[float, float, float, float, float, float] = (-0.12, -0.08, -0.04, 0.04, 0.08, 0.12)
    kwetsbaar: tuple[float, float, float, float] = (50, 80, 125, 200)
    focus_kwetsbaar_veel: float = 125
    focus_kwetsbaar_weinig: float = 80
    corporatie: tuple[float, float, float, float] = (20, 40, 60, 80)
    corporatiebuurt: float = 60
    #: an area below this share of corporatiebezit is "overwegend particulier" (between: "gemengd bezit");
    #: by default the corporatie edge just below corporatiebuurt (40 with the default edges)
    particulier: float = 40
    d_onv: tuple[float, float, float, float] = (-0.06, -0.02, 0.02, 0.06)
    d_kwetsbaar: tuple[float, float, float, float] = (-20, -5, 5, 20)

    @field_validator("overlast", "kwetsbaar", "corporatie", "d_onv", "d_kwetsbaar")
    @classmethod
    def _increasing(cls, edges):
        if list(edges) != sorted(edges) or len(set(edges)) != len(edges):
            raise ValueError(f"klassengrenzen moeten oplopen, zonder gelijke waarden; nu {list(edges)}")
        return edges

    @model_validator(mode="after")
    def _focus_order(self):
        if self.focus_kwetsbaar_weinig >= self.focus_kwetsbaar_veel:
            raise ValueError("focus_kwetsbaar_weinig moet lager zijn dan focus_kwetsbaar_veel")
        return self

    @model_validator(mode="before")
    @classmethod
    def _particulier_default(cls, data):
        if isinstance(data, dict) and data.get("particulier") is None:
            edges = data.get("corporatie", cls.model_fields["corporatie"].default)
            buurt = data.get("corporatiebuurt", cls.model_fields["corporatiebuurt"].default)
            below = [edge for edge in edges if edge < buurt]
            data = {**data, "particulier": max(below) if below else 0}
        return data

    @model_validator(mode="after")
    def _particulier_below_corporatiebuurt(self):
        if self.particulier >= self.corporatiebuurt:
            raise ValueError(f"particulier ({self.particulier:g}) moet lager zijn dan corporatiebuurt "
                             f"({self.corporatiebuurt:g}); pas een van de twee aan")
        return self

    @model_validator(mode="after")
    def _corporatiebuurt_is_an_edge(self):
        # map 4 must show the corporatiebuurt threshold as a class edge, or its problem side is unclear
        if self.corporatiebuurt not in self.corporatie:
            raise ValueError(f"corporatiebuurt ({self.corporatiebuurt:g}) moet een van de klassengrenzen van corporatie "
                             f"{list(self.corporatie)} zijn; pas een van de twee aan")
        return self


class Vulnerability(_Strict):
    """Components of the vulnerability proxy and their weights (methodology §3)."""

    components: dict[Literal["bijstand", "laag_inkomen", "niet_westers"], float] = Field(
        default_factory=lambda: {"bijstand": 0.5, "laag_inkomen": 0.5}
    )

    @field_validator("components")
    @classmethod
    def _weights(cls, components):
        if not components:
            raise ValueError("er is minstens één onderdeel van de kwetsbaarheidsindex nodig")
        if any(w <= 0 for w in components.values()):
            raise ValueError("de gewichten van de kwetsbaarheidsindex moeten groter dan 0 zijn")
        if abs(sum(components.values()) - 1) > 1e-6:
            raise ValueError(f"de gewichten van de kwetsbaarheidsindex moeten samen 1 zijn; nu {sum(components.values()):g}")
        return components


class DataSource(_Strict):
    """Where the input files come from: the generated demo, a folder, or the download cache."""

    source: Literal["demo", "files", "download"] = "download"
    dir: Path | None = None


class RegionConfig(_Strict):
    """Everything a build needs to know about one region."""

    slug: str
    #: None: named from the data (the gemeenten's names), as for a region given by gemeente codes
    title: str | None = None
    #: True for a region given as gemeente codes on the command line (no params file to edit)
    adhoc: bool = False
    gemeenten: tuple[str, ...]
    situation_year: int = 2022
    base_year: int = 2014
    #: how many years the CBS figures may lie from situation_year / base_year when that year is absent
    #: (0: exactly those years); every page names the year used
    cbs_year_tolerance: int = Field(0, ge=0, le=20)
    reference: Literal["nederland", "gemeente", "regio"] = "nederland"
    min_inwoners: int = Field(100, ge=0)
    thresholds: Thresholds = Thresholds()
    vulnerability: Vulnerability = Vulnerability()
    data: DataSource = DataSource()

    @field_validator("gemeenten", mode="before")
    @classmethod
    def _all(cls, codes):
        return (ALL,) if codes == ALL else codes

    @field_validator("gemeenten")
    @classmethod
    def _codes(cls, codes):
        if codes == (ALL,):
            return codes
        if not codes:
            raise ValueError("een regio heeft minstens één gemeentecode nodig")
        bad = [c for c in codes if not GEMEENTE_CODE.match(str(c))]
        if bad:
            raise ValueError(f"gemeentecodes zien eruit als GM0917; dit zijn er geen: {', '.join(map(str, bad))}")
        return tuple(sorted(set(codes)))

    @field_validator("slug")
    @classmethod
    def _slug(cls, slug):
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", slug):
            raise ValueError(f"regionaam {slug!r} mag alleen kleine letters, cijfers, '-' en '_' bevatten")
        return slug

    @model_validator(mode="after")
    def _years(self):
        if self.base_year >= self.situation_year:
            raise ValueError(
                f"base_year ({self.base_year}) moet vóór situation_year ({self.situation_year}) liggen"
            )
        return self

    @property
    def years(self) -> tuple[int, int]:
        return self.base_year, self.situation_year

    def cbs_year(self, wanted: int, present, tolerance: int | None = None) -> int | None:
        """The year of CBS figures to use for ``wanted`` (situation or base year): ``wanted`` itself, else
        the nearest of ``present`` within the tolerance (on a tie the one inside the period); None if none."""
        tolerance = self.cbs_year_tolerance if tolerance is None else tolerance
        close = [y for y in present if abs(y - wanted) <= tolerance]
        outside = (lambda y: y > wanted) if wanted == self.situation_year else (lambda y: y < wanted)
        return min(close, key=lambda y: (abs(y - wanted), outside(y))) if close else None

    def cbs_years(self, present) -> tuple[int | None, int | None]:
        """(base, situation): the CBS years used among ``present``; the base year lies before the situation's."""
        situation = self.cbs_year(self.situation_year, present)
        if situation is None:
            return None, None
        return self.cbs_year(self.base_year, [y for y in present if y < situation]), situation

    def with_overrides(self, **changes) -> "RegionConfig":
        """A copy with some keys changed (e.g. years from the command line), validated like a params file."""
        changes = {k: v for k, v in changes.items() if v is not None}
        if not changes:
            return self
        raw = self.model_dump(exclude={"slug"})
        return parse_config({**raw, **changes}, self.slug, origin="opdrachtregel")

    def per_gemeente(self, names: dict[str, str]) -> list["RegionConfig"]:
        """One region per gemeente (``names``: code -> name) with this region's years, thresholds and data."""
        raw = self.model_dump(exclude={"slug", "title", "gemeenten", "adhoc"})
        return [parse_config({**raw, "gemeenten": [code], "title": name}, code.lower(), origin=f"{self.slug}: {code}")
                for code, name in sorted(names.items())]

    @property
    def all_gemeenten(self) -> bool:
        """True for `gemeenten: all` (every gemeente of the data, e.g. the nederland region)."""
        return self.gemeenten == (ALL,)

    @property
    def synthetic(self) -> bool:
        """True for the generated demo data, which every page must say."""
        return self.data.source == "demo"


#: pydantic's error types in Dutch (the command line speaks Dutch); other types keep pydantic's text
DUTCH_ERRORS = {
    "extra_forbidden": "onbekende sleutel (vergelijk de spelling met params/voorbeeldregio.yaml)",
    "missing": "ontbreekt",
    "int_parsing": "moet een geheel getal zijn", "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn", "float_type": "moet een getal zijn",
    "string_type": "moet tekst zijn",
    "bool_parsing": "moet true of false zijn", "bool_type": "moet true of false zijn",
    "list_type": "moet een lijst zijn", "tuple_type": "moet een lijst zijn",
    "dict_type": "moet sleutels met waarden bevatten", "model_type": "moet sleutels met waarden bevatten",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "greater_than_equal": "moet minstens {ge} zijn", "less_than_equal": "mag hoogstens {le} zijn",
    "path_type": "moet een pad zijn",
    "too_short": "heeft te weinig waarden", "too_long": "heeft te veel waarden",
}


def _format_errors(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "bestand"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] in DUTCH_ERRORS:
            ctx = {key: str(value).replace(" or ", " of ") for key, value in e.get("ctx", {}).items()}
            msg = DUTCH_ERRORS[e["type"]].format(**ctx)
        elif e["type"] != "value_error":  # value errors are our validators' own (Dutch) messages
            msg = f"ongeldige waarde {technical_note(msg)}"
        parts.append(f"{where}: {msg}")
    return "; ".join(parts)


def parse_config(raw: dict, slug: str, origin: str = "params") -> RegionConfig:
    """Validate a params mapping; raise ConfigError with one line naming each bad key."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: bovenaan worden sleutels met waarden verwacht")
    try:
        return RegionConfig(slug=slug, **raw)
    except ValidationError as err:
        raise ConfigError(f"{origin}: {_format_errors(err)}") from None
    except TypeError as err:
        raise ConfigError(f"{origin}: ongeldige params {technical_note(err)}") from None


def load_config(path: Path) -> RegionConfig:
    """Read and validate ``params/<region>.yaml``."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"params-bestand {path} bestaat niet; zie params/ voor voorbeelden")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: geen UTF-8-tekst; sla het params-bestand op als UTF-8") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" op regel {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}: ongeldige YAML{where}; verbeter het params-bestand "
                          f"{technical_note(getattr(err, 'problem', None) or err)}") from None
    return parse_config(raw or {}, slug=path.stem, origin=str(path))


def adhoc_slug(codes: list[str]) -> str:
    """A short folder name for a region of gemeente codes: ``gm0917``, ``gm0917-gm0928``, or for more
    than three ``gm0917-en-41-andere-<hash>`` (never all codes joined: file names have a length limit)."""
    codes = sorted({c.lower() for c in codes})
    if len(codes) <= 3:
        return "-".join(codes)
    digest = hashlib.sha1(",".join(codes).encode()).hexdigest()[:6]
    return f"{codes[0]}-en-{len(codes) - 1}-andere-{digest}"


def region_title(names: list[str]) -> str:
    """The title of a region named from its gemeenten: "Tilburg", "Heerlen en Kerkrade",
    "Heerlen, Kerkrade en 3 andere gemeenten"."""
    names = sorted(set(names))
    if len(names) <= 2:
        return " en ".join(names)
    return f"{names[0]}, {names[1]} en {len(names) - 2} andere gemeenten"


def region_paths() -> dict[str, Path]:
    """Every known region's params file by name: the workbook's own, then the built-in ones."""
    found: dict[str, Path] = {}
    for folder in params_dirs():
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return found


def resolve_region(name: str | None, params_dir: Path | None = None) -> RegionConfig:
    """A region by params name, params path, or gemeente codes ("GM0917" or "GM0917,GM0928")."""
    name = name or "voorbeeldregio"
    codes = [c.strip().upper() for c in re.split(r"[,\s]+", name) if c.strip()]
    if codes and all(GEMEENTE_CODE.match(c) for c in codes):
        return parse_config({"gemeenten": codes, "adhoc": True}, adhoc_slug(codes), origin="gemeentecodes")
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        return load_config(path)
    known = {p.stem: p for p in params_dir.glob("*.yaml")} if params_dir else region_paths()
    if name in known:
        return load_config(known[name])
    where = params_dir or " of ".join(str(folder) for folder in params_dirs())
    raise ConfigError(f"onbekende regio {name!r}: geen {name}.yaml in {where}; bekende regio's: "
                      f"{', '.join(sorted(known))}, of geef gemeentecodes zoals GM0917")
