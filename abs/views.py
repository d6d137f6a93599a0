"""Tables ready for display and download: the pages format nothing themselves."""
from __future__ import annotations

import pandas as pd

from abs.engine import Engine, Value
from abs.errors import IndicatorUnavailable
from abs.fmt import with_unit
from abs.territory import LEVEL_LABELS, Territory

AGE_GROUPS = [("part_0014", "0-14 ans"), ("part_1529", "15-29 ans"), ("part_3044", "30-44 ans"),
              ("part_4559", "45-59 ans"), ("part_6074", "60-74 ans"), ("part_75p", "75 ans ou plus")]
TABLE_COLUMNS = ["territoire", "niveau", "valeur", "affichage", "année", "statut", "source"]


def row(engine: Engine, indicator: str, t: Territory, value: Value | None, reason: str = "") -> dict:
    """One display row: the figure, its French rendering, year, status and source line."""
    ind = engine.registry.get(indicator)
    if value is None:
        return {"territoire": t.name, "niveau": LEVEL_LABELS.get(t.level, t.level), "valeur": None,
                "affichage": "non disponible", "année": "", "statut": reason, "source": ""}
    shown = with_unit(value.value, ind.unit, ind.decimals, ind.unit.startswith("% par an")) if value.ok else "non disponible"
    return {"territoire": t.name, "niveau": LEVEL_LABELS.get(t.level, t.level), "valeur": value.value if value.ok else None,
            "affichage": shown, "année": value.year, "statut": "" if value.ok else value.note, "source": engine.citation(value)}


def comparison(engine: Engine, indicator: str, places: list[Territory], year: str | None = None) -> pd.DataFrame:
    """The latest (or given year's) figure of an indicator for each territory, unavailable ones with their reason."""
    rows = []
    for t in places:
        try:
            v = engine.value(indicator, t, year) if year else engine.latest(indicator, t)
            rows.append(row(engine, indicator, t, v))
        except IndicatorUnavailable as err:
            rows.append(row(engine, indicator, t, None, err.reason))
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def history(engine: Engine, indicator: str, places: list[Territory]) -> pd.DataFrame:
    """Every year of an indicator for each territory (long table: territoire, année, valeur, source)."""
    rows = []
    for t in places:
        try:
            for v in engine.series(indicator, t):
                rows.append(row(engine, indicator, t, v))
        except IndicatorUnavailable:
            continue
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def age_structure(engine: Engine, places: list[Territory]) -> pd.DataFrame:
    """Shares of the six age groups for each territory (latest census of each)."""
    rows = []
    for t in places:
        for ind, label in AGE_GROUPS:
            try:
                v = engine.latest(ind, t)
            except IndicatorUnavailable:
                continue
            r = row(engine, ind, t, v)
            rows.append({"âge": label, **r})
    return pd.DataFrame(rows, columns=["âge", *TABLE_COLUMNS])


def indicator_options(engine: Engine, level: str) -> list[tuple[str, str]]:
    """(id, label) of the registry indicators that exist at a level, grouped by theme order."""
    out = []
    for theme in engine.registry.themes:
        out += [(i.id, i.label) for i in engine.registry.by_theme(theme) if level in i.levels]
    return out


def key_figures(engine: Engine) -> list[dict]:
    """The commune's headline figures for the synthesis page, each with its year and source."""
    c = engine.study.commune
    out = []
    for ind_id in ("population", "part_75p", "taux_pauvrete", "revenu_median", "part_menages_1pers", "taux_chomage_1564"):
        ind = engine.registry.get(ind_id)
        v = engine.latest(ind_id, c)
        out.append({"id": ind_id, "label": ind.label, "value": with_unit(v.value, ind.unit, ind.decimals) if v.ok else "non disponible",
                    "year": v.year, "source": engine.citation(v)})
    return out
