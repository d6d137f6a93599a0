"""Every page runs in Streamlit's AppTest and shows the real figures."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest


APP = str(Path(__file__).resolve().parent.parent / "app.py")
NB = "\u00a0"


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    """Run every AppTest run as a served app runs after its first run: with app.py's navigation.

    AppTest resets Streamlit's "pages/ directory" mode before each run, so each run would go through
    the one-off rerun of pages._shared.through_app and lose a button click. The browser test covers
    that first run on a real server.
    """
    from streamlit.runtime.pages_manager import PagesManager
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False
    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture()
def app(private_data):
    """The app on a private copy of data/, so pages that save (perimeters, remarks) touch nothing shipped."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at, private_data


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_synthese_shows_key_figures_and_nine_issue_cards(app):
    at, _ = app
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Population municipale (2022)"] == f"26{NB}189"
    assert metrics["Taux de pauvreté (seuil à 60 %) (2021)"] == f"16,0{NB}%"
    assert metrics["Revenu disponible médian par unité de consommation (2021)"] == f"21{NB}860{NB}€"
    assert len([b for b in at.button if b.key and b.key.startswith("open-")]) == 9
    assert any("Source : Insee, Comparateur de territoires (base communale) — valeur 2022" in c.value for c in at.caption)
    assert [b.label for b in at.get("download_button")] == ["Diaporama (PowerPoint)", "Classeur (Excel)", "Rapport (PDF)"]


def test_card_button_opens_its_issue(app):
    at, _ = app
    at.button(key="open-sante").click().run()
    assert at.session_state["issue"] == "sante"
    assert at.title[0].value == "Enjeux du diagnostic et plans d'actions"
    assert at.header[0].value == "Offre de santé et démographie médicale"


def test_commune_page(app):
    at = open_page(app[0], "commune")
    assert len(at.get("plotly_chart")) == 1
    comps = at.dataframe[0].value
    row = comps[(comps.indicateur == "Variation annuelle moyenne de la population") & (comps.territoire == "Aurillac")]
    assert row[["affichage", "année"]].values.tolist() == [[f"+0,15{NB}% par an", "2016-2022"]]
    assert any(c.value.startswith("Sources : Insee, Dossier complet (extrait) ; Insee, Comparateur") for c in at.caption)
    assert [b.label for b in at.get("download_button")] == ["Télécharger l'image (PNG)", "Télécharger les données (CSV)"]


def test_commune_themes_and_chosen_territory(app):
    at = open_page(app[0], "commune")
    at.segmented_control(key="commune-theme").set_value("Emploi").run()
    assert len(at.get("plotly_chart")) == 4
    assert any(c.value.startswith("Source : Insee, Comparateur de territoires (base communale) — année 2022.") for c in at.caption)
    at.sidebar.selectbox(key="territory").set_value("NBH:marmiers").run()
    assert at.title[0].value == "Marmiers : portrait"
    at.segmented_control(key="commune-theme").set_value("Âges").run()
    chart = at.get("plotly_chart")[0].proto.spec
    assert "Quartier Marmiers (2016)" in chart and "Cantal (2022)" in chart


def test_quartiers_page_values_and_perimeters(app):
    at = open_page(app[0], "quartiers")
    table = at.dataframe[0].value.set_index("territoire")
    assert table.at["Quartier Marmiers", "affichage"] == f"23,4{NB}%"
    assert table.at["Quartier ALC Quartiers Ouest", "affichage"] == f"8,0{NB}%"
    assert table.at["Quartier Cap Blanc", "statut"] == "périmètre du quartier à définir (aucun IRIS)"
    per = at.dataframe[3].value.set_index("quartier")
    assert per.at["ALC Quartiers Ouest", "IRIS"] == "Belbex, Vialenc, Alouettes"
    assert per.at["Cap Blanc", "statut"] == "périmètre à définir"
    assert len(at.get("plotly_chart")) == 3
    assert any("Carte des IRIS : aucun contour d'IRIS n'est importé" in i.value for i in at.info)
    components = at.dataframe[1].value
    assert components["composante"].tolist() == ["Revenu disponible médian par unité de consommation",
                                                 "Part des prestations sociales dans le revenu disponible", "Part des allocataires percevant le RSA",
                                                 "Part des allocataires monoparents", "Part des allocataires percevant l'AAH"]
    ranking = at.dataframe[2].value
    assert ranking["IRIS"].tolist()[:3] == ["Marmiers", "Tivoli", "Saint-Géraud"] and ranking["indice"].iloc[0] == 83.7


def test_median_is_shown_per_iris_not_averaged(app):
    at = open_page(app[0], "quartiers")
    at.selectbox(key="nbh-indicator").set_value("revenu_median").run()
    table = at.dataframe[0].value.set_index("territoire")
    assert table.at["Quartier ALC Quartiers Ouest", "affichage"] == "non disponible"
    assert table.at["Belbex", "affichage"] == f"21{NB}420{NB}€"
    assert any("ne s'additionne pas" in w.value for w in at.warning)


def test_data_changes_are_locked_without_the_analyst_secret(app):
    at = open_page(app[0], "quartiers")
    assert any(i.value.startswith("Modifications désactivées : aucun code analyste n'est configuré") for i in at.info)
    assert not [m for m in at.multiselect if m.key and m.key.startswith("per-")]
    open_page(at, "sources")
    assert any(i.value.startswith("Modifications désactivées") for i in at.info)
    assert "analyst-code" not in [t.key for t in at.sidebar.text_input]


def unlock(at, monkeypatch, code="s3cret-test"):
    monkeypatch.setenv("ABS_ANALYST_SECRET", "s3cret-test")
    at.run()
    at.sidebar.text_input(key="analyst-code").input(code).run()


def test_wrong_code_keeps_controls_locked(app, monkeypatch):
    at, _ = app
    unlock(at, monkeypatch, code="devine")
    open_page(at, "quartiers")
    assert any(i.value == "Modifications désactivées : saisissez le code analyste dans la barre latérale." for i in at.info)


def test_perimeter_editor_saves_keeps_previous_and_undoes(app, monkeypatch):
    at, data = app
    unlock(at, monkeypatch)
    open_page(at, "quartiers")
    at.multiselect(key="per-cap_blanc").set_value(["150140105"])
    at.button(key="FormSubmitter:perimeters-Enregistrer les périmètres").click().run()
    assert not at.exception
    doc = yaml.safe_load((data / "neighbourhoods.yaml").read_text(encoding="utf-8"))
    cap = next(n for n in doc["neighbourhoods"] if n["id"] == "cap_blanc")
    assert cap["iris"] == ["150140105"] and cap["status"] == "défini par l'utilisateur (à valider par le CCAS)"
    assert (data / "neighbourhoods.previous.yaml").exists()
    table = at.dataframe[0].value.set_index("territoire")
    assert table.at["Quartier Cap Blanc", "affichage"] == f"14,6{NB}%"
    at.button(key="undo-perimeters").click().run()
    doc = yaml.safe_load((data / "neighbourhoods.yaml").read_text(encoding="utf-8"))
    assert next(n for n in doc["neighbourhoods"] if n["id"] == "cap_blanc")["iris"] == []


def test_enjeux_page_links_plans(app):
    at = open_page(app[0], "enjeux")
    at.selectbox(key="issue").set_value("sante").run()
    plans = at.dataframe[2].value
    assert plans["plan"].tolist() == ["1.3.3", "1.3.6", "3.1.5"]
    rules = at.dataframe[0].value
    assert rules["intensité"].tolist() == ["forte"]
    assert any(s.value.startswith("3 plans d'actions répondent") for s in at.subheader)
    assert any("APL, DREES" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 1


def test_enjeux_shows_the_commune_trend_when_there_is_one(app):
    at = open_page(app[0], "enjeux")
    assert at.selectbox(key="issue").value == "declin_demographique"
    charts = at.get("plotly_chart")
    import json
    assert len(charts) == 2
    spec = json.loads(charts[1].proto.spec)
    assert spec["layout"]["title"]["text"] == "Variation annuelle moyenne de la population : évolution à Aurillac"
    assert [p["x"] for p in spec["data"]] == [["2011-2016", "2016-2022"]]


def test_enjeux_overview_draws_the_sankey_and_coverage(app):
    at = open_page(app[0], "enjeux")
    at.segmented_control(key="enjeux-view").set_value("Des enjeux aux plans").run()
    assert '"type":"sankey"' in at.get("plotly_chart")[0].proto.spec
    coverage = at.dataframe[0].value
    assert coverage.shape == (9, 12) and int(coverage.values.sum()) == 80
    assert any(s.value == "19 plans transversaux (sans enjeu du diagnostic)" for s in at.subheader)


def test_projet_page_search_and_filters(app):
    at = open_page(app[0], "projet")
    assert any("**72 plan(s) d'actions**" in m.value for m in at.markdown)
    at.text_input(key="plan-query").input("Marmiers").run()
    assert any("**1 plan(s) d'actions**" in m.value for m in at.markdown)
    at.text_input(key="plan-query").input("").run()
    at.selectbox(key="plan-issue").set_value("sante").run()
    assert any("**3 plan(s) d'actions**" in m.value for m in at.markdown)


def test_atelier_navigation_and_remarks(app):
    at, data = app
    open_page(at, "atelier")
    assert any("<h1>Déclin démographique</h1>" in m.value for m in at.markdown)
    at.button(key="next").click().run()
    assert any("<h1>Vieillissement de la population</h1>" in m.value for m in at.markdown)
    at.text_area(key="remark-text-vieillissement").input("Penser aux aidants =SOMME(A1)")
    at.button(key="FormSubmitter:remark-vieillissement-Enregistrer la remarque").click().run()
    saved = (data / "workshop" / "remarks.csv").read_text(encoding="utf-8").splitlines()
    assert saved[0] == "horodatage,enjeu,remarque" and saved[1].endswith(",vieillissement,Penser aux aidants =SOMME(A1)")
    assert at.dataframe[0].value["remarque"].tolist() == ["Penser aux aidants =SOMME(A1)"]


def test_sources_page_versions_for_an_analyst(app, monkeypatch):
    at, _ = app
    unlock(at, monkeypatch)
    open_page(at, "sources")
    versions = at.dataframe[3].value
    assert versions["active"].tolist() == [True] and versions["observations"].tolist() == [24824]
    assert any(h.value == "Mettre à jour depuis des fichiers" for h in at.header)


def test_sources_page(app):
    at = open_page(app[0], "sources")
    sources = at.dataframe[0].value
    assert len(sources) == 50 and "licence" in sources.columns
    assert len(at.dataframe[2].value) == 81
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Observations (CSV)", "Instantané complet (Excel)"]


def test_every_page_runs_through_the_app_navigation():
    pages = sorted(Path(APP).parent.glob("pages/[!_]*.py"))
    assert len(pages) == 7
    for page in pages:
        assert "\nthrough_app()\n" in page.read_text(encoding="utf-8"), page.name


def test_sidebar_survives_page_changes(app):
    at, _ = app
    at.sidebar.selectbox(key="reference").set_value("REG:84").run()
    open_page(at, "commune")
    assert [s.key for s in at.sidebar.selectbox] == ["territory", "reference"]
    assert at.sidebar.selectbox(key="reference").value == "REG:84"
