"""The composite fragility index of the IRIS, with its components, normalisation and weights as data."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from abs.engine import Engine
from abs.errors import IndicatorUnavailable
from abs.paths import data_dir


@dataclass(frozen=True)
class FragilityIndex:
    """The index table (one row per IRIS, best ranked first) and the declared method."""

    table: pd.DataFrame
    components: pd.DataFrame
    label: str
    normalisation: str


def load_spec(path: Path | None = None) -> dict:
    """Read data/fragility.yaml."""
    return yaml.safe_load((path or data_dir() / "fragility.yaml").read_text(encoding="utf-8"))


def latest_shared_year(engine: Engine, indicator: str, territories) -> str | None:
    """The latest year present (whatever its status) for every territory that has the indicator."""
    from abs.engine import year_key
    years = None
    for t in territories:
        try:
            ys = {v.year for v in engine.series(indicator, t)}
        except IndicatorUnavailable:
            continue
        years = ys if years is None else years & ys
    return max(years, key=year_key) if years else None


def default_fragility() -> FragilityIndex:
    """The index on the shipped data and the active version (cached)."""
    from abs.engine import default_engine
    from abs.versions import current_dir
    return _cached(str(current_dir()), id(default_engine()))


@lru_cache(maxsize=2)
def _cached(version: str, engine_id: int) -> FragilityIndex:
    from abs.engine import default_engine
    return compute(default_engine())


def compute(engine: Engine, spec: dict | None = None) -> FragilityIndex:
    """Normalise each component over the IRIS, weight, average, rank."""
    spec = spec or load_spec()
    iris = engine.iris()
    rows, comps = [], []
    for comp in spec["components"]:
        ind = engine.registry.get(comp["indicator"])
        year = latest_shared_year(engine, ind.id, iris)
        values = {}
        for t in iris:
            try:
                v = engine.value(ind.id, t, year)
                values[t.code] = v.value if v.ok else None
            except IndicatorUnavailable:
                values[t.code] = None
        known = [x for x in values.values() if x is not None]
        lo, hi = min(known), max(known)
        for code, x in values.items():
            if x is None:
                score = None
            else:
                score = (x - lo) / (hi - lo) * 100 if hi > lo else 0.0
                score = score if ind.higher_is_worse else 100 - score
            rows.append({"iris": code, "component": ind.id, "value": x, "score": score, "weight": float(comp["weight"])})
        comps.append({"component": ind.id, "label": ind.label, "year": year, "weight": float(comp["weight"]),
                      "direction": "plus élevé = plus fragile" if ind.higher_is_worse else "plus bas = plus fragile",
                      "min": lo, "max": hi})
    long = pd.DataFrame(rows)
    have = long.dropna(subset=["score"])
    agg = have.assign(ws=have["score"] * have["weight"]).groupby("iris").agg(ws=("ws", "sum"), w=("weight", "sum"), n=("score", "size"))
    names = {t.code: t.name for t in iris}
    table = pd.DataFrame({"iris": agg.index, "name": [names[c] for c in agg.index], "index": (agg["ws"] / agg["w"]).to_numpy(),
                          "components": agg["n"].to_numpy()})
    missing = long[long["score"].isna()].groupby("iris")["component"].apply(lambda s: ", ".join(s))
    table["missing"] = table["iris"].map(lambda c: missing.get(c, ""))
    table = table.sort_values(["index", "iris"], ascending=[False, True]).reset_index(drop=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    wide = long.pivot(index="iris", columns="component", values="score")
    table = table.join(wide, on="iris")
    return FragilityIndex(table, pd.DataFrame(comps), spec["label"], spec["normalisation"])
