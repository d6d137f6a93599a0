"""Données et sources: every source, the perimeter hypotheses, and the whole snapshot to download."""
from __future__ import annotations

import streamlit as st

from abs.csvsafe import csv_bytes, xlsx_bytes
from abs.views import build_files, perimeters, snapshot_tables
from pages._shared import engine, through_app

through_app()

eng = engine()
snap = eng.snapshot
st.title("Données et sources")
st.markdown(f"Instantané construit le **{snap.built['built_on']}** à partir de {len(snap.built['files'])} fichiers publics "
            f"({snap.built['observations']} observations). Aucune valeur n'est inventée : une valeur absente ou secrète est affichée comme telle.")

st.header("Sources")
st.dataframe(snap.sources.rename(columns={"id": "identifiant", "producer": "producteur", "dataset": "jeu de données", "vintage": "millésime",
                                          "geography": "géographie", "url": "adresse", "coverage": "couverture", "licence": "licence",
                                          "accessed": "consulté", "origin": "origine"}), hide_index=True, width="stretch")

st.header("Hypothèses de périmètre des quartiers")
st.info(eng.study.hypothesis_note)
st.dataframe(perimeters(eng), hide_index=True, width="stretch")
for q in eng.study.qpv:
    st.caption(f"QPV {q.code} — {q.name} : {q.evidence}")
for key, text in eng.study.coverage.items():
    st.caption(f"{key} : {text}")

st.header("Fichiers d'origine")
st.dataframe(build_files(snap), hide_index=True, width="stretch")

st.header("Télécharger l'instantané")
tables = snapshot_tables(snap)
c1, c2 = st.columns(2)
c1.download_button("Observations (CSV)", lambda: csv_bytes(tables["observations"]), file_name="abs-observations.csv", mime="text/csv", key="dl-obs")
c2.download_button("Instantané complet (Excel)", lambda: xlsx_bytes(tables), file_name="abs-instantane.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl-xlsx")
