"""Exact figures of the real extracts, through the snapshot and the indicator engine."""
from __future__ import annotations

import pytest


def test_population_2022_of_aurillac_and_cantal(engine, places):
    assert engine.value("population", places["aurillac"], "2022").value == 26189
    cantal = engine.value("population", places["cantal"], "2022")
    assert cantal.value == 144399
    assert cantal.sources == ("rp2022_comparateur",)


def test_population_history_of_aurillac(engine, places):
    assert [(v.year, v.value) for v in engine.series("population", places["aurillac"])] == [
        ("2011", 27338), ("2016", 25954), ("2022", 26189)]
    assert [(v.year, v.value) for v in engine.series("population_legale", places["aurillac"])] == [
        ("2016", 25954), ("2019", 25593), ("2020", 25703), ("2022", 26189), ("2023", 26214)]


def test_cantal_population_series_joins_insee_pages_and_census_sums(engine, places):
    series = [(v.year, v.value) for v in engine.series("population", places["cantal"])]
    assert series == [("1968", 169330), ("1975", 166549), ("1982", 162838), ("1990", 158723), ("1999", 150778),
                      ("2006", 149682), ("2009", 148380), ("2011", 147577), ("2014", 146618), ("2016", 145969),
                      ("2020", 144379), ("2022", 144399)]


def test_one_person_households(engine, places):
    v = engine.value("part_menages_1pers", places["aurillac"], "2022")
    assert round(v.numerator) == 7943 and round(v.denominator) == 14409
    assert round(v.value, 1) == 55.1
    assert v.sources == ("rp2022_dossier", "rp2022_comparateur")


def test_single_parent_families(engine, places):
    assert round(engine.value("familles_monoparentales", places["aurillac"], "2022").value) == 1242
    assert round(engine.value("part_familles_monoparentales", places["aurillac"], "2022").value, 1) == 42.2


def test_filosofi_2021_of_aurillac(engine, places):
    assert engine.value("revenu_median", places["aurillac"], "2021").value == 21860
    poverty = engine.value("taux_pauvrete", places["aurillac"], "2021")
    assert poverty.value == 16.0 and poverty.sources == ("rp2022_comparateur",)


def test_filosofi_2019_of_iris_marmiers(engine, places):
    assert engine.value("revenu_median", places["iris_marmiers"], "2019").value == 16470
    assert engine.value("taux_pauvrete", places["iris_marmiers"], "2019").value == 30.1


def test_caf_2020_of_iris_marmiers(engine, places):
    assert engine.value("caf_allocataires", places["iris_marmiers"], "2020").value == 418
    rsa = engine.value("caf_part_rsa", places["iris_marmiers"], "2020")
    assert (rsa.numerator, rsa.denominator) == (98, 418)
    assert rsa.sources == ("caf_iris_2020",)


@pytest.mark.parametrize("territory,column,indicator,decimals", [
    ("aurillac", "part_60plus_pct", "part_60p", 1),
    ("aurillac", "part_75plus_pct", "part_75p", 1),
    ("aurillac", "indice_vieillissement_60plus_sur_0014", "indice_vieillissement", 1),
    ("aurillac", "part_menages_1pers_pct", "part_menages_1pers", 1),
    ("aurillac", "part_familles_monoparentales_parmi_familles_avec_enfants_pct", "part_familles_monoparentales", 1),
    ("aurillac", "part_logements_vacants_pct", "taux_vacance", 1),
    ("aurillac", "part_RP_proprietaires_pct", "part_proprietaires", 1),
    ("aurillac", "taux_chomage_1564_pct", "taux_chomage_1564", 1),
    ("aurillac", "taux_activite_1564_pct", "taux_activite_1564", 1),
    ("aurillac", "solde_naturel_2016_2021", "solde_naturel", 0),
    ("aurillac", "solde_migratoire_apparent_2016_2022", "solde_migratoire", 0),
    ("cantal", "part_60plus_pct", "part_60p", 1),
    ("cantal", "part_75plus_pct", "part_75p", 1),
    ("cantal", "indice_vieillissement_60plus_sur_0014", "indice_vieillissement", 1),
    ("cantal", "part_menages_1pers_pct", "part_menages_1pers", 1),
    ("cantal", "part_familles_monoparentales_parmi_familles_avec_enfants_pct", "part_familles_monoparentales", 1),
    ("cantal", "part_logements_vacants_pct", "taux_vacance", 1),
    ("cantal", "part_RP_proprietaires_pct", "part_proprietaires", 1),
    ("cantal", "taux_chomage_1564_pct", "taux_chomage_1564", 1),
    ("cantal", "taux_activite_1564_pct", "taux_activite_1564", 1),
    ("cantal", "solde_naturel_2016_2021", "solde_naturel", 0),
    ("cantal", "solde_migratoire_apparent_2016_2022", "solde_migratoire", 0),
])
def test_engine_agrees_with_the_derived_check_file(engine, places, raw, territory, column, indicator, decimals):
    """The provenance author's independent computation (DERIVED_indicators_…csv) is met to its rounding."""
    import pandas as pd
    derived = pd.read_csv(raw / "DERIVED_indicators_15014_vs_dep15_RP2022.csv")
    row = derived.iloc[0 if territory == "aurillac" else 1]
    assert round(engine.latest(indicator, places[territory]).value, decimals) == pytest.approx(float(row[column]))


def test_cantal_sums_a_secret_commune_figure_as_secret(engine):
    obs = engine.snapshot.observations
    row = obs[(obs.level == "DEP") & (obs.variable == "NBMENFISC21")]
    assert row[["status", "source"]].values.tolist() == [["secret", "rp2022_comparateur"]]
    assert row["value"].isna().all()
