"""Every importer refuses a corrupted copy of its real file with a French message naming the problem."""
from __future__ import annotations

from pathlib import Path

import pytest

from abs.errors import ImportRefused
from abs.loaders.cog import import_etalab, import_iris_reference
from abs.loaders.longform import import_ot, import_page_extracts
from abs.loaders.wide import import_wide
from abs.territory import load_study


def corrupt(raw: Path, tmp_path: Path, name: str, change) -> Path:
    """Copy a raw file into tmp_path after applying `change` to its decoded text."""
    data = (raw / name).read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = change(data.decode("utf-8-sig"))
    out = tmp_path / Path(name).name
    out.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return out


def refused(fn, *args, **kw) -> list[str]:
    with pytest.raises(ImportRefused) as err:
        fn(*args, **kw)
    return [p.message for p in err.value.problems]


def test_comparateur_missing_column(raw, tmp_path):
    path = corrupt(raw, tmp_path, "base_cc_comparateur_RP2022_dep15.csv", lambda t: t.replace(";P22_LOGVAC;", ";P22_LOGVACANT;", 1))
    assert refused(import_wide, path) == [
        "fichier « Comparateur de territoires (base communale) » incomplet : colonne obligatoire absente « PAA_LOGVAC » (AA : année sur deux chiffres)."]
    assert refused(import_wide, path, "comparateur") == ["colonne obligatoire absente : « PAA_LOGVAC » (AA : année sur deux chiffres)."]


def test_dossier_complet_non_numeric_cell(raw, tmp_path):
    path = corrupt(raw, tmp_path, "dossier_complet_light_RP2022_dep15.csv", lambda t: t.replace("15014;3151.2260600115", "15014;trois mille", 1))
    assert refused(import_wide, path) == [
        "ligne 15, colonne « P22_POP0014 » : « trois mille » n'est ni un nombre ni un marqueur de secret (s, nd, vide)."]


def test_filosofi_iris_duplicate_code(raw, tmp_path):
    def dup(t):
        lines = t.splitlines(keepends=True)
        return "".join(lines + [lines[1]])
    path = corrupt(raw, tmp_path, "filosofi/BASE_TD_FILO_DISP_IRIS_2019__aurillac.csv", dup)
    assert refused(import_wide, path) == [
        "ligne 2 : le code « 150140101 » apparaît plusieurs fois.", "ligne 15 : le code « 150140101 » apparaît plusieurs fois."]


def test_filosofi_geo_negative_count(raw, tmp_path):
    path = corrupt(raw, tmp_path, "filosofi/FILO2019_DISP_DEP__aurillac.csv", lambda t: t.replace("15;Cantal;66672", "15;Cantal;-66672"))
    assert refused(import_wide, path, level="DEP", year="2019") == ["ligne 2, colonne « NBMEN19 » : valeur négative (-66672) pour un effectif."]


def test_caf_truncated_iris_code(raw, tmp_path):
    path = corrupt(raw, tmp_path, "caf/data_CAF_2020_IRIS__aurillac.csv", lambda t: t.replace("150140111;", "15014011;"))
    assert refused(import_wide, path, year="2020") == [
        "ligne 12 : le code « 15014011 » n'a pas la forme attendue (zéro initial perdu ? un tableur a pu l'enlever)."]


def test_commune_code_that_lost_its_leading_zero(raw, tmp_path):
    path = corrupt(raw, tmp_path, "base_cc_comparateur_RP2022_dep15.csv", lambda t: t.replace("\n15001;", "\n1053;", 1))
    assert refused(import_wide, path, year="2025") == [
        "ligne 2 : le code « 1053 » n'a pas la forme attendue (zéro initial perdu ? un tableur a pu l'enlever)."]


def test_census_iris_negative(raw, tmp_path):
    path = corrupt(raw, tmp_path, "census/IRIS_housing_IR_Hab__aurillac.csv", lambda t: t.replace(",143.5707069317118,", ",-143.5,"))
    assert refused(import_wide, path) == ["ligne 2, colonne « P16_RPMAISON » : valeur négative (-143.5) pour un effectif."]


def test_qpv_share_over_100(raw, tmp_path):
    path = corrupt(raw, tmp_path, "qpv/data_filo19_qp_revdis__aurillac.csv", lambda t: t.replace(";42,0;0", ";142,0;0"))
    assert refused(import_wide, path) == ["ligne 3, colonne « DISP_TP60_A19 » : part supérieure à 100 (142)."]


def test_wrong_territory(raw, tmp_path):
    study = load_study()
    path = corrupt(raw, tmp_path, "filosofi/BASE_TD_FILO_DISP_IRIS_2019__aurillac.csv", lambda t: t.replace("\n15014", "\n63113"))
    assert refused(import_wide, path, scope=study.scope) == ["aucune ligne ne concerne le territoire étudié : mauvais territoire ?"]


def test_observatoire_export_bad_number(raw, tmp_path):
    path = corrupt(raw, tmp_path, "jeunesse/neet_dpt_2018__aurillac.csv", lambda t: t.replace("11,80", "onze"))
    assert refused(import_ot, path, "DEP") == ["ligne 2 : « onze » n'est pas un nombre."]


def test_page_extracts_missing_column(raw, tmp_path):
    path = corrupt(raw, tmp_path, "insee_pages_extracts.csv", lambda t: t.replace(";unit", ";unite", 1))
    assert refused(import_page_extracts, path) == ["colonne obligatoire absente : « unit »."]


def test_etalab_negative_population(raw, tmp_path):
    path = corrupt(raw, tmp_path, "etalab-decoupage-administratif_4.1.0_dep15.json", lambda t: t.replace('"population": 783', '"population": -783', 1))
    assert refused(import_etalab, path, "2022") == ["population absente ou négative pour la commune 15001."]


def test_etalab_not_json(raw, tmp_path):
    path = corrupt(raw, tmp_path, "etalab-decoupage-administratif_4.1.0_dep15.json", lambda t: t[:500])
    assert refused(import_etalab, path, "2022")[0].startswith("JSON illisible")


def test_iris_reference_duplicate(raw, tmp_path):
    path = corrupt(raw, tmp_path, "iris/iris_2021__aurillac.csv", lambda t: t + t.splitlines(keepends=True)[1])
    assert refused(import_iris_reference, path) == ["un code IRIS apparaît plusieurs fois."]


def test_empty_and_header_only_files(raw, tmp_path):
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    assert refused(import_wide, empty) == ["le fichier est vide."]
    header = corrupt(raw, tmp_path, "caf/data_CAF_2020_IRIS__aurillac.csv", lambda t: t.splitlines(keepends=True)[0])
    assert refused(import_wide, header, year="2020") == ["le fichier ne contient que l'en-tête, aucune ligne de données."]


def test_refusal_message_is_french_and_says_what_to_do(raw, tmp_path):
    path = corrupt(raw, tmp_path, "caf/data_CAF_2020_IRIS__aurillac.csv", lambda t: t.replace(";418;", ";-418;"))
    with pytest.raises(ImportRefused) as err:
        import_wide(path, year="2020")
    assert str(err.value) == (
        "Le fichier « data_CAF_2020_IRIS__aurillac.csv » a été refusé (1 problème(s)) :\n"
        "  - ligne 12, colonne « A » : valeur négative (-418) pour un effectif.\n"
        "Aucune donnée n'a été modifiée. Corrigez le fichier ou téléchargez-le à nouveau sur insee.fr.")


def test_latin1_file_reads_like_utf8(raw, tmp_path):
    src = raw / "filosofi/BASE_TD_FILO_DISP_IRIS_2019__aurillac.csv"
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(src.read_bytes().decode("utf-8-sig").encode("cp1252"))
    a, b = import_wide(src), import_wide(latin)
    assert a.observations.equals(b.observations)
    assert b.names["name"].tolist()[0] == "République"


def test_historical_series_family_reads_census_dates(tmp_path):
    """base-cc-serie-historique: D68_POP is 1968, P22_POP 2022 (values of the real comparateur; D columns left blank)."""
    path = tmp_path / "base-cc-serie-historique-2022.csv"
    path.write_text("CODGEO;P22_POP;P16_POP;P11_POP;D99_POP;D68_POP\n15014;26189;25954;27338;;\n", encoding="utf-8")
    imported = import_wide(path)
    assert imported.family == "serie_historique"
    obs = imported.observations.sort_values("year")
    assert obs[["variable", "year", "status"]].values.tolist() == [
        ["D68_POP", "1968", "missing"], ["D99_POP", "1999", "missing"], ["P11_POP", "2011", "ok"], ["P16_POP", "2016", "ok"],
        ["P22_POP", "2022", "ok"]]
    assert obs["value"].tolist()[2:] == [27338.0, 25954.0, 26189.0] and obs["value"].isna().sum() == 2
