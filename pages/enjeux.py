"""Enjeux et plans d'actions: each issue with figures, findings, severity rule and the plans that answer it."""
from __future__ import annotations

import streamlit as st

from abs import charts
from abs.analysis import default_analysis
from abs.plans import load_catalogue
from abs.views import coverage_table, history, issue_chart_table, issue_table, plans_table, rules_table
from pages._shared import chart, engine, figure, through_app

through_app()

eng = engine()
results = {r.id: r for r in default_analysis()}
catalogue = load_catalogue()
st.title("Enjeux du diagnostic et plans d'actions")

view = st.segmented_control("Vue", ["Un enjeu", "Des enjeux aux plans"], default="Un enjeu", key="enjeux-view")
if view == "Des enjeux aux plans":
    issues = [(i, x.title) for i, x in results.items()]
    ops = [(o.id, f"{o.id} {o.title}") for o in catalogue.of_kind("operationnel")]
    linked = sorted({l.plan for l in catalogue.links})
    plan_nodes = [(p, f"{p} {catalogue.get(p).title}") for p in linked]
    chart(charts.sankey(issues, ops, plan_nodes, [(l.issue, l.plan) for l in catalogue.links], "Enjeux → objectifs opérationnels → plans d'actions"),
          "sankey", "Liens issus de data/plan/links.yaml (relus et modifiables). Source : projet municipal de cohésion sociale 2022-2026.")
    st.subheader("Couverture : nombre de plans par enjeu et objectif opérationnel")
    st.dataframe(coverage_table(catalogue, list(results.values())), width="stretch")
    transversal = [f"{p} {catalogue.get(p).title} — {why}" for p, why in catalogue.transversal.items()]
    st.subheader(f"{len(transversal)} plans transversaux (sans enjeu du diagnostic)")
    st.markdown("\n".join(f"- {t}" for t in transversal))
    st.stop()

ids = list(results)
st.session_state.setdefault("issue", ids[0])
issue_id = st.selectbox("Enjeu", ids, key="issue", format_func=lambda i: results[i].title)
r = results[issue_id]

st.header(r.title)
st.markdown(f"*Le diagnostic (section III) :* « {r.diagnostic} »")
st.markdown(f"**Intensité : {r.severity_label}** — la plus forte des règles ci-dessous.")
st.dataframe(rules_table(r), hide_index=True, width="stretch")
st.subheader("Constats")
for f in r.findings:
    st.markdown(f"- {f}")
for m in r.missing:
    st.warning(m)

key = eng.registry.get(r.key_indicator)
chart_table = issue_chart_table(eng, r)
figure(charts.bars(chart_table, key.label, key.unit, highlight=eng.study.commune.name), chart_table, f"enjeu-{r.id}", key.definition)
if len(r.trend) >= 2:
    trend = history(eng, r.key_indicator, [eng.study.commune])
    figure(charts.lines(trend, f"{key.label} : évolution à {eng.study.commune.name}", key.unit), trend, f"tendance-{r.id}")
with st.expander("Tous les indicateurs de l'enjeu, par territoire"):
    st.dataframe(issue_table(eng, r), hide_index=True, width="stretch")

plans = plans_table(catalogue, r.id)
st.subheader(f"{len(plans)} plans d'actions répondent à cet enjeu")
st.dataframe(plans, hide_index=True, width="stretch")

