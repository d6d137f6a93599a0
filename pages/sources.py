"""Données et sources: every source, the perimeter hypotheses, and the whole snapshot to download."""
from __future__ import annotations

import streamlit as st

import pandas as pd

from abs.csvsafe import csv_bytes, xlsx_bytes
from abs.errors import AbsError
from abs.loaders.live import fetch, load_live_spec, study_geography
from abs.refresh import build_candidate, from_live, max_upload_bytes, read_upload
from abs.versions import current_id, diff, list_versions, switch
from abs.views import build_files, perimeters, snapshot_tables
from pages._shared import analyst, engine, locked_reason, through_app

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
names = {t.key: t.name for t in eng.study.references}
for key, text in eng.study.coverage.items():
    st.caption(f"« {names.get(key, key)} » désigne : {text}.")

st.header("Fichiers d'origine")
st.dataframe(build_files(snap), hide_index=True, width="stretch")

st.header("Versions des données")
st.caption("Chaque import crée une nouvelle version à côté des autres ; la version active ne change que sur confirmation, "
           "et l'on peut revenir à une version précédente.")
versions = list_versions()
st.dataframe(versions, hide_index=True, width="stretch")
unlocked = analyst()
if not unlocked:
    st.info(locked_reason())
else:
    others = [v for v in versions["version"] if v != current_id()]
    if others:
        target = st.selectbox("Revenir à (ou passer à) la version", others, key="switch-target")
        if st.button("Activer cette version", key="switch-version"):
            switch(target)
            st.success(f"Version {target} activée.")
            st.rerun()

    st.header("Mettre à jour depuis des fichiers")
    st.caption(f"CSV, ZIP de CSV ou XLSX tels que téléchargés sur insee.fr, data.caf.fr ou l'IGN (contours IRIS : GeoPackage, "
               f"GeoJSON ou shapefile zippé), nationaux ou déjà filtrés ; {max_upload_bytes() // 2**20} Mo au plus par fichier. "
               "Seules les lignes du territoire étudié sont gardées.")
    uploads = st.file_uploader("Fichiers", accept_multiple_files=True, key="uploads",
                               type=["csv", "txt", "zip", "xlsx", "gpkg", "geojson", "json"])
    c1, c2 = st.columns(2)
    year = c1.text_input("Millésime (si le fichier ne l'indique pas, ex. 2021)", key="upload-year") or None
    level = c2.selectbox("Niveau (si le fichier ne l'indique pas)", ["", "COM", "IRIS", "EPCI", "DEP", "REG", "FRM"], key="upload-level") or None
    if uploads and st.button("Vérifier et préparer une nouvelle version", key="check-uploads"):
        items, problems = [], []
        for up in uploads:
            try:
                items += read_upload(up.name, up.getvalue(), year=year, level=level)
            except AbsError as err:
                problems.append(str(err))
        for p in problems:
            st.error(p)
        if items:
            st.dataframe(pd.DataFrame([i.report() for i in items]), hide_index=True, width="stretch")
        if items and not problems:
            st.session_state["candidate"] = build_candidate(items)
    st.header("Mettre à jour depuis l'API de l'Insee (MELODI)")
    live_spec = load_live_spec()
    st.caption("Interroge l'API MELODI de l'Insee (sans clé, 30 requêtes par minute) pour les jeux déclarés dans data/live.yaml. "
               "Sans réseau, la réponse arrive en quelques secondes avec un message.")
    dataset = st.selectbox("Jeu de données", [d["id"] for d in live_spec["datasets"]], key="live-dataset",
                           format_func=lambda i: next(d["label"] for d in live_spec["datasets"] if d["id"] == i))
    if st.button("Interroger l'Insee et préparer une nouvelle version", key="live-fetch"):
        try:
            result = fetch(dataset, study_geography(eng))
            st.session_state["candidate"] = build_candidate([from_live(result)], api_calls=result.calls)
        except AbsError as err:
            st.error(str(err))

    candidate = st.session_state.get("candidate")
    if candidate:
        st.subheader(f"Changements de la version {candidate} par rapport à la version active")
        changes = diff(current_id(), candidate)
        st.dataframe(changes, hide_index=True, width="stretch")
        st.caption(f"{len(changes)} changement(s) d'indicateurs.")
        if st.button("Confirmer et activer la nouvelle version", key="confirm-candidate"):
            switch(candidate)
            st.session_state.pop("candidate")
            st.success(f"Version {candidate} activée ; la précédente reste disponible.")
            st.rerun()

st.header("Télécharger l'instantané")
tables = snapshot_tables(snap)
c1, c2 = st.columns(2)
c1.download_button("Observations (CSV)", lambda: csv_bytes(tables["observations"]), file_name="abs-observations.csv", mime="text/csv", key="dl-obs")
c2.download_button("Instantané complet (Excel)", lambda: xlsx_bytes(tables), file_name="abs-instantane.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl-xlsx")
