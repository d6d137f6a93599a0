"""The damaged-file corpus: each file gets its French answer, and the current data never change."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from abs.csvsafe import csv_bytes, xlsx_bytes
from abs.errors import ImportRefused
from abs.refresh import build_candidate, read_upload
from abs.versions import current_id, list_versions

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def tree_digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def data(private_data):
    """The private copy of data/ the test may change."""
    return private_data


def test_the_corpus_has_at_least_25_files_all_described():
    files = sorted(p.name for p in CORPUS.iterdir() if p.suffix not in {".py", ".yaml"})
    assert len(files) >= 25 and files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gets_its_answer_and_nothing_changes(name, data, monkeypatch):
    expected = EXPECTED[name]
    if "max_upload_mb" in expected:
        monkeypatch.setenv("ABS_MAX_UPLOAD_MB", str(expected["max_upload_mb"]))
    before = tree_digest(data)
    payload = (CORPUS / name).read_bytes()
    if "refused" in expected:
        with pytest.raises(ImportRefused) as err:
            read_upload(name, payload)
        messages = [p.message for p in err.value.problems]
        assert messages[:3] == expected["refused"] and len(messages) == expected["problems"]
        assert str(err.value).endswith("Aucune donnée n'a été modifiée. Corrigez le fichier ou téléchargez-le à nouveau sur insee.fr.")
        assert tree_digest(data) == before
    else:
        items = read_upload(name, payload)
        assert [i.report() for i in items] == expected["accepted"]
        candidate = build_candidate(items)
        after = tree_digest(data)
        assert {k: v for k, v in after.items() if not k.startswith(f"snapshots/{candidate}/")} == before
        assert current_id() != candidate


def test_secret_markers_are_kept_as_secret():
    items = read_upload("secrets_filosofi_2019.csv", (CORPUS / "secrets_filosofi_2019.csv").read_bytes())
    obs = items[0].observations
    vialenc = obs[(obs.code == "150140106") & (obs.variable == "DISP_TP6019")]
    assert vialenc[["status"]].values.tolist() == [["secret"]] and vialenc["value"].isna().all()


def test_formula_in_a_label_is_neutralised_in_exports():
    label = '=HYPERLINK("http://exemple.invalid")'
    assert label in (CORPUS / "formule_dans_libelle_2019.csv").read_text(encoding="utf-8")
    frame = pd.DataFrame({"territoire": [label, "+33", "-cmd", "@SUM(A1)", "Aurillac"], "valeur": [1.5, -2.0, 3.0, 4.0, 5.0]})
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)), sep=";", dtype=str, encoding="utf-8-sig")
    assert back.values.tolist() == [[f"'{label}", "1,5"], ["'+33", "-2,0"], ["'-cmd", "3,0"], ["'@SUM(A1)", "4,0"], ["Aurillac", "5,0"]]
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"t": frame})))
    cells = [c.value for c in wb["t"]["A"][1:]]
    assert cells == [f"'{label}", "'+33", "'-cmd", "'@SUM(A1)", "Aurillac"]
    assert [c.data_type for c in wb["t"]["A"][1:]] == ["s"] * 5 and wb["t"]["B2"].value == 1.5


def test_an_accepted_import_becomes_a_version_with_its_diff(data):
    from abs.versions import diff, switch
    raw = Path(__file__).resolve().parent.parent.parent / "shared" / "insee-raw"
    payload = (raw / "filosofi/BASE_TD_FILO_DISP_IRIS_2019__aurillac.csv").read_bytes().decode("utf-8-sig").replace(
        "150140111;Marmiers;15014;Aurillac;30,1;12320;16470", "150140111;Marmiers;15014;Aurillac;31,0;12320;16500").encode("utf-8")
    items = read_upload("BASE_TD_FILO_DISP_IRIS_2019.csv", payload)
    old = current_id()
    candidate = build_candidate(items)
    changes = diff(old, candidate)
    assert changes[["indicateur", "territoire", "changement", "avant", "après"]].values.tolist() == [
        ["Revenu disponible médian par unité de consommation", "Marmiers", "modifié", "16\u00a0470\u00a0€", "16\u00a0500\u00a0€"],
        ["Taux de pauvreté (seuil à 60 %)", "Marmiers", "modifié", "30,1\u00a0%", "31,0\u00a0%"]]
    switch(candidate)
    from abs.engine import default_engine
    from abs.territory import Territory
    v = default_engine().value("revenu_median", Territory("IRIS", "150140111", "Marmiers"), "2019")
    assert v.value == 16500 and v.sources == ("import_filosofi_iris_2019",)
    assert list_versions()["version"].tolist()[0] == max(old, candidate) or set(list_versions()["version"]) == {old, candidate}
    switch(old)
    assert default_engine().value("revenu_median", Territory("IRIS", "150140111", "Marmiers"), "2019").value == 16470


def test_command_line_refresh_prepares_then_switches(data, tmp_path):
    import subprocess
    import sys
    import os
    raw = Path(__file__).resolve().parent.parent.parent / "shared" / "insee-raw"
    upload = tmp_path / "BASE_TD_FILO_DISP_IRIS_2019.csv"
    upload.write_bytes((raw / "filosofi/BASE_TD_FILO_DISP_IRIS_2019__aurillac.csv").read_bytes().decode("utf-8-sig").replace(
        "150140111;Marmiers;15014;Aurillac;30,1;12320;16470", "150140111;Marmiers;15014;Aurillac;31,0;12320;16500").encode("utf-8"))
    env = {**os.environ, "ABS_DATA_DIR": str(data)}
    root_dir = Path(__file__).resolve().parent.parent
    before = current_id()
    done = subprocess.run([sys.executable, "-m", "abs.refresh", "files", str(upload)], capture_output=True, text=True, env=env, cwd=root_dir)
    assert done.returncode == 0, done.stderr
    assert "2 changement(s) d'indicateurs" in done.stdout and (data / "snapshots" / "CURRENT").read_text().strip() == before
    done = subprocess.run([sys.executable, "-m", "abs.refresh", "files", str(CORPUS / "vide.csv")], capture_output=True, text=True,
                          env=env, cwd=root_dir)
    assert done.returncode == 2 and "le fichier est vide." in done.stderr
    done = subprocess.run([sys.executable, "-m", "abs.refresh", "files", str(upload), "--switch"], capture_output=True, text=True,
                          env=env, cwd=root_dir)
    assert done.returncode == 0 and (data / "snapshots" / "CURRENT").read_text().strip() != before


def test_the_app_follows_a_switch_made_by_another_process(data):
    from abs.engine import default_engine
    raw = Path(__file__).resolve().parent.parent.parent / "shared" / "insee-raw"
    items = read_upload("data_CAF_2020_IRIS.csv", (raw / "caf/data_CAF_2020_IRIS__aurillac.csv").read_bytes())
    old, candidate = current_id(), build_candidate(items)
    assert default_engine().snapshot.built["version"] == old
    (data / "snapshots" / "CURRENT").write_text(candidate + "\n", encoding="utf-8")  # as `python -m abs.snapshot switch` would
    assert default_engine().snapshot.built["version"] == candidate
