"""Quartiers: the neighbourhoods and IRIS compared, their perimeters, the perimeter editor and maps."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from abs import charts
from abs.cache import clear_all
from abs.errors import AbsError
from abs.fragility import default_fragility
from abs.geo import outlines
from abs.territory import save_neighbourhoods, undo_neighbourhoods
from abs.views import (commune_values, comparison, fragility_components, fragility_ranking, indicator_options,
                       neighbourhood_table, perimeters, reference_lines)
from pages._shared import analyst, caption, chart, chosen, engine, figure, locked_reason, through_app

through_app()

eng = engine()
study = eng.study
_, reference = chosen()
st.title("Quartiers et IRIS")
st.info(study.hypothesis_note)

options = dict(indicator_options(eng, "IRIS"))
ind_id = st.selectbox("Indicateur", list(options), index=list(options).index("caf_part_rsa"), format_func=options.get, key="nbh-indicator")
meta = eng.registry.get(ind_id)
table = neighbourhood_table(eng, ind_id)
refs = reference_lines(eng, ind_id, reference)
figure(charts.bars(table, meta.label, meta.unit, references=refs), table, f"quartiers-{ind_id}", meta.definition)
if not meta.aggregable():
    st.warning("Cet indicateur (médiane ou taux publié) ne s'additionne pas : les quartiers sont montrés IRIS par IRIS.")
st.dataframe(table, hide_index=True, width="stretch")

st.subheader("Plusieurs indicateurs côte à côte")
picked = st.multiselect("Indicateurs", list(options), default=list(options)[:4], format_func=options.get, max_selections=6, key="nbh-multiples")
if picked:
    tables = {eng.registry.get(i).label: neighbourhood_table(eng, i) for i in picked}
    chart(charts.small_multiples(tables, "Quartiers et IRIS"), "multiples", caption(pd.concat(tables.values())))

st.header("Indice de fragilité des IRIS")
index = default_fragility()
st.markdown(f"**Méthode** : {index.normalisation} ; indice = moyenne pondérée des composantes disponibles "
            "(un IRIS sans une composante est signalé, ses poids sont recalculés). Déclaré dans data/fragility.yaml.")
st.dataframe(fragility_components(index), hide_index=True, width="stretch")
st.dataframe(fragility_ranking(index), hide_index=True, width="stretch")

st.header("Périmètres des quartiers")
st.dataframe(perimeters(eng), hide_index=True, width="stretch")
with st.expander("Modifier les périmètres (IRIS de chaque quartier)"):
    if not analyst():
        st.info(locked_reason())
    else:
        iris = {t.code: t.name for t in eng.iris()}
        with st.form("perimeters"):
            chosen_iris = {n.code: st.multiselect(n.name, list(iris), default=list(n.members), format_func=iris.get, key=f"per-{n.code}")
                           for n in study.neighbourhoods}
            saved = st.form_submit_button("Enregistrer les périmètres")
        if saved:
            try:
                save_neighbourhoods(chosen_iris, set(iris))
                clear_all()
                st.success("Périmètres enregistrés ; la version précédente est conservée.")
                st.rerun()
            except AbsError as err:
                st.error(str(err))
        if st.button("Annuler la dernière modification", key="undo-perimeters"):
            if undo_neighbourhoods():
                clear_all()
                st.rerun()
            else:
                st.info("Aucune modification précédente à annuler.")

st.header("Cartes")
com_options = dict(indicator_options(eng, "COM"))
map_ind = st.selectbox("Indicateur communal", list(com_options), index=list(com_options).index("part_75p"), format_func=com_options.get, key="map-indicator")
values, years = commune_values(eng, map_ind)
map_meta = eng.registry.get(map_ind)
sample = comparison(eng, map_ind, [study.commune])
chart(charts.polygon_map(outlines("COM"), values, f"{map_meta.label} — communes du {study.departement.name}", map_meta.unit,
                         highlight=study.commune.code), "carte-communes",
      f"{sample['source'].iloc[0]} (années : {years}) · Contours : IGN GEOFLA via france-geojson (COG 2018 environ).")
iris_outlines = outlines("IRIS")
if iris_outlines is None:
    st.info("Carte des IRIS : aucun contour d'IRIS n'est importé, aucune forme n'est donc dessinée. Pour l'afficher, "
            "téléchargez les « Contours IRIS » de l'IGN (GeoPackage, shapefile zippé ou GeoJSON, toute projection), "
            "déclarez-les dans data/sources.yaml (importeur « geometry », niveau IRIS) et reconstruisez l'instantané "
            "(python -m abs.snapshot build DOSSIER_DES_FICHIERS).")
else:
    chart(charts.polygon_map(iris_outlines, dict(zip(table["code"], table["valeur"])), meta.label, meta.unit), "carte-iris", caption(table))
