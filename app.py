"""ABS dashboard entry point: navigation over pages/ and the shared sidebar (territory, reference)."""
from __future__ import annotations

import streamlit as st

from pages._shared import sidebar

st.set_page_config(page_title="ABS Aurillac — Analyse des besoins sociaux", page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/synthese.py", title="Synthèse", icon="🏠", default=True),
    st.Page("pages/commune.py", title="Commune", icon="🏙️"),
    st.Page("pages/quartiers.py", title="Quartiers", icon="🗺️"),
    st.Page("pages/enjeux.py", title="Enjeux et plans d'actions", icon="🎯"),
    st.Page("pages/projet.py", title="Projet municipal", icon="📋"),
    st.Page("pages/atelier.py", title="Atelier", icon="🎤"),
    st.Page("pages/sources.py", title="Données et sources", icon="📚"),
]

page = st.navigation(PAGES)
sidebar()
page.run()
