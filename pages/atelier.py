"""Atelier: presentation mode for a projector, one issue per screen, with participants' remarks."""
from __future__ import annotations

import streamlit as st

from abs import charts
from abs.analysis import default_analysis
from abs.csvsafe import csv_bytes
from abs.errors import AbsError
from abs.plans import load_catalogue
from abs.remarks import add_remark, read_remarks
from abs.views import issue_chart_table
from pages._shared import caption, chart, engine, through_app

through_app()

eng = engine()
results = list(default_analysis())
catalogue = load_catalogue()
st.markdown("""<style>
[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"] {display: none;}
.block-container {padding-top: 1rem; max-width: 1400px;}
.atelier p, .atelier li {font-size: 1.6rem; line-height: 1.4;}
.atelier h1 {font-size: 3rem;}
</style>""", unsafe_allow_html=True)

st.session_state.setdefault("slide", 0)
n = len(results)
prev, pos, nxt = st.columns([1, 3, 1])
if prev.button("◀ Précédent", key="prev", disabled=st.session_state["slide"] == 0):
    st.session_state["slide"] -= 1
if nxt.button("Suivant ▶", key="next", disabled=st.session_state["slide"] >= n - 1):
    st.session_state["slide"] += 1
r = results[st.session_state["slide"]]
pos.markdown(f"<div style='text-align:center;font-size:1.2rem'>Enjeu {st.session_state['slide'] + 1} / {n}</div>", unsafe_allow_html=True)

st.markdown(f"<div class='atelier'><h1>{r.title}</h1><p>Intensité : <b>{r.severity_label}</b></p>"
            + "".join(f"<p>• {f}</p>" for f in r.findings[:3]) + "</div>", unsafe_allow_html=True)
key = eng.registry.get(r.key_indicator)
table = issue_chart_table(eng, r)
fig = charts.bars(table, key.label, key.unit, highlight=eng.study.commune.name)
fig.update_layout(font=dict(size=20))
chart(fig, f"atelier-{r.id}", caption(table))
st.markdown(f"<div class='atelier'><p>{len(catalogue.plans_for_issue(r.id))} plans d'actions du projet municipal y répondent.</p></div>",
            unsafe_allow_html=True)

st.subheader("Remarques des participants")
with st.form(f"remark-{r.id}", clear_on_submit=True):
    text = st.text_area("Remarque", key=f"remark-text-{r.id}")
    if st.form_submit_button("Enregistrer la remarque"):
        try:
            add_remark(r.id, text)
            st.success("Remarque enregistrée.")
        except AbsError as err:
            st.error(str(err))
remarks = read_remarks()
mine = remarks[remarks["enjeu"] == r.id]
st.dataframe(mine, hide_index=True, width="stretch")
st.download_button("Télécharger toutes les remarques (CSV)", lambda: csv_bytes(remarks), file_name="remarques-atelier.csv", mime="text/csv", key="dl-remarks")
