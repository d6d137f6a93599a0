"""Synthèse: key figures of the commune and the diagnostic's issues as cards."""
from __future__ import annotations

import streamlit as st

from abs.analysis import default_analysis
from abs.export import export
from abs.plans import load_catalogue
from abs.views import key_figures
from pages._shared import engine, through_app

through_app()

eng = engine()
st.title(f"Analyse des besoins sociaux — {eng.study.commune.name}")
st.markdown("Chiffres clés de la commune et enjeux du diagnostic, reliés aux plans d'actions du projet municipal de cohésion sociale 2022-2026.")

cols = st.columns(3)
for i, fig in enumerate(key_figures(eng)):
    with cols[i % 3]:
        st.metric(f"{fig['label']} ({fig['year']})", fig["value"], help=fig["source"])
        st.caption(fig["source"])

st.header("Les enjeux du diagnostic")
catalogue = load_catalogue()
BADGE = {"forte": "red", "modérée": "orange", "faible": "green", "non évaluée": "gray"}
cards = st.columns(3)
for i, issue in enumerate(default_analysis()):
    with cards[i % 3].container(border=True):
        st.subheader(issue.title)
        st.badge(f"Intensité {issue.severity_label}", color=BADGE[issue.severity_label])
        st.write(issue.findings[0] if issue.findings else "Constat non disponible : données manquantes.")
        st.caption(f"{len(catalogue.plans_for_issue(issue.id))} plans d'actions y répondent.")
        if st.button("Voir l'enjeu et ses plans", key=f"open-{issue.id}", icon=":material/arrow_forward:"):
            st.session_state["issue"] = issue.id
            st.switch_page("pages/enjeux.py")

st.header("Documents pour les ateliers")
st.caption("Générés à la demande à partir des données livrées ; chaque graphique porte sa source et son millésime.")
d1, d2, d3 = st.columns(3)
d1.download_button("Diaporama (PowerPoint)", lambda: export("deck"), file_name="diagnostic-abs.pptx",
                   mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", key="dl-deck")
d2.download_button("Classeur (Excel)", lambda: export("workbook"), file_name="diagnostic-abs.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl-workbook")
d3.download_button("Rapport (PDF)", lambda: export("report"), file_name="diagnostic-abs.pdf", mime="application/pdf", key="dl-report")
