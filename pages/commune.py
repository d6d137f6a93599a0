"""Commune: population and its components, ages, households, income, employment, housing, one theme at a time."""
from __future__ import annotations

import streamlit as st

from abs import charts
from abs.views import age_structure, comparison, components, population_history
from pages._shared import chosen, engine, figure, through_app

through_app()

THEMES = {
    "Ménages et familles": ("part_menages_1pers", "part_familles_monoparentales", "part_couples_avec_enfants"),
    "Revenus et pauvreté": ("revenu_median", "taux_pauvrete", "rapport_interdecile"),
    "Emploi": ("taux_chomage_1564", "taux_chomage_1524", "taux_activite_1564", "part_neet"),
    "Logement": ("taux_vacance", "part_proprietaires", "part_residences_secondaires"),
}

eng = engine()
study = eng.study
territory, reference = chosen()
commune = study.commune
places = list(dict.fromkeys([territory, commune, *study.references]))
st.title(f"{territory.name} : portrait")
st.caption(f"Territoire étudié : {territory.label()} ; référence : {reference.name}. "
           "Chaque valeur porte son millésime ; les années diffèrent selon les sources et les échelles.")
theme = st.segmented_control("Thème", ["Population", "Âges", *THEMES], default="Population", key="commune-theme")

if theme == "Population":
    pop = population_history(eng, territory)
    figure(charts.lines(pop, "Population municipale", "habitants"), pop, "population")
    st.subheader("Composantes de l'évolution")
    st.dataframe(components(eng, list(dict.fromkeys([territory, commune, reference]))), hide_index=True, width="stretch")
elif theme == "Âges":
    ages = age_structure(eng, list(dict.fromkeys([territory, reference])))
    figure(charts.grouped_bars(ages, "âge", f"Répartition par âge : {territory.name} et {reference.name}", "% de la population"), ages, "ages")
elif theme:
    for ind in THEMES[theme]:
        meta = eng.registry.get(ind)
        data = comparison(eng, ind, places)
        figure(charts.bars(data, meta.label, meta.unit, highlight=data["territoire"].iloc[0]), data, f"commune-{ind}", meta.definition)
