"""Named computations of the registry: demographic components between two censuses.

Each takes the matched series of the variant's variables (year -> Part) in declaration order
and returns one Result per period it can compute.
"""
from __future__ import annotations

from typing import Callable, NamedTuple


class Part(NamedTuple):
    """One variable's figure for one year, with its status and source."""

    value: float | None
    status: str
    source: str


class Result(NamedTuple):
    """A computed figure for a period."""

    year: str
    value: float | None
    status: str
    sources: tuple[str, ...]


def combine_status(parts: list[Part]) -> str:
    """A figure built from a secret part is secret; from a missing part, missing."""
    statuses = {p.status for p in parts}
    return "secret" if "secret" in statuses else "missing" if "missing" in statuses else "ok"


def _result(year: str, parts: list[Part], compute: Callable[[], float]) -> Result:
    status = combine_status(parts)
    sources = tuple(dict.fromkeys(p.source for p in parts))
    return Result(year, compute() if status == "ok" else None, status, sources)


def _census_pairs(pop: dict[str, Part]) -> list[tuple[int, int]]:
    years = sorted(int(y) for y in pop if y.isdigit())
    return list(zip(years, years[1:]))


def _period_pairs(pop: dict[str, Part], period: dict[str, Part]):
    """Match a vital-statistics period '2016-2021' with the censuses of 1 January 2016 and 2022."""
    for p in sorted(period):
        start, end = (int(x) for x in p.split("-"))
        y1, y2 = str(start), str(end + 1)
        if y1 in pop and y2 in pop:
            yield p, y1, y2


def annual_change(pop: dict[str, Part]) -> list[Result]:
    """Average annual change between consecutive censuses, in % per year."""
    out = []
    for y1, y2 in _census_pairs(pop):
        p1, p2 = pop[str(y1)], pop[str(y2)]
        out.append(_result(f"{y1}-{y2}", [p1, p2], lambda p1=p1, p2=p2, n=y2 - y1: ((p2.value / p1.value) ** (1 / n) - 1) * 100))
    return out


def apparent_migration(pop, births, deaths) -> list[Result]:
    """Population change between two censuses minus the natural balance of the period."""
    out = []
    for p, y1, y2 in _period_pairs(pop, births):
        if p not in deaths:
            continue
        parts = [pop[y1], pop[y2], births[p], deaths[p]]
        out.append(_result(f"{y1}-{y2}", parts, lambda a=parts: (a[1].value - a[0].value) - (a[2].value - a[3].value)))
    return out


def _change_due(pop, births, deaths, natural: bool) -> list[Result]:
    out = []
    for p, y1, y2 in _period_pairs(pop, births):
        if p not in deaths:
            continue
        parts = [pop[y1], pop[y2], births[p], deaths[p]]

        def compute(a=parts, n=int(y2) - int(y1)):
            total = a[1].value - a[0].value
            rate = ((a[1].value / a[0].value) ** (1 / n) - 1) * 100
            balance = a[2].value - a[3].value
            return rate * (balance if natural else total - balance) / total
        out.append(_result(f"{y1}-{y2}", parts, compute))
    return out


def change_due_natural(pop, births, deaths) -> list[Result]:
    """Share of the annual change due to the natural balance, in % per year."""
    return _change_due(pop, births, deaths, natural=True)


def change_due_migration(pop, births, deaths) -> list[Result]:
    """Share of the annual change due to the apparent migration balance, in % per year."""
    return _change_due(pop, births, deaths, natural=False)


def crude_death_rate(pop, deaths) -> list[Result]:
    """Deaths per year of the period per 1,000 inhabitants of the mean of the two censuses."""
    out = []
    for p, y1, y2 in _period_pairs(pop, deaths):
        parts = [pop[y1], pop[y2], deaths[p]]
        out.append(_result(f"{y1}-{y2}", parts,
                           lambda a=parts, n=int(y2) - int(y1): a[2].value / n / ((a[0].value + a[1].value) / 2) * 1000))
    return out


COMPUTATIONS: dict[str, Callable[..., list[Result]]] = {
    "annual_change": annual_change,
    "apparent_migration": apparent_migration,
    "change_due_natural": change_due_natural,
    "change_due_migration": change_due_migration,
    "crude_death_rate": crude_death_rate,
}
