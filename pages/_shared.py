"""Streamlit helpers shared by the pages: sidebar choices, figure with caption and download."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from abs.csvsafe import csv_bytes
from abs.engine import Engine, default_engine
from abs.findings import resolve_territory
from abs.territory import Territory


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
        st.caption(f"Données : instantané du {eng.snapshot.built['built_on']} — sources et millésimes dans « Données et sources ».")


def chosen() -> tuple[Territory, Territory]:
    """The territory and reference chosen in the sidebar."""
    eng = engine()
    terr, refs = territory_options(eng), reference_options(eng)
    return terr.get(st.session_state.get("territory"), eng.study.commune), refs.get(st.session_state.get("reference"), eng.study.references[0])


def figure(fig, table: pd.DataFrame, key: str, note: str = "") -> None:
    """A chart, its source line(s) and a CSV download of its data."""
    st.plotly_chart(fig, width="stretch", key=f"chart-{key}", config={"displaylogo": False})
    sources = [s for s in dict.fromkeys(table.get("source", pd.Series(dtype=str))) if s]
    st.caption(" · ".join(sources + ([note] if note else [])) or "Source : non renseignée")
    st.download_button("Télécharger les données (CSV)", lambda: csv_bytes(table), file_name=f"{key}.csv", mime="text/csv", key=f"dl-{key}")


def resolve(token: str) -> Territory:
    """A territory from a token such as 'COM' or 'NBH:alc'."""
    return resolve_territory(engine(), token)
