"""Projet municipal: the objectives and plans as a navigable tree with search, filters and steering fields."""
from __future__ import annotations

import streamlit as st

from abs.analysis import default_analysis
from abs.cache import clear_all
from abs.errors import AbsError
from abs.paths import data_dir
from abs.plans import STATUSES, load_catalogue, write_steering
from abs.views import plan_tree
from pages._shared import analyst, engine, locked_reason, through_app

through_app()

eng = engine()
catalogue = load_catalogue()
results = list(default_analysis())
st.title("Projet municipal de cohésion sociale 2022-2026")
st.caption("3 objectifs politiques, 12 objectifs opérationnels, 72 plans d'actions, textes tels qu'adoptés par le conseil municipal.")

c1, c2, c3, c4 = st.columns(4)
query = c1.text_input("Rechercher", key="plan-query")
issue = c2.selectbox("Enjeu", [""] + [r.id for r in results], key="plan-issue",
                     format_func=lambda i: "Tous" if not i else next(r.title for r in results if r.id == i))
objective = c3.selectbox("Objectif politique", ["", "1", "2", "3"], key="plan-objective",
                         format_func=lambda i: "Tous" if not i else f"{i}. {catalogue.get(i).title}")
status = c4.selectbox("Statut", ["", "non renseigné", *[s for s in STATUSES if s]], key="plan-status",
                      format_func=lambda s: s or "Tous")

tree = plan_tree(catalogue, results, query, issue, objective, status)
count = sum(len(op["plans"]) for pol in tree for op in pol["operational"])
st.markdown(f"**{count} plan(s) d'actions** correspondent aux filtres.")
for pol in tree:
    st.header(f"Objectif politique {pol['id']} — {pol['title']}")
    st.markdown(f"*{pol['text']}*")
    for op in pol["operational"]:
        with st.expander(f"{op['id']} {op['title']} ({len(op['plans'])} plans)", expanded=bool(query or issue)):
            st.markdown(f"*{op['text']}*")
            for p in op["plans"]:
                st.markdown(f"**Plan {p['id']} — {p['title']}**")
                st.write(p["text"])
                if p["issues"]:
                    st.markdown("Enjeux : " + " ; ".join(f"**{t}** ({why})" for t, why in p["issues"]))
                    st.caption("Indicateurs clés : " + ", ".join(eng.registry.get(i).label for i in p["indicators"]))
                else:
                    st.caption(f"Plan transversal : {p['transversal']}")
                st.caption(f"Pilote : {p['pilote_elu'] or 'non renseigné'} · Direction : {p['direction'] or 'non renseignée'} · "
                           f"Partenaires : {p['partenaires'] or 'non renseignés'} · Statut : {p['statut'] or 'non renseigné'}")

st.header("Pilotage des plans d'actions")
st.caption("Chaque plan est piloté par un élu et une direction opérationnelle (section V). Les modifications sont enregistrées dans data/plan/steering.csv, la version précédente est conservée.")
unlocked = analyst()
if not unlocked:
    st.info(locked_reason())
edited = st.data_editor(catalogue.steering, hide_index=True, width="stretch", disabled=["plan"] if unlocked else True, key="steering-editor",
                        column_config={"statut": st.column_config.SelectboxColumn("statut", options=list(STATUSES))})
if unlocked and st.button("Enregistrer le pilotage", key="save-steering"):
    try:
        write_steering(data_dir() / "plan" / "steering.csv", edited)
        clear_all()
        st.success("Pilotage enregistré ; la version précédente est conservée (steering.previous.csv).")
    except AbsError as err:
        st.error(str(err))
