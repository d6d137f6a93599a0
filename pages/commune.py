"""Commune: population and its components, ages, households, income, employment, housing."""
from __future__ import annotations

import streamlit as st

from abs import charts
from abs.views import age_structure, comparison, components, population_history
from pages._shared import chosen, engine, figure

eng = engine()
study = eng.study
_, reference = chosen()
commune = study.commune
places = [commune, *study.references]
st.title(f"{commune.name} : portrait de la commune")
st.caption(f"Référence choisie : {reference.name}. Chaque valeur porte son millésime ; les années diffèrent selon les sources.")

st.header("Population")
pop = population_history(eng, commune)
figure(charts.lines(pop, "Population municipale", "habitants"), pop, "population")
st.subheader("Composantes de l'évolution")
st.dataframe(components(eng, [commune, reference]), hide_index=True, width="stretch")

st.header("Structure par âge")
ages = age_structure(eng, [commune, reference])
figure(charts.grouped_bars(ages, "âge", f"Répartition par âge : {commune.name} et {reference.name}", "% de la population"), ages, "ages")

for title, indicators in (
    ("Ménages et familles", ("part_menages_1pers", "part_familles_monoparentales", "part_couples_avec_enfants")),
    ("Revenus et pauvreté", ("revenu_median", "taux_pauvrete", "rapport_interdecile")),
    ("Emploi", ("taux_chomage_1564", "taux_chomage_1524", "taux_activite_1564", "part_neet")),
    ("Logement", ("taux_vacance", "part_proprietaires", "part_residences_secondaires")),
):
    st.header(title)
    for ind in indicators:
        meta = eng.registry.get(ind)
        data = comparison(eng, ind, places)
        figure(charts.bars(data, meta.label, meta.unit, highlight=commune.name), data, f"commune-{ind}", meta.definition)
