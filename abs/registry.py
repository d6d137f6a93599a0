"""The indicator registry (data/indicators.yaml): each indicator's metadata and how to compute it."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from abs.computations import COMPUTATIONS
from abs.errors import DataFileInvalid, Problem, UnknownIndicator
from abs.paths import data_dir

KINDS = {"count", "ratio", "value", "difference", "computed"}
LEVELS = {"COM", "IRIS", "DEP", "REG", "EPCI", "FRM", "FR", "QPV", "QPV_ALL"}
REQUIRED = ("id", "label", "theme", "unit", "decimals", "definition", "variants")
AGGREGABLE_KINDS = {"count", "ratio", "difference", "computed"}
SOURCE_FAMILIES = {"comparateur", "dossier_complet", "filosofi_iris", "filosofi_geo", "caf_iris", "census_iris", "qpv",
                   "observatoire", "pages_insee", "populations_legales"}


def pattern_regex(pattern: str) -> re.Pattern:
    """Compile a variable pattern: {yy} two digits, {yyyy} four digits, {p} a period such as 1621."""
    rx = re.escape(pattern).replace(r"\{yyyy\}", r"\d{4}").replace(r"\{yy\}", r"\d\d").replace(r"\{p\}", r"\d{4}")
    return re.compile(f"^{rx}$")


@dataclass(frozen=True)
class Variant:
    """One way of computing an indicator at some levels."""

    levels: tuple[str, ...]
    kind: str
    num: tuple[str, ...]
    den: tuple[str, ...] = ()
    scale: float = 1.0
    computation: str | None = None
    source: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """An indicator with its French label, unit, decimals, definition and variants."""

    id: str
    label: str
    theme: str
    unit: str
    decimals: int
    definition: str
    variants: tuple[Variant, ...]
    higher_is_worse: bool | None = None

    @property
    def levels(self) -> tuple[str, ...]:
        """Every level at which some variant exists, in declaration order."""
        seen: list[str] = []
        for v in self.variants:
            seen += [lv for lv in v.levels if lv not in seen]
        return tuple(seen)

    def aggregable(self) -> bool:
        """True when its IRIS variants can be summed into a neighbourhood (not a median or a rate)."""
        iris = [v for v in self.variants if "IRIS" in v.levels]
        return bool(iris) and all(v.kind in AGGREGABLE_KINDS for v in iris)


@dataclass(frozen=True)
class Registry:
    """All indicators, in file order, with the French theme labels."""

    indicators: tuple[Indicator, ...]
    themes: dict

    def get(self, indicator_id: str) -> Indicator:
        """The indicator with that id, or UnknownIndicator."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise UnknownIndicator(indicator_id)

    def by_theme(self, theme: str) -> list[Indicator]:
        """The indicators of one theme."""
        return [i for i in self.indicators if i.theme == theme]


def _check(doc: dict) -> list[Problem]:
    problems, seen = [], set()
    themes = doc.get("themes", {})
    for i, ind in enumerate(doc.get("indicators", [])):
        iid = ind.get("id", f"n°{i + 1}")
        problems += [Problem("missing-field", f"indicateur « {iid} » : champ « {f} » absent.", f, i) for f in REQUIRED if f not in ind]
        if iid in seen:
            problems.append(Problem("duplicate-id", f"indicateur « {iid} » déclaré deux fois.", "id", i))
        seen.add(iid)
        if ind.get("theme") not in themes:
            problems.append(Problem("unknown-theme", f"indicateur « {iid} » : thème inconnu « {ind.get('theme')} ».", "theme", i))
        for v in ind.get("variants", []):
            if v.get("kind") not in KINDS:
                problems.append(Problem("bad-kind", f"indicateur « {iid} » : type de calcul inconnu « {v.get('kind')} ».", "kind", i))
            if not set(v.get("levels", [])) <= LEVELS or not v.get("levels"):
                problems.append(Problem("bad-level", f"indicateur « {iid} » : niveaux invalides {v.get('levels')}.", "levels", i))
            if not v.get("num"):
                problems.append(Problem("no-variable", f"indicateur « {iid} » : aucune variable au numérateur.", "num", i))
            if v.get("kind") == "ratio" and not v.get("den"):
                problems.append(Problem("no-denominator", f"indicateur « {iid} » : un ratio demande un dénominateur.", "den", i))
            if not v.get("source") or not set(v.get("source", [])) <= SOURCE_FAMILIES:
                problems.append(Problem("bad-source", f"indicateur « {iid} » : source absente ou inconnue {v.get('source')}.", "source", i))
            if v.get("kind") == "computed" and v.get("computation") not in COMPUTATIONS:
                problems.append(Problem("bad-computation", f"indicateur « {iid} » : calcul nommé inconnu « {v.get('computation')} ».", "computation", i))
    return problems


def _parse(path: Path) -> dict:
    """Parse the YAML registry, through a JSON copy kept in data/cache/ while the YAML is unchanged.

    Parsing YAML costs more than reading the whole snapshot; the copy is keyed by the file's size and
    modification time, and is only an accelerator: without a writable cache folder the YAML is parsed.
    """
    stat = path.stat()
    cache = path.parent / "cache" / f"{path.stem}.{stat.st_size}.{stat.st_mtime_ns}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    try:
        cache.parent.mkdir(exist_ok=True)
        for old in cache.parent.glob(f"{path.stem}.*.json"):
            old.unlink()
        cache.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass
    return doc


@lru_cache(maxsize=4)
def _load(path: str) -> Registry:
    doc = _parse(Path(path))
    problems = _check(doc)
    if problems:
        raise DataFileInvalid(path, problems)
    inds = tuple(
        Indicator(
            d["id"], d["label"], d["theme"], str(d["unit"]), int(d["decimals"]), " ".join(str(d["definition"]).split()),
            tuple(Variant(tuple(v["levels"]), v["kind"], tuple(v["num"]), tuple(v.get("den", ())), float(v.get("scale", 1)),
                          v.get("computation"), tuple(v["source"])) for v in d["variants"]),
            d.get("higher_is_worse"),
        )
        for d in doc["indicators"]
    )
    return Registry(inds, dict(doc["themes"]))


def load_registry(path: Path | None = None) -> Registry:
    """Load and validate data/indicators.yaml (cached)."""
    return _load(str(path or data_dir() / "indicators.yaml"))
