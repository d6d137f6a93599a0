"""The committed snapshot is exactly what the importers build from the raw extracts."""
from __future__ import annotations

import json
import shutil

import pytest

from abs.errors import ImportRefused
from abs.paths import data_dir
from abs.snapshot import build, load_snapshot
from abs.versions import current_dir, list_versions, root


def data_copy(dest):
    """The project's data files without any snapshot version."""
    shutil.copytree(data_dir(), dest, ignore=shutil.ignore_patterns("snapshots", "cache"))
    return dest


@pytest.fixture(scope="module")
def rebuilt(raw, tmp_path_factory):
    folder = data_copy(tmp_path_factory.mktemp("snap") / "data")
    built = build(raw, folder, switch_to=True)
    return root(folder) / built["version"]


def test_committed_snapshot_is_reproducible(rebuilt):
    shipped = current_dir()
    for name in ("observations.csv", "sources.csv", "geography.csv", "contours_COM.geojson"):
        assert (rebuilt / name).read_bytes() == (shipped / name).read_bytes(), name
    a, b = json.loads((rebuilt / "build.json").read_text()), json.loads((shipped / "build.json").read_text())
    assert a["files"] == b["files"] and a["observations"] == b["observations"] == 24824


def test_build_records_every_file_with_its_checksum(rebuilt):
    built = json.loads((rebuilt / "build.json").read_text())
    assert len(built["files"]) == 81
    assert all(len(f["sha256"]) == 64 for f in built["files"])


def test_sources_table_carries_provenance():
    sources = load_snapshot().sources
    assert len(sources) == 50
    assert sources.columns.tolist() == ["id", "producer", "dataset", "vintage", "geography", "url", "coverage", "licence", "accessed", "origin"]
    row = sources.set_index("id").loc["rp2022_comparateur"]
    assert row["url"] == "https://www.insee.fr/fr/statistiques/2521169"
    assert row["licence"] == "Licence Ouverte / Etalab 2.0"


def test_snapshot_levels_and_statuses():
    obs = load_snapshot().observations
    assert obs.groupby("level").size().to_dict() == {
        "COM": 18659, "DEP": 354, "EPCI": 312, "FR": 4, "FRM": 188, "IRIS": 3903, "QPV": 732, "QPV_ALL": 460, "REG": 212}
    assert obs["status"].value_counts().to_dict() == {"ok": 23554, "secret": 808, "missing": 462}


def test_failed_build_leaves_the_current_snapshot_untouched(raw, tmp_path):
    bad_raw = tmp_path / "raw"
    bad_raw.mkdir()
    for f in raw.rglob("*"):
        if f.is_file():
            dest = bad_raw / f.relative_to(raw)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.read_bytes())
    (bad_raw / "caf/data_CAF_2020_IRIS__aurillac.csv").write_text("CODGEO;A\n150140111;abc\n", encoding="utf-8")
    folder = data_copy(tmp_path / "data")
    build(raw, folder, switch_to=True)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with pytest.raises(ImportRefused) as err:
        build(bad_raw, folder, switch_to=True)
    assert "caf/data_CAF_2020_IRIS__aurillac.csv" in str(err.value)
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_a_build_is_a_new_version_and_switching_back_restores_the_old(raw, tmp_path):
    import json
    folder = data_copy(tmp_path / "data")
    first = build(raw, folder, switch_to=True)["version"]
    sources = folder / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("dataset: Allocataires CAF par IRIS", "dataset: Allocataires CAF (IRIS)"),
                       encoding="utf-8")
    second = build(raw, folder)["version"]
    assert second != first and (root(folder) / "CURRENT").read_text().strip() == first
    from abs.versions import switch
    switch(second, folder)
    assert current_dir(folder).name == second
    switch(first, folder)
    versions = list_versions(folder)
    assert versions["version"].tolist() == sorted([first, second], reverse=True)
    assert versions.set_index("version").at[first, "active"]
    assert json.loads((root(folder) / first / "build.json").read_text())["version"] == first


def test_page_extracts_keep_official_rows_only():
    obs = load_snapshot().observations
    pages = obs[obs.source == "insee_pages"]
    assert not pages["variable"].str.contains("chiffres-clés").any()
    ara = pages[(pages.level == "REG") & (pages.variable == "POP2 | population | total")]
    assert ara[["year", "value"]].values.tolist() == [["2021", 8114361.0]]


def test_unknown_or_hostile_version_names_are_refused():
    from abs.errors import AbsError
    from abs.versions import switch
    for name in ("../etc", "nope", ".building-x", ""):
        with pytest.raises(AbsError):
            switch(name)


def test_commune_contours_are_imported_reprojected_and_filtered():
    from abs.snapshot import load_contours
    gdf = load_contours("COM")
    assert len(gdf) == 247 and gdf.crs.to_epsg() == 4326
    assert gdf["code"].str.startswith("15").all()
    assert gdf.loc[gdf.code == "15014", "name"].tolist() == ["Aurillac"]
    assert load_contours("IRIS") is None
