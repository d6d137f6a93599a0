"""ABS dashboard entry point: navigation over pages/ and the shared sidebar (territory, reference)."""
from __future__ import annotations

import streamlit as st

from pages._shared import sidebar

st.set_page_config(page_title="ABS — Analyse des besoins sociaux", layout="wide")

# No page icons: Streamlit turns the current page's Material icon into a favicon fetched from a
# Google CDN, and the dashboard must work with no internet (the browser test checks every request).
PAGES = [
    st.Page("pages/synthese.py", title="Synthèse", default=True),
    st.Page("pages/commune.py", title="Commune"),
    st.Page("pages/quartiers.py", title="Quartiers"),
    st.Page("pages/enjeux.py", title="Enjeux et plans d'actions"),
    st.Page("pages/projet.py", title="Projet municipal"),
    st.Page("pages/atelier.py", title="Atelier"),
    st.Page("pages/sources.py", title="Données et sources"),
]

page = st.navigation(PAGES)
sidebar()
page.run()
