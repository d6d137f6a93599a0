"""ABS dashboard entry point: navigation over pages/ and the shared sidebar (territory, reference)."""
from __future__ import annotations

import streamlit as st

from pages._shared import sidebar

st.set_page_config(page_title="ABS Aurillac — Analyse des besoins sociaux", page_icon=":material/analytics:", layout="wide")

PAGES = [
    st.Page("pages/synthese.py", title="Synthèse", icon=":material/home:", default=True),
    st.Page("pages/commune.py", title="Commune", icon=":material/location_city:"),
    st.Page("pages/quartiers.py", title="Quartiers", icon=":material/map:"),
    st.Page("pages/enjeux.py", title="Enjeux et plans d'actions", icon=":material/flag:"),
    st.Page("pages/projet.py", title="Projet municipal", icon=":material/checklist:"),
    st.Page("pages/atelier.py", title="Atelier", icon=":material/co_present:"),
    st.Page("pages/sources.py", title="Données et sources", icon=":material/library_books:"),
]

page = st.navigation(PAGES)
sidebar()
page.run()
