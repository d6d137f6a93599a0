"""Tables ready for display and download: the pages format nothing themselves."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from abs.engine import Engine, Value
from abs.errors import IndicatorUnavailable
from abs.fmt import with_unit
from abs.territory import LEVEL_LABELS, Territory

AGE_GROUPS = [("part_0014", "0-14 ans"), ("part_1529", "15-29 ans"), ("part_3044", "30-44 ans"),
              ("part_4559", "45-59 ans"), ("part_6074", "60-74 ans"), ("part_75p", "75 ans ou plus")]
TABLE_COLUMNS = ["territoire", "code", "niveau", "valeur", "affichage", "année", "statut", "source"]


def display_name(t: Territory) -> str:
    """A territory's name in tables and charts; a neighbourhood is marked so it is not taken for its IRIS."""
    return f"Quartier {t.name}" if t.level == "NBH" and t.code != "*" else t.name


def row(engine: Engine, indicator: str, t: Territory, value: Value | None, reason: str = "") -> dict:
    """One display row: the figure, its French rendering, year, status and source line."""
    ind = engine.registry.get(indicator)
    if value is None:
        return {"territoire": display_name(t), "code": t.code, "niveau": LEVEL_LABELS.get(t.level, t.level), "valeur": None,
                "affichage": "non disponible", "année": "", "statut": reason, "source": ""}
    shown = with_unit(value.value, ind.unit, ind.decimals, ind.unit.startswith("% par an")) if value.ok else "non disponible"
    return {"territoire": display_name(t), "code": t.code, "niveau": LEVEL_LABELS.get(t.level, t.level), "valeur": value.value if value.ok else None,
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


def population_history(engine: Engine, t: Territory) -> pd.DataFrame:
    """Census population and legal populations of a territory, as two lines of one long table."""
    census = history(engine, "population", [t])
    legal = history(engine, "population_legale", [t]).assign(territoire=f"{t.name} (populations légales)")
    return pd.concat([census, legal], ignore_index=True)


COMPONENTS = ("evolution_annuelle", "variation_solde_naturel", "variation_solde_migratoire", "solde_naturel", "solde_migratoire")


def components(engine: Engine, places: list[Territory]) -> pd.DataFrame:
    """The demographic components of each territory, one row per indicator and territory."""
    parts = [comparison(engine, ind, places).assign(indicateur=engine.registry.get(ind).label) for ind in COMPONENTS]
    return pd.concat(parts, ignore_index=True)[["indicateur", "territoire", "affichage", "année", "source"]]


def neighbourhood_table(engine: Engine, indicator: str) -> pd.DataFrame:
    """The neighbourhoods then the IRIS of the commune for one indicator (latest year of each)."""
    s = engine.study
    return comparison(engine, indicator, [*s.neighbourhoods, *engine.iris()])


def whole_commune(engine: Engine) -> Territory:
    """All the IRIS of the commune summed: the commune as seen by IRIS-level sources (CAF, RP IRIS)."""
    s = engine.study
    return Territory("NBH", "*", f"{s.commune.name} (ensemble des IRIS)", tuple(t.code for t in engine.iris()))


def reference_lines(engine: Engine, indicator: str, reference: Territory) -> pd.DataFrame:
    """Lines to draw over a neighbourhood chart: the commune (or all its IRIS summed) and the reference."""
    s = engine.study
    ind = engine.registry.get(indicator)
    if any(v.kind == "count" for v in ind.variants if "IRIS" in v.levels):
        return pd.DataFrame(columns=TABLE_COLUMNS)  # a count is not compared with a whole commune
    base = s.commune if "COM" in ind.levels else whole_commune(engine)
    table = comparison(engine, indicator, [base, reference])
    return table.dropna(subset=["valeur"])


@lru_cache(maxsize=64)
def commune_values(engine: Engine, indicator: str) -> tuple[dict[str, float | None], str]:
    """The latest value of a commune-level indicator for every commune of the département, and the years used."""
    g = engine.snapshot.geography
    codes = g.loc[(g["level"] == "COM") & (g["parent_level"] == "DEP"), "code"].tolist()
    values, years = {}, set()
    for code in codes:
        try:
            v = engine.latest(indicator, Territory("COM", code, code))
        except IndicatorUnavailable:
            values[code] = None
            continue
        values[code] = v.value if v.ok else None
        if v.ok:
            years.add(v.year)
    return values, ", ".join(sorted(years))


def perimeters(engine: Engine) -> pd.DataFrame:
    """Each neighbourhood with its IRIS, status and evidence, for display."""
    names = {t.code: t.name for t in engine.iris()}
    return pd.DataFrame([{"quartier": n.name, "IRIS": ", ".join(names.get(c, c) for c in n.members) or "aucun",
                          "statut": n.status, "justification": n.evidence} for n in engine.study.neighbourhoods])


def issue_table(engine: Engine, result) -> pd.DataFrame:
    """Every indicator of an issue for every territory (latest year of each), long format."""
    rows = []
    for ind, cells in result.indicators.items():
        label = engine.registry.get(ind).label
        for c in cells:
            rows.append({"indicateur": label, **row(engine, ind, c.territory, c.value, c.reason)})
    return pd.DataFrame(rows, columns=["indicateur", *TABLE_COLUMNS])


def issue_chart_table(engine: Engine, result) -> pd.DataFrame:
    """The key indicator of an issue for the commune, references, QPV and neighbourhoods that have it."""
    cells = [c for c in result.indicators.get(result.key_indicator, []) if c.territory.level != "IRIS"]
    table = pd.DataFrame([row(engine, result.key_indicator, c.territory, c.value, c.reason) for c in cells], columns=TABLE_COLUMNS)
    if table["valeur"].notna().sum() < 2:
        iris = [c for c in result.indicators.get(result.key_indicator, []) if c.territory.level == "IRIS"]
        table = pd.concat([table, pd.DataFrame([row(engine, result.key_indicator, c.territory, c.value, c.reason) for c in iris],
                                               columns=TABLE_COLUMNS)], ignore_index=True)
    return table


def rules_table(result) -> pd.DataFrame:
    """The severity rules of an issue with what they measured and the level they give."""
    from abs.analysis import LEVEL_NAMES
    return pd.DataFrame([{"règle": r.rule, "mesure": r.measured, "intensité": LEVEL_NAMES[r.level]} for r in result.rules])


def plans_table(catalogue, issue_id: str) -> pd.DataFrame:
    """The action plans answering an issue, with their objective and rationale."""
    return pd.DataFrame([{"plan": p.id, "titre": p.title, "objectif opérationnel": catalogue.get(p.parent).title,
                          "justification": why, "texte adopté": p.text} for p, why in catalogue.plans_for_issue(issue_id)])


def coverage_table(catalogue, results) -> pd.DataFrame:
    """Issues x operational objectives with the number of plans, labelled for display."""
    m = catalogue.coverage([r.id for r in results])
    m.index = [r.title for r in results]
    m.columns = [f"{o} {catalogue.get(o).title}" for o in m.columns]
    return m


def plan_tree(catalogue, results, query: str = "", issue: str = "", objective: str = "", status: str = "") -> list[dict]:
    """The plan as a filtered tree: political objective -> operational objective -> plans with their issues."""
    titles = {r.id: r.title for r in results}
    key_inds = {r.id: r.key_indicator for r in results}
    steering = catalogue.steering.set_index("plan")
    q = query.strip().lower()
    tree = []
    for pol in catalogue.of_kind("politique"):
        if objective and pol.id != objective:
            continue
        ops = []
        for op in catalogue.children(pol.id):
            plans = []
            for p in catalogue.children(op.id):
                links = catalogue.issues_for_plan(p.id)
                st_row = steering.loc[p.id]
                if issue and issue not in [i for i, _ in links]:
                    continue
                if status and (st_row["statut"] or "non renseigné") != status:
                    continue
                if q and q not in f"{p.id} {p.title} {p.text}".lower():
                    continue
                plans.append({"id": p.id, "title": p.title, "text": p.text,
                              "issues": [(titles[i], why) for i, why in links],
                              "indicators": sorted({key_inds[i] for i, _ in links}),
                              "transversal": catalogue.transversal.get(p.id, ""), **st_row.to_dict()})
            if plans:
                ops.append({"id": op.id, "title": op.title, "text": op.text, "plans": plans})
        if ops:
            tree.append({"id": pol.id, "title": pol.title, "text": pol.text, "operational": ops})
    return tree


def build_files(snapshot) -> pd.DataFrame:
    """The raw files the snapshot was built from, with their checksums."""
    return pd.DataFrame(snapshot.built["files"]).rename(columns={"source": "source", "path": "fichier", "sha256": "empreinte SHA-256"})


def snapshot_tables(snapshot) -> dict[str, pd.DataFrame]:
    """The whole snapshot as downloadable tables (observations, sources, geography)."""
    return {"observations": snapshot.observations, "sources": snapshot.sources, "geographie": snapshot.geography}


def fragility_components(index) -> pd.DataFrame:
    """The declared components of the fragility index: indicator, year, weight, direction, range."""
    c = index.components
    return pd.DataFrame({"composante": c["label"], "année": c["year"], "poids": c["weight"], "sens": c["direction"],
                         "minimum": c["min"].round(1), "maximum": c["max"].round(1)})


def fragility_ranking(index) -> pd.DataFrame:
    """The IRIS ranked by the index, with each normalised component (0-100) and what is missing."""
    t = index.table
    comps = list(index.components["component"])
    labels = dict(zip(index.components["component"], index.components["label"]))
    out = t[["rank", "name", "index", *comps, "missing"]].rename(columns={"rank": "rang", "name": "IRIS", "index": "indice", "missing": "composantes absentes", **labels})
    return out.round(1)
