"""Fill the French finding templates of data/issues.yaml from the data; never a hard-coded figure.

Placeholders: {value:IND@T} latest value with its unit, {year:IND@T}, {first.value:IND@T},
{first.year:IND@T}, {abs.value:IND@T}, {common:IND@A@B} latest year A and B share,
{cvalue:IND@A@B} A's value in that year, {max.value|max.name|max.year|min.…:IND@IRIS} the IRIS
extremes at their common year, {index.top3} the three most fragile IRIS. T is COM, DEP, EPCI, REG,
FRM, FR, QPV, QPV_ALL, NBH:id, NBH:* (all the IRIS of the commune summed) or IRIS:code.
"""
from __future__ import annotations

import re

from abs.engine import Engine, Value, year_key
from abs.errors import IndicatorUnavailable
from abs.fmt import with_unit
from abs.territory import Territory

PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)(?::([^}]+))?\}")


class MissingFigure(Exception):
    """A placeholder has no figure: the finding is left out."""


def resolve_territory(engine: Engine, token: str) -> Territory:
    """Turn 'COM', 'DEP', 'NBH:alc', 'IRIS:150140101'… into a Territory of the study."""
    s = engine.study
    fixed = {"COM": s.commune, "DEP": s.departement, "REG": s.region, "EPCI": s.epci,
             "FRM": Territory("FRM", "FRM", "France métropolitaine"), "FR": Territory("FR", "FR", "France")}
    if token in fixed:
        return fixed[token]
    if token == "QPV":
        return s.qpv[0]
    if token == "QPV_ALL":
        return Territory("QPV_ALL", "Ensemble", "ensemble des QPV")
    level, _, code = token.partition(":")
    if token == "NBH:*":
        from abs.views import whole_commune
        return whole_commune(engine)
    if level == "NBH":
        return s.neighbourhood(code)
    if level == "IRIS":
        return Territory("IRIS", code, engine.territory_name("IRIS", code))
    raise KeyError(token)


def common_year(engine: Engine, indicator: str, a: Territory, b: Territory) -> str:
    """The latest year for which both territories have a shown figure."""
    ya = {v.year for v in engine.series(indicator, a) if v.ok}
    yb = {v.year for v in engine.series(indicator, b) if v.ok}
    both = ya & yb
    if not both:
        raise MissingFigure(f"{indicator}: pas d'année commune")
    return max(both, key=year_key)


def iris_extremes(engine: Engine, indicator: str) -> tuple[str, list[tuple[Territory, Value]]]:
    """The IRIS values of an indicator at the latest year they have in common, sorted high to low."""
    from abs.fragility import latest_shared_year
    iris = engine.iris()
    year = latest_shared_year(engine, indicator, iris)
    vals = []
    for t in iris:
        try:
            v = engine.value(indicator, t, year)
        except IndicatorUnavailable:
            continue
        if v.ok:
            vals.append((t, v))
    if not vals:
        raise MissingFigure(indicator)
    return year, sorted(vals, key=lambda tv: -tv[1].value)


def _fmt(engine: Engine, indicator: str, value: float, signed: bool = False) -> str:
    ind = engine.registry.get(indicator)
    return with_unit(value, ind.unit, ind.decimals, signed)


def _value_text(engine: Engine, key: str, arg: str, extra: dict) -> str:
    parts = arg.split("@")
    ind = parts[0]
    if key in {"common", "cvalue"}:
        a, b = resolve_territory(engine, parts[1]), resolve_territory(engine, parts[2])
        year = common_year(engine, ind, a, b)
        return year if key == "common" else _fmt(engine, ind, engine.value(ind, a, year).value)
    if key.startswith(("max.", "min.")):
        year, ranked = iris_extremes(engine, ind)
        t, v = ranked[0] if key.startswith("max.") else ranked[-1]
        return {"value": _fmt(engine, ind, v.value) if v.ok else "", "name": t.name, "year": year}[key[4:]]
    t = resolve_territory(engine, parts[1])
    series = [v for v in engine.series(ind, t) if v.ok]
    if not series:
        raise MissingFigure(arg)
    v = series[0] if key.startswith("first.") else series[-1]
    if key.endswith("year"):
        return v.year
    signed = engine.registry.get(ind).unit.startswith("% par an")
    return _fmt(engine, ind, abs(v.value) if key.startswith("abs.") else v.value, signed)


def render(engine: Engine, template: str, extra: dict | None = None) -> str:
    """Fill a template; raises MissingFigure when one of its figures is missing or secret."""
    extra = extra or {}

    def sub(m: re.Match) -> str:
        key, arg = m.group(1), m.group(2)
        if arg is None:
            if key not in extra:
                raise MissingFigure(key)
            return extra[key]
        try:
            return _value_text(engine, key, arg, extra)
        except IndicatorUnavailable as err:
            raise MissingFigure(str(err)) from err
    return PLACEHOLDER.sub(sub, template)
