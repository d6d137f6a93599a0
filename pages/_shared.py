"""Streamlit helpers shared by the pages: sidebar choices, figure with caption and download."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from abs.csvsafe import csv_bytes
from abs.export.images import figure_png
from abs.engine import Engine, default_engine
from abs.findings import resolve_territory
from abs.territory import Territory


def through_app() -> None:
    """Called first by every page: make sure the page runs inside app.py's navigation and sidebar.

    Streamlit starts in its old "pages/ directory" mode when a folder named pages/ sits beside the
    entry point, and leaves it only once a run of app.py has called st.navigation; until then a deep
    link (/enjeux on a freshly started server) runs the page file alone. The switch is a class
    attribute of Streamlit 1.67 (pinned in requirements.txt); the browser and page tests cover it.
    """
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def engine() -> Engine:
    """The engine on the shipped data (cached by the library)."""
    return default_engine()


def territory_options(eng: Engine) -> dict[str, Territory]:
    """Commune, neighbourhoods and IRIS, keyed 'COM:15014', 'NBH:alc', 'IRIS:150140101'."""
    s = eng.study
    places = [s.commune, *s.neighbourhoods, *eng.iris()]
    return {t.key: t for t in places}


def reference_options(eng: Engine) -> dict[str, Territory]:
    """The reference territories declared in data/territory.yaml."""
    return {t.key: t for t in eng.study.references}


def sidebar() -> None:
    """The territory and reference choices, kept in the session across pages."""
    eng = engine()
    terr, refs = territory_options(eng), reference_options(eng)
    st.session_state.setdefault("territory", eng.study.commune.key)
    st.session_state.setdefault("reference", next(iter(refs)))
    with st.sidebar:
        st.markdown(f"### {eng.study.commune.name}")
        st.selectbox("Territoire étudié", list(terr), key="territory", format_func=lambda k: terr[k].label())
        st.selectbox("Territoire de référence", list(refs), key="reference", format_func=lambda k: refs[k].name)
        st.caption(f"Données : version {eng.snapshot.built.get('version', '')} du {eng.snapshot.built['built_on']} — "
                   "sources et millésimes dans « Données et sources ».")
        from abs.access import configured_secret
        if configured_secret(st.secrets) is not None:
            # The code stays in the session only; it is never displayed back or logged.
            st.text_input("Code analyste", type="password", key="analyst-code",
                          help="Nécessaire pour importer des données, changer de version ou modifier les périmètres.")


def analyst() -> bool:
    """Whether this session may change data: the code entered in the sidebar matches the analyst secret."""
    from abs.access import configured_secret, granted
    return granted(st.session_state.get("analyst-code"), configured_secret(st.secrets))


def locked_reason() -> str:
    """Why the data-changing controls are disabled, in French."""
    from abs.access import ENV_VAR, configured_secret
    if configured_secret(st.secrets) is None:
        return (f"Modifications désactivées : aucun code analyste n'est configuré (variable d'environnement {ENV_VAR} "
                "ou analyst_secret dans .streamlit/secrets.toml, voir le README).")
    return "Modifications désactivées : saisissez le code analyste dans la barre latérale."


def chosen() -> tuple[Territory, Territory]:
    """The territory and reference chosen in the sidebar."""
    eng = engine()
    terr, refs = territory_options(eng), reference_options(eng)
    return terr.get(st.session_state.get("territory"), eng.study.commune), refs.get(st.session_state.get("reference"), eng.study.references[0])


def figure(fig, table: pd.DataFrame, key: str, note: str = "") -> None:
    """A chart, its source line(s), a PNG download and a CSV download of its data."""
    chart(fig, key, caption(table, note))
    st.download_button("Télécharger les données (CSV)", lambda: csv_bytes(table), file_name=f"{key}.csv", mime="text/csv", key=f"dl-{key}")


def chart(fig, key: str, note: str) -> None:
    """A chart whose data has no single table (map, Sankey, small multiples): its source line and a PNG download."""
    st.plotly_chart(fig, width="stretch", key=f"chart-{key}", config={"displaylogo": False})
    st.caption(note)
    st.download_button("Télécharger l'image (PNG)", lambda: figure_png(fig), file_name=f"{key}.png", mime="image/png", key=f"png-{key}")


def caption(table: pd.DataFrame, note: str = "") -> str:
    """'Sources : A ; B — années 2016, 2022. Note' for the figures of a table."""
    from abs.engine import year_key
    sources = [s.removeprefix("Source : ").rsplit(" — valeur", 1)[0] for s in table.get("source", pd.Series(dtype=str)) if s]
    years = sorted({y for y in table.get("année", pd.Series(dtype=str)) if y}, key=year_key)
    if not sources:
        return "Source : aucune donnée disponible pour ces territoires."
    text = f"Source{'s' if len(set(sources)) > 1 else ''} : {' ; '.join(dict.fromkeys(sources))} — {'années' if len(years) > 1 else 'année'} {', '.join(years)}."
    return f"{text} {note}".strip()


def resolve(token: str) -> Territory:
    """A territory from a token such as 'COM' or 'NBH:alc'."""
    return resolve_territory(engine(), token)
