"""The diagnostic's issues computed from the indicators: values, trend, severity by declared rules, findings."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from abs.engine import Engine, Value, default_engine
from abs.errors import DataFileInvalid, IndicatorUnavailable, Problem
from abs.findings import MissingFigure, common_year, iris_extremes, render, resolve_territory
from abs.fmt import NBSP, number, with_unit
from abs.fragility import FragilityIndex, compute as compute_fragility
from abs.paths import data_dir
from abs.territory import Territory

RULE_TYPES = {"compare", "threshold", "sign", "contrast"}
LEVEL_NAMES = {0: "faible", 1: "modérée", 2: "forte", None: "non évaluée"}


@dataclass(frozen=True)
class RuleResult:
    """One severity rule: its French statement, what was measured, and the level it gives."""

    rule: str
    measured: str
    level: int | None
    years: str = ""


@dataclass(frozen=True)
class Cell:
    """An indicator's latest figure for one territory, or the reason it is not available."""

    territory: Territory
    value: Value | None
    reason: str = ""


@dataclass
class IssueResult:
    """One issue of the diagnostic, as data."""

    id: str
    title: str
    diagnostic: str
    key_indicator: str
    indicators: dict[str, list[Cell]]
    trend: list[Value]
    severity: int | None
    rules: list[RuleResult]
    findings: list[str]
    left_out: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def severity_label(self) -> str:
        """'faible', 'modérée', 'forte' or 'non évaluée'."""
        return LEVEL_NAMES[self.severity]


def load_issue_specs(path: Path | None = None, registry=None) -> list[dict]:
    """Read and check data/issues.yaml: ids unique, indicators in the registry, rule types known."""
    path = path or data_dir() / "issues.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry = registry or default_engine().registry
    known = {i.id for i in registry.indicators}
    problems, seen = [], set()
    for i, spec in enumerate(doc.get("issues", [])):
        iid = spec.get("id", f"n°{i + 1}")
        if iid in seen:
            problems.append(Problem("duplicate-id", f"enjeu « {iid} » déclaré deux fois.", "id", i))
        seen.add(iid)
        for f in ("title", "diagnostic", "key_indicator", "indicators", "severity", "findings"):
            if f not in spec:
                problems.append(Problem("missing-field", f"enjeu « {iid} » : champ « {f} » absent.", f, i))
        for ind in [spec.get("key_indicator"), *spec.get("indicators", []), *(r.get("indicator") for r in spec.get("severity", []))]:
            if ind not in known:
                problems.append(Problem("unknown-indicator", f"enjeu « {iid} » : indicateur inconnu « {ind} ».", "indicators", i))
        for r in spec.get("severity", []):
            if r.get("type") not in RULE_TYPES:
                problems.append(Problem("bad-rule", f"enjeu « {iid} » : règle inconnue « {r.get('type')} ».", "severity", i))
    if problems:
        raise DataFileInvalid(str(path), problems)
    return doc["issues"]


def level_for(measure: float, thresholds: list[float]) -> int:
    """0 below the first threshold, 1 from the first, 2 from the second (bounds included)."""
    lo, hi = thresholds
    return 2 if measure >= hi else 1 if measure >= lo else 0


def _thresholds_text(thresholds, unit: str) -> str:
    return f"modérée dès {number(thresholds[0], 1)}{unit}, forte dès {number(thresholds[1], 1)}{unit}"





def evaluate_rule(engine: Engine, rule: dict) -> RuleResult:
    """Apply one declared severity rule; a rule without its figures is 'non évaluée', never guessed."""
    ind = engine.registry.get(rule["indicator"])
    worse = 1 if ind.higher_is_worse is not False else -1
    kind = rule["type"]
    try:
        if kind == "compare":
            a, b = resolve_territory(engine, rule["territory"]), resolve_territory(engine, rule["reference"])
            year = common_year(engine, ind.id, a, b)
            va, vb = engine.value(ind.id, a, year).value, engine.value(ind.id, b, year).value
            pct = rule["measure"] == "percent"
            gap = worse * ((va - vb) / vb * 100 if pct else va - vb)
            text = (f"{ind.label} : écart défavorable entre {a.name} et {b.name} à la même date — "
                    f"{_thresholds_text(rule['thresholds'], ' %' if pct else ' points')}")
            measured = f"{number(gap, 1, signed=True)}{NBSP + '%' if pct else ' points'} en {year} ({with_unit(va, ind.unit, ind.decimals)} contre {with_unit(vb, ind.unit, ind.decimals)})"
            return RuleResult(text, measured, level_for(gap, rule["thresholds"]), year)
        if kind == "threshold":
            t = resolve_territory(engine, rule["territory"])
            v = engine.latest(ind.id, t)
            if not v.ok:
                raise MissingFigure(ind.id)
            text = f"{ind.label} de {t.name} — {_thresholds_text(rule['thresholds'], ' ' + ind.unit)}"
            return RuleResult(text, f"{with_unit(v.value, ind.unit, ind.decimals)} en {v.year}", level_for(worse * v.value, rule["thresholds"]), v.year)
        if kind == "sign":
            t = resolve_territory(engine, rule["territory"])
            v = engine.latest(ind.id, t)
            if not v.ok:
                raise MissingFigure(ind.id)
            bad = worse * v.value > 0 if ind.higher_is_worse else v.value < 0
            text = f"{rule.get('label', ind.label)} — {LEVEL_NAMES[rule['level']]} si c'est le cas"
            signed = ind.unit.startswith("% par an")
            return RuleResult(text, f"{with_unit(v.value, ind.unit, ind.decimals, signed)} sur {v.year}", rule["level"] if bad else 0, v.year)
        # contrast: the worst IRIS against a base territory (or the least affected IRIS), same year
        year, ranked = iris_extremes(engine, ind.id)
        worst_t, worst_v = ranked[0] if worse > 0 else ranked[-1]
        if rule["base"] == "min":
            base, base_v = ranked[-1] if worse > 0 else ranked[0]
        else:
            base = resolve_territory(engine, rule["base"])
            base_v = engine.value(ind.id, base, year)
        if not base_v.ok:
            raise MissingFigure(ind.id)
        gap = worse * (worst_v.value - base_v.value)
        text = f"{rule.get('label', ind.label)} — {_thresholds_text(rule['thresholds'], ' points')}"
        measured = (f"{number(gap, 1, signed=True)} points en {year} ({worst_t.name} : {with_unit(worst_v.value, ind.unit, ind.decimals)}, "
                    f"{base.name} : {with_unit(base_v.value, ind.unit, ind.decimals)})")
        return RuleResult(text, measured, level_for(gap, rule["thresholds"]), year)
    except (MissingFigure, IndicatorUnavailable) as err:
        return RuleResult(f"{ind.label} ({kind})", f"non évaluée : {err}", None)


def territories(engine: Engine) -> list[Territory]:
    """The columns of an issue's tables: commune, references, QPV, neighbourhoods, IRIS."""
    s = engine.study
    return [s.commune, *s.references, *s.qpv, Territory("QPV_ALL", "Ensemble", "Ensemble des QPV"), *s.neighbourhoods, *engine.iris()]


def cells(engine: Engine, indicator: str, places: list[Territory]) -> list[Cell]:
    """The latest figure of an indicator for each territory, or the reason it is missing."""
    out = []
    for t in places:
        try:
            out.append(Cell(t, engine.latest(indicator, t)))
        except IndicatorUnavailable as err:
            out.append(Cell(t, None, err.reason))
    return out


def analyse_issue(engine: Engine, spec: dict, fragility: FragilityIndex | None = None) -> IssueResult:
    """Compute one issue: its indicators everywhere, the commune's trend, severity and findings."""
    places = territories(engine)
    indicators = {ind: cells(engine, ind, places) for ind in spec["indicators"]}
    try:
        trend = engine.series(spec["key_indicator"], engine.study.commune)
    except IndicatorUnavailable:
        trend = []
    rules = [evaluate_rule(engine, r) for r in spec["severity"]]
    levels = [r.level for r in rules if r.level is not None]
    extra = {}
    if fragility is not None:
        extra["index.top3"] = ", ".join(fragility.table["name"].head(3))
    findings, left_out = [], []
    for template in spec["findings"]:
        try:
            findings.append(render(engine, template, extra))
        except MissingFigure as err:
            left_out.append(f"{template} — {err}")
    return IssueResult(spec["id"], spec["title"], " ".join(spec["diagnostic"].split()), spec["key_indicator"], indicators, trend,
                       max(levels) if levels else None, rules, findings, left_out, list(spec.get("missing", [])))


def analyse(engine: Engine | None = None) -> list[IssueResult]:
    """Every issue of data/issues.yaml, in order."""
    engine = engine or default_engine()
    specs = load_issue_specs(registry=engine.registry)
    fragility = compute_fragility(engine)
    return [analyse_issue(engine, s, fragility) for s in specs]


@lru_cache(maxsize=4)
def _cached(version: str, engine_id: int) -> tuple[IssueResult, ...]:
    return tuple(analyse())


def default_analysis() -> tuple[IssueResult, ...]:
    """The analysis of the active version of the data (cached per version and engine)."""
    from abs.versions import current_dir
    return _cached(str(current_dir()), id(default_engine()))
