"""The registry is data: every entry valid, every variable present, every level served by the snapshot."""
from __future__ import annotations

import re

import pytest
import yaml

from abs.errors import DataFileInvalid
from abs.registry import _check, load_registry, pattern_regex

REGISTRY = load_registry()


@pytest.mark.parametrize("ind", REGISTRY.indicators, ids=lambda i: i.id)
def test_every_indicator_resolves_to_its_declared_source_at_every_declared_level(engine, ind):
    from abs.sources import load_source_specs, source_family
    family = {s["id"]: source_family(s) for s in load_source_specs()}
    obs = engine.snapshot.observations
    for variant in ind.variants:
        found = set()
        for pattern in (*variant.num, *variant.den):
            rx = pattern_regex(pattern)
            hits = obs[obs["variable"].str.match(rx) & obs["level"].isin(variant.levels)]
            assert len(hits), f"{ind.id}: {pattern} not in snapshot at {variant.levels}"
            assert set(hits["source"]) <= set(engine.snapshot.sources["id"])
            found |= {family[s] for s in hits["source"]}
        assert found == set(variant.source), f"{ind.id}: declared {variant.source}, found {found}"


def test_pattern_regex():
    assert pattern_regex("P{yy}_POP").match("P22_POP") and not pattern_regex("P{yy}_POP").match("P22_POP0014")
    assert pattern_regex("NAIS{p}").match("NAIS1621")
    assert pattern_regex("BPE_{yyyy}_D307").match("BPE_2024_D307")
    assert pattern_regex("POP2 | population | total").match("POP2 | population | total")


def test_broken_registry_reports_every_problem_at_once():
    doc = {"themes": {"age": "Âges"}, "indicators": [
        {"id": "a", "label": "A", "theme": "age", "unit": "%", "decimals": 1, "definition": "d",
         "variants": [{"levels": ["COM"], "kind": "ratio", "num": ["X"], "source": ["comparateur"]}]},
        {"id": "a", "label": "B", "theme": "nope", "unit": "%", "decimals": 1, "definition": "d",
         "variants": [{"levels": ["MARS"], "kind": "magic", "num": [], "source": ["comparateur"]}]},
        {"id": "c", "theme": "age", "unit": "%", "decimals": 1, "definition": "d",
         "variants": [{"levels": ["COM"], "kind": "computed", "computation": "nope", "num": ["X"], "source": ["rumeur"]}]},
    ]}
    assert [p.message for p in _check(doc)] == [
        "indicateur « a » : un ratio demande un dénominateur.",
        "indicateur « a » déclaré deux fois.",
        "indicateur « a » : thème inconnu « nope ».",
        "indicateur « a » : type de calcul inconnu « magic ».",
        "indicateur « a » : niveaux invalides ['MARS'].",
        "indicateur « a » : aucune variable au numérateur.",
        "indicateur « c » : champ « label » absent.",
        "indicateur « c » : source absente ou inconnue ['rumeur'].",
        "indicateur « c » : calcul nommé inconnu « nope ».",
    ]


def test_load_refuses_a_broken_file(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text(yaml.safe_dump({"themes": {}, "indicators": [{"id": "x"}]}), encoding="utf-8")
    with pytest.raises(DataFileInvalid) as err:
        load_registry(path)
    assert "champ « label » absent" in str(err.value)


def test_every_indicator_documents_unit_and_definition():
    for ind in REGISTRY.indicators:
        assert ind.label and ind.unit and len(ind.definition) > 20, ind.id
        assert re.fullmatch(r"[a-z0-9_]+", ind.id)


def test_json_copy_of_the_registry_follows_the_yaml(tmp_path):
    import shutil
    from abs.paths import data_dir
    path = tmp_path / "indicators.yaml"
    shutil.copy(data_dir() / "indicators.yaml", path)
    first = load_registry(path)
    copies = list((tmp_path / "cache").glob("indicators.*.json"))
    assert len(copies) == 1
    path.write_text(path.read_text(encoding="utf-8").replace("label: Population municipale\n", "label: Population\n", 1), encoding="utf-8")
    from abs.registry import _load
    _load.cache_clear()
    second = load_registry(path)
    assert first.get("population").label == "Population municipale" and second.get("population").label == "Population"
    assert len(list((tmp_path / "cache").glob("indicators.*.json"))) == 1
