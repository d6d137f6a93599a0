"""The diagnostic's issues on the real data: severities, rules, findings, fragility ranking."""
from __future__ import annotations

import pytest

from abs.analysis import default_analysis, evaluate_rule, level_for
from abs.engine import default_engine
from abs.fragility import compute

NB = "\u00a0"
RESULTS = {r.id: r for r in default_analysis()}


def test_every_issue_of_section_iii_is_computed():
    assert list(RESULTS) == ["declin_demographique", "vieillissement", "monoparentalite", "pauvrete", "isolement",
                             "emploi_insertion", "sante", "logement", "concentration_quartiers"]


def test_severities_the_rules_give():
    assert {k: (r.severity_label, [x.level for x in r.rules]) for k, r in RESULTS.items()} == {
        "declin_demographique": ("modérée", [0, 1]), "vieillissement": ("modérée", [1, 0]),
        "monoparentalite": ("forte", [2, 2]), "pauvrete": ("modérée", [1, 1]), "isolement": ("forte", [2]),
        "emploi_insertion": ("forte", [2, 1]), "sante": ("forte", [2]), "logement": ("modérée", [1]),
        "concentration_quartiers": ("forte", [2, 2]),
    }


def test_rule_text_and_measure_are_shown():
    rule = RESULTS["vieillissement"].rules[0]
    assert rule.rule == ("Part des 75 ans ou plus : écart défavorable entre Aurillac et CA du Bassin d'Aurillac à la même date"
                         " — modérée dès 1,0 points, forte dès 2,0 points")
    assert rule.measured == f"+1,9 points en 2022 (14,2{NB}% contre 12,3{NB}%)"


def test_findings_of_ageing():
    assert RESULTS["vieillissement"].findings == [
        f"La part des 75 ans ou plus atteint 14,2{NB}% à Aurillac en 2022, contre 12,3{NB}% dans l'agglomération et 14,2{NB}% dans le Cantal (même année).",
        "L'indice de vieillissement est de 284,5 personnes de 60 ans ou plus pour 100 jeunes de moins de 15 ans en 2022 (275,7 dans le Cantal).",
        f"Les 90 ans ou plus représentent 3,0{NB}% de la population en 2022, contre 2,1{NB}% dans le Cantal.",
    ]


def test_findings_of_poverty_say_which_years_they_compare():
    assert RESULTS["pauvrete"].findings == [
        f"En 2021, 16,0{NB}% des habitants d'Aurillac vivent sous le seuil de pauvreté ; le revenu disponible médian est de 21{NB}860{NB}€ par unité de consommation.",
        f"En 2019, le revenu médian d'Aurillac (20{NB}940{NB}€) est inférieur à celui de l'agglomération (21{NB}750{NB}€) ; le rapport interdécile y est de 3,1 contre 2,7 dans le Cantal.",
        f"Par IRIS (Filosofi 2019), le taux de pauvreté culmine à 30,1{NB}% à Marmiers, contre 9,1{NB}% à République.",
        f"Dans le quartier prioritaire, le taux de pauvreté est de 42,0{NB}% en 2019 (ensemble des QPV : 43,6{NB}%).",
    ]
    assert RESULTS["pauvrete"].left_out == []


def test_findings_of_demographic_decline():
    assert RESULTS["declin_demographique"].findings == [
        f"Aurillac compte 26{NB}189 habitants en 2022 (27{NB}338 en 2011).",
        f"Sur la période 2016-2022, la population a varié de +0,15{NB}% par an : −0,82{NB}% par an dus au solde naturel et +0,97{NB}% par an au solde migratoire apparent.",
        f"Sur 2016-2021, les décès dépassent les naissances de 1{NB}274 personnes ; en 2024, 434 décès pour 174 naissances.",
    ]


def test_health_states_what_is_missing():
    sante = RESULTS["sante"]
    assert sante.missing[0].startswith("Médecins généralistes pour 10 000 habitants et accessibilité potentielle localisée (APL, DREES)")
    assert sante.findings[2] == "La base permanente des équipements recense 15 pharmacies à Aurillac en 2024."


def test_issue_tables_carry_values_and_reasons():
    cells = {c.territory.key: c for c in RESULTS["pauvrete"].indicators["revenu_median"]}
    assert cells["COM:15014"].value.value == 21860 and cells["COM:15014"].value.year == "2021"
    assert cells["NBH:alc"].value is None and "ne s'additionne pas" in cells["NBH:alc"].reason
    assert cells["IRIS:150140111"].value.value == 16470
    trend = RESULTS["pauvrete"].trend
    assert [(v.year, v.value) for v in trend] == [("2021", 16.0)]


def test_fragility_ranking_of_the_iris():
    f = compute(default_engine())
    assert f.table["name"].tolist() == ["Marmiers", "Tivoli", "Saint-Géraud", "Ponétie", "Belbex", "Saint-Eugène", "Tronquières",
                                        "Limagne", "Aristide Briand", "Vialenc", "République", "Zone Verte", "Alouettes"]
    assert round(f.table["index"].iloc[0], 2) == 83.67
    assert f.components[["component", "year", "weight"]].values.tolist() == [
        ["revenu_median", "2019", 1.0], ["part_prestations_sociales", "2019", 1.0], ["caf_part_rsa", "2020", 1.0],
        ["caf_part_monoparents", "2020", 1.0], ["caf_part_aah", "2020", 1.0]]
    marmiers = f.table.iloc[0]
    assert marmiers["revenu_median"] == 100.0 and marmiers["caf_part_rsa"] == 100.0


@pytest.mark.parametrize("measure,level", [(-0.1, 0), (0.0, 0), (0.99, 0), (1.0, 1), (1.5, 1), (2.0, 2), (9.0, 2)])
def test_level_boundaries(measure, level):
    assert level_for(measure, [1.0, 2.0]) == level


@pytest.mark.parametrize("thresholds,level", [([1.91, 5], 0), ([1.90, 5], 1), ([1.0, 1.91], 1), ([1.0, 1.90], 2)])
def test_compare_rule_edges_on_real_gap(thresholds, level):
    """The 75+ gap Aurillac - agglomeration is 1.9079 points (2022): the bounds bite on either side."""
    rule = {"type": "compare", "indicator": "part_75p", "territory": "COM", "reference": "EPCI", "measure": "points", "thresholds": thresholds}
    assert evaluate_rule(default_engine(), rule).level == level


@pytest.mark.parametrize("thresholds,level", [([16.0, 20], 1), ([16.01, 20], 0), ([10, 16.0], 2)])
def test_threshold_rule_edges(thresholds, level):
    rule = {"type": "threshold", "indicator": "taux_pauvrete", "territory": "COM", "thresholds": thresholds}
    assert evaluate_rule(default_engine(), rule).level == level


def test_sign_rule_in_both_directions():
    eng = default_engine()
    assert evaluate_rule(eng, {"type": "sign", "indicator": "solde_naturel", "territory": "COM", "level": 2}).level == 2
    assert evaluate_rule(eng, {"type": "sign", "indicator": "solde_migratoire", "territory": "COM", "level": 2}).level == 0


def test_rule_without_common_year_is_not_evaluated():
    rule = {"type": "compare", "indicator": "taux_pauvrete", "territory": "COM", "reference": "FRM", "measure": "points", "thresholds": [1, 2]}
    result = evaluate_rule(default_engine(), rule)
    assert result.level is None and result.measured == "non évaluée : taux_pauvrete: pas d'année commune"
