"""Compute registry indicators for any territory of the snapshot, with their sources and vintages."""
from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass
from functools import lru_cache


from abs.computations import COMPUTATIONS, Part, Result, combine_status
from abs.errors import IndicatorUnavailable, NotAggregable
from abs.registry import Indicator, Registry, Variant, load_registry, pattern_regex
from abs.snapshot import Snapshot, load_snapshot
from abs.territory import LEVEL_LABELS, Study, Territory, load_study

STATUS_LABELS = {"secret": "secret statistique", "missing": "non disponible"}


@dataclass(frozen=True)
class Value:
    """One figure of an indicator for a territory and a year, with what it was computed from."""

    indicator: str
    territory: str
    year: str
    value: float | None
    status: str
    sources: tuple[str, ...]
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        """True when the figure can be shown."""
        return self.status == "ok" and self.value is not None


def year_key(year: str) -> tuple[int, int]:
    """Sort key for '2022' and periods such as '2016-2021' (by end, then start)."""
    nums = [int(x) for x in re.findall(r"\d{4}", year)] or [0]
    return nums[-1], nums[0]


class Engine:
    """Evaluates indicators on a snapshot; a neighbourhood is the sum of its IRIS, never an average."""

    def __init__(self, snapshot: Snapshot, registry: Registry, study: Study):
        self.snapshot, self.registry, self.study = snapshot, registry, study
        obs = snapshot.observations
        self._prio = {sid: i for i, sid in enumerate(snapshot.sources["id"])}
        # Row positions per territory now; each territory's variable index is built on first use.
        self._positions = obs.groupby(["level", "code"], sort=False).indices
        self._columns = {c: obs[c].to_numpy() for c in ("variable", "year", "value", "status", "source")}
        self._index: dict[tuple[str, str], dict[str, list]] = {}
        self._variables = sorted(set(obs["variable"]))
        self._pattern_vars: dict[str, frozenset] = {}
        self._match_cache: dict = {}
        self._iris: list[Territory] | None = None
        self._sources = snapshot.sources.set_index("id")
        self._names = dict(zip(zip(snapshot.geography["level"], snapshot.geography["code"]), snapshot.geography["name"]))

    # --- territories -------------------------------------------------------------------------
    def iris(self) -> list[Territory]:
        """The IRIS of the commune, from the snapshot geography (computed once)."""
        if self._iris is None:
            g = self.snapshot.geography
            rows = g[(g["level"] == "IRIS") & (g["parent_code"] == self.study.commune.code)]
            self._iris = [Territory("IRIS", r.code, r.name, status=r.kind) for r in rows.itertuples()]
        return list(self._iris)

    def territory_name(self, level: str, code: str) -> str:
        """The name of a territory from the geography, or its code."""
        return self._names.get((level, code), code)

    # --- raw rows ----------------------------------------------------------------------------
    def _vars_for(self, pattern: str) -> frozenset:
        if pattern not in self._pattern_vars:
            rx = pattern_regex(pattern)
            self._pattern_vars[pattern] = frozenset(v for v in self._variables if rx.match(v))
        return self._pattern_vars[pattern]

    def _territory_index(self, level: str, code: str) -> dict[str, list]:
        """variable -> [(source priority, year, Part)] for one territory, built once."""
        key = (level, code)
        if key not in self._index:
            own: dict[str, list] = {}
            c, n = self._columns, len(self._prio)
            for i in self._positions.get(key, ()):
                value = c["value"][i]
                part = Part(None if value != value else float(value), c["status"][i], c["source"][i])
                own.setdefault(c["variable"][i], []).append((self._prio.get(part.source, n), c["year"][i], part))
            self._index[key] = own
        return self._index[key]

    def _entries(self, territory: Territory, variables: frozenset) -> list:
        if territory.level != "NBH":
            own = self._territory_index(territory.level, territory.code)
            return [e for v in variables & own.keys() for e in own[v]]
        return self._nbh_entries(territory.members, variables)

    def _nbh_entries(self, members: tuple[str, ...], variables: frozenset) -> list:
        """Sum each (variable, year, source) over the IRIS: secret if a part is, missing if an IRIS lacks it."""
        sums: dict[tuple, list] = {}
        for code in members:
            own = self._territory_index("IRIS", code)
            for v in variables & own.keys():
                for prio, year, part in own[v]:
                    sums.setdefault((v, year, part.source, prio), []).append(part)
        out = []
        for (v, year, source, prio), parts in sums.items():
            if len(parts) < len(members):
                status = "missing"
            else:
                status = combine_status(parts)
            value = sum(p.value for p in parts) if status == "ok" else None
            out.append((prio, year, Part(value, status, source)))
        return out

    def _match(self, territory: Territory, pattern: str) -> dict[str, Part]:
        key = (territory.level, territory.code, territory.members, pattern)
        if key not in self._match_cache:
            best: dict[str, tuple[float, Part]] = {}
            for prio, year, part in self._entries(territory, self._vars_for(pattern)):
                if year not in best or prio < best[year][0]:
                    best[year] = (prio, part)
            self._match_cache[key] = {y: p for y, (_, p) in best.items()}
        return self._match_cache[key]

    # --- evaluation --------------------------------------------------------------------------
    def _variant_results(self, ind: Indicator, v: Variant, t: Territory) -> list[tuple[Result, float | None, float | None]]:
        nums = [self._match(t, p) for p in v.num]
        dens = [self._match(t, p) for p in v.den]
        if v.kind == "computed":
            return [(r, None, None) for r in COMPUTATIONS[v.computation](*nums)]
        years = set.intersection(*(set(m) for m in nums + dens)) if nums else set()
        out = []
        for y in years:
            nparts, dparts = [m[y] for m in nums], [m[y] for m in dens]
            parts = nparts + dparts
            status = combine_status(parts)
            sources = tuple(dict.fromkeys(p.source for p in parts))
            num = sum(p.value for p in nparts) if status == "ok" else None
            den = sum(p.value for p in dparts) if status == "ok" and dparts else None
            if status != "ok":
                value = None
            elif v.kind == "ratio":
                value = num / den * v.scale if den else None
                status = status if den else "missing"
            elif v.kind == "difference":
                value = nparts[0].value - nparts[1].value
            else:
                value = num
            out.append((Result(y, value, status, sources), num, den))
        return out

    def series(self, indicator_id: str, territory: Territory) -> list[Value]:
        """Every year of an indicator for a territory, oldest first; raises IndicatorUnavailable if none."""
        ind = self.registry.get(indicator_id)
        level = "IRIS" if territory.level == "NBH" else territory.level
        variants = [v for v in ind.variants if level in v.levels]
        if not variants:
            raise IndicatorUnavailable(ind.label, territory.label(), f"non publié à l'échelle {LEVEL_LABELS.get(level, level)}")
        if territory.level == "NBH":
            if not ind.aggregable():
                raise NotAggregable(ind.label, territory.label(), "une médiane ou un taux publié ne s'additionne pas : voir les valeurs par IRIS")
            if not territory.members:
                raise IndicatorUnavailable(ind.label, territory.label(), "périmètre du quartier à définir (aucun IRIS)")
        by_year: dict[str, Value] = {}
        for v in variants:
            for r, num, den in self._variant_results(ind, v, territory):
                if r.year not in by_year:
                    note = "" if r.status == "ok" else STATUS_LABELS.get(r.status, r.status)
                    by_year[r.year] = Value(ind.id, territory.key, r.year, r.value, r.status, r.sources, num, den, note)
        if not by_year:
            raise IndicatorUnavailable(ind.label, territory.label(), "aucune donnée pour ce territoire dans l'instantané")
        return [by_year[y] for y in sorted(by_year, key=year_key)]

    def latest(self, indicator_id: str, territory: Territory) -> Value:
        """The most recent year with a figure (or, failing that, the most recent year at all)."""
        values = self.series(indicator_id, territory)
        shown = [v for v in values if v.ok]
        return (shown or values)[-1]

    def value(self, indicator_id: str, territory: Territory, year: str) -> Value:
        """The figure of one year; IndicatorUnavailable if that year is absent."""
        for v in self.series(indicator_id, territory):
            if v.year == year:
                return v
        ind = self.registry.get(indicator_id)
        raise IndicatorUnavailable(ind.label, territory.label(), f"pas de valeur pour {year}")

    def by_member(self, indicator_id: str, nbh: Territory) -> list[tuple[Territory, Value | IndicatorUnavailable]]:
        """A neighbourhood's IRIS one by one (how medians and published rates are shown)."""
        names = {t.code: t for t in self.iris()}
        out = []
        for code in nbh.members:
            t = names.get(code, Territory("IRIS", code, code))
            try:
                out.append((t, self.latest(indicator_id, t)))
            except IndicatorUnavailable as err:
                out.append((t, err))
        return out

    def source_label(self, source_id: str) -> str:
        """'Insee, Filosofi, revenus disponibles par IRIS (Filosofi 2019)'; a multi-vintage file's list is left to the year."""
        src = self._sources
        if source_id not in src.index:
            return source_id
        producer, dataset, vintage = src.at[source_id, "producer"], src.at[source_id, "dataset"], src.at[source_id, "vintage"]
        return f"{producer}, {dataset}" if "," in vintage else f"{producer}, {dataset} ({vintage})"

    def citation(self, value: Value) -> str:
        """'Source : Insee, Filosofi… (Filosofi 2019) — valeur 2019' for the figure's sources and year."""
        parts = [self.source_label(s) for s in value.sources]
        return f"Source : {' ; '.join(dict.fromkeys(parts))} — valeur {value.year}"


@lru_cache(maxsize=2)
def _default_engine(version_dir: str) -> Engine:
    snap = load_snapshot(Path(version_dir))
    study = load_study(iris_codes=set(snap.geography.loc[snap.geography["level"] == "IRIS", "code"]))
    return Engine(snap, load_registry(), study)


def default_engine() -> Engine:
    """The engine on the active version of the data (cached; a switch, even from the shell, is seen at the next call)."""
    from abs.versions import current_dir
    return _default_engine(str(current_dir()))
