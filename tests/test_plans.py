"""The plan catalogue: counts, exact adopted texts, integrity rules and links."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from abs.errors import DataFileInvalid
from abs.paths import data_dir
from abs.plan_import import parse_plan
from abs.plans import load_catalogue, write_steering

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "projet-municipal-cohesion-sociale-2022-2026.md"
CAT = load_catalogue()


def test_counts():
    assert [len(CAT.of_kind(k)) for k in ("politique", "operationnel", "plan")] == [3, 12, 72]
    assert [len(CAT.children(o.id)) for o in CAT.of_kind("operationnel")] == [6] * 12


def test_catalogue_is_what_the_seed_says():
    items = parse_plan(SEED.read_text(encoding="utf-8"))
    shipped = yaml.safe_load((data_dir() / "plan" / "catalogue.yaml").read_text(encoding="utf-8"))["items"]
    assert items == shipped


def test_split_sentences_are_held_whole():
    assert CAT.get("1.1.6").text == ("Accompagner nos professionnels face à l'enjeu d'adaptation des compétences à la "
                                     "complexification des problématiques et des publics accueillis")
    assert CAT.get("1.3.4").text == ("Favoriser le maintien du lien social et intergénérationnel pour les personnes âgées, en "
                                     "développant, dans le cadre d'une labellisation « Ville amie des aînés », tout un ensemble "
                                     "d'actions visant à maintenir les personnes dans une dynamique de vie sociale")


def test_exact_texts_of_several_items():
    assert CAT.get("3.2.1").text == ("Mener à son terme l’ambitieux programme de rénovation urbaine du quartier de Marmiers, "
                                     "pour notamment y dé-densifier l’habitat social, et redonner à ce quartier davantage de mixité")
    assert CAT.get("2.1.4").text == ("Intégrer l'enjeu de la prévention situationnelle dans la conception de nos aménagements "
                                     "urbains, pour permettre à chacun de vivre sereinement dans l'espace public")
    assert CAT.get("2").text == ("Créer les conditions du vivre ensemble, du lien social et de la relation humaine au sein de "
                                 "notre ville, en agissant contre le repli sur l'espace privé, et en s'inscrivant au contraire "
                                 "comme une « ville des espaces publics »")
    assert CAT.get("1.2").title == "Accès aux droits"


def test_links_of_a_few_issues():
    assert [(p.id, r) for p, r in CAT.plans_for_issue("sante")] == [
        ("1.3.3", "Le contrat local de santé vise le maintien d'une offre de soins sur la ville."),
        ("1.3.6", "La prise en charge des personnes dépendantes fait partie de l'offre de soins."),
        ("3.1.5", "Le plan vise le maintien d'une offre de santé et d'accès aux soins.")]
    assert [p.id for p, _ in CAT.plans_for_issue("monoparentalite")] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5"]
    assert [i for i, _ in CAT.issues_for_plan("3.2.1")] == ["concentration_quartiers", "logement"]
    assert len(CAT.links) == 80 and len(CAT.transversal) == 19


def test_coverage_matrix():
    issues = [i["id"] for i in yaml.safe_load((data_dir() / "issues.yaml").read_text(encoding="utf-8"))["issues"]]
    m = CAT.coverage(issues)
    assert m.shape == (9, 12)
    assert m.loc["vieillissement"].to_dict() == {"1.1": 0, "1.2": 1, "1.3": 6, "1.4": 1, "2.1": 0, "2.2": 0, "2.3": 0,
                                                  "2.4": 0, "3.1": 0, "3.2": 0, "3.3": 0, "3.4": 0}
    assert int(m.values.sum()) == 80


@pytest.fixture()
def broken(tmp_path):
    """A copy of data/ to break one rule at a time."""
    dest = tmp_path / "data"
    shutil.copytree(data_dir(), dest, ignore=shutil.ignore_patterns("snapshots"))
    return dest


def _edit(path: Path, fn):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _messages(folder: Path) -> list[str]:
    with pytest.raises(DataFileInvalid) as err:
        load_catalogue(folder / "plan")
    return [p.message for p in err.value.problems]


def test_missing_plan_is_reported(broken):
    _edit(broken / "plan/catalogue.yaml", lambda d: d["items"].pop(5))
    assert "élément « 1.1.4 » absent (attendu : 3 objectifs politiques x 4 opérationnels x 6 plans)." in _messages(broken)


def test_duplicate_and_empty_text_are_reported(broken):
    def change(d):
        d["items"][3]["id"] = "1.1.1"
        d["items"][4]["text"] = " "
    _edit(broken / "plan/catalogue.yaml", change)
    msgs = _messages(broken)
    assert "identifiant « 1.1.1 » en double." in msgs and "« 1.1.3 » : texte vide." in msgs


def test_dangling_link_and_orphan_plan_are_reported(broken):
    def change(d):
        d["links"].append({"plan": "9.9.9", "issue": "nope", "rationale": "x"})
        d["transversal"] = [t for t in d["transversal"] if t["plan"] != "2.4.1"]
    _edit(broken / "plan/links.yaml", change)
    assert _messages(broken) == ["lien vers un plan inexistant « 9.9.9 ».", "lien vers un enjeu inexistant « nope ».",
                                 "le plan « 2.4.1 » ne répond à aucun enjeu et n'est pas marqué transversal."]


def test_issue_without_plan_is_reported(broken):
    _edit(broken / "plan/links.yaml", lambda d: d.update(links=[l for l in d["links"] if l["issue"] != "sante"]))
    msgs = _messages(broken)
    assert msgs == ["l'enjeu « sante » n'a aucun plan d'actions."]


def test_steering_is_empty_by_default_and_saved_with_its_previous_version(broken):
    cat = load_catalogue(broken / "plan")
    assert (cat.steering[["pilote_elu", "direction", "partenaires", "statut"]] == "").all().all()
    table = cat.steering.copy()
    table.loc[table.plan == "1.2.3", "statut"] = "en cours"
    write_steering(broken / "plan/steering.csv", table)
    assert load_catalogue(broken / "plan").steering.set_index("plan").at["1.2.3", "statut"] == "en cours"
    assert (broken / "plan/steering.previous.csv").read_text(encoding="utf-8").count(",,,,") == 72
    table.loc[table.plan == "1.2.3", "statut"] = "fini ?"
    with pytest.raises(DataFileInvalid):
        write_steering(broken / "plan/steering.csv", table)
    assert "en cours" in (broken / "plan/steering.csv").read_text(encoding="utf-8")
