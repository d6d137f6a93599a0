"""Neighbourhood aggregation, non-aggregable figures and typed errors of the indicator engine."""
from __future__ import annotations

import pytest

from abs.errors import IndicatorUnavailable, NotAggregable, UnknownIndicator
from abs.territory import Territory


def _iris(code):
    return Territory("IRIS", code, code)


def test_neighbourhood_rate_is_sum_of_numerators_over_sum_of_denominators(engine, places):
    members = [engine.value("caf_part_rsa", _iris(c), "2020") for c in places["alc"].members]
    alc = engine.value("caf_part_rsa", places["alc"], "2020")
    assert alc.numerator == sum(m.numerator for m in members) == 133
    assert alc.denominator == sum(m.denominator for m in members) == 1659
    assert alc.value == pytest.approx(133 / 1659 * 100)
    assert alc.value != pytest.approx(sum(m.value for m in members) / 3)


def test_marmiers_neighbourhood_equals_its_single_iris(engine, places):
    assert engine.series("part_60p", places["marmiers"]) == [
        v.__class__(**{**v.__dict__, "territory": "NBH:marmiers"}) for v in engine.series("part_60p", places["iris_marmiers"])]


def test_median_of_a_neighbourhood_is_refused_and_given_per_iris(engine, places):
    with pytest.raises(NotAggregable) as err:
        engine.series("revenu_median", places["alc"])
    assert "ne s'additionne pas" in str(err.value)
    per_iris = engine.by_member("revenu_median", places["alc"])
    assert [(t.name, v.year, v.value) for t, v in per_iris] == [
        ("Belbex", "2019", 21420), ("Vialenc", "2019", 22090), ("Alouettes", "2019", 23410)]


def test_secret_iris_poverty_rate_stays_secret(engine):
    vialenc = engine.value("taux_pauvrete", _iris("150140106"), "2019")
    assert (vialenc.status, vialenc.value, vialenc.note) == ("secret", None, "secret statistique")


def test_neighbourhood_with_an_iris_missing_from_the_source_is_missing():
    from abs.engine import default_engine
    eng = default_engine()
    nbh = Territory("NBH", "test", "Test", ("150140111", "150140109"))
    v = eng.value("part_60p", nbh, "2016")
    assert (v.status, v.value) == ("missing", None)


def test_cap_blanc_without_perimeter_says_so(engine, places):
    with pytest.raises(IndicatorUnavailable) as err:
        engine.series("part_60p", places["cap_blanc"])
    assert "périmètre du quartier à définir" in str(err.value)


def test_level_not_covered_raises_a_typed_error(engine, places):
    with pytest.raises(IndicatorUnavailable) as err:
        engine.series("caf_part_rsa", places["aurillac"])
    assert str(err.value) == ("L'indicateur « Part des allocataires percevant le RSA » n'est pas disponible pour "
                              "Aurillac (commune) : non publié à l'échelle commune.")


def test_unknown_indicator(engine, places):
    with pytest.raises(UnknownIndicator):
        engine.series("nope", places["aurillac"])


def test_computed_demographic_components(engine, places):
    a = places["aurillac"]
    assert [(v.year, round(v.value, 2)) for v in engine.series("evolution_annuelle", a)] == [("2011-2016", -1.03), ("2016-2022", 0.15)]
    nat = engine.value("variation_solde_naturel", a, "2016-2022").value
    mig = engine.value("variation_solde_migratoire", a, "2016-2022").value
    assert nat + mig == pytest.approx(engine.value("evolution_annuelle", a, "2016-2022").value)
    assert round(engine.value("taux_mortalite", a, "2016-2022").value, 2) == round(2490 / 6 / ((25954 + 26189) / 2) * 1000, 2)


def test_citation_names_source_and_year(engine, places):
    v = engine.value("revenu_median", places["iris_marmiers"], "2019")
    assert engine.citation(v) == "Source : Insee, Filosofi, revenus disponibles par IRIS (Filosofi 2019) — valeur 2019"
