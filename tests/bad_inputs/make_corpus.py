"""Regenerate the damaged-file corpus from the real extracts: python tests/bad_inputs/make_corpus.py.

Each file is a real INSEE/CAF extract damaged in one way (or a file that is not INSEE at all);
expected.yaml beside it says what the importer must answer.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE.parent.parent.parent / "shared" / "insee-raw"


def text(rel: str) -> str:
    return (RAW / rel).read_bytes().decode("utf-8-sig")


def write(name: str, data: str | bytes, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def main() -> None:
    filo = text("filosofi/BASE_TD_FILO_DISP_IRIS_2019__aurillac.csv")
    caf = text("caf/data_CAF_2020_IRIS__aurillac.csv")
    qpv = text("qpv/data_filo19_qp_revdis__aurillac.csv")
    neet = text("jeunesse/neet_dpt_2018__aurillac.csv")
    comp = text("base_cc_comparateur_RP2022_dep15.csv")
    lines = caf.splitlines(keepends=True)
    write("separateur_deux_points_2020.csv", caf.replace(";", ":"))
    write("latin1_annonce_utf8_2019.csv", filo, "cp1252")
    write("utf8_avec_bom_2019.csv", "\ufeff" + filo)
    write("virgules_decimales_qpv_2019.csv", qpv)
    write("secrets_filosofi_2019.csv", filo)
    write("colonne_manquante_caf_2020.csv", caf.replace(";ARSAS", "").replace(";98\r\n", "\r\n"))
    write("colonne_inconnue_caf_2020.csv", "".join([lines[0].rstrip("\r\n") + ";COMMENTAIRE\r\n"]
                                                    + [l.rstrip("\r\n") + ";à revoir\r\n" for l in lines[1:]]))
    write("mauvais_territoire_caf_2020.csv", caf.replace("\n15014", "\n63113"))
    write("codes_en_double_caf_2020.csv", caf + lines[1])
    write("zero_initial_perdu_comparateur.csv", comp.replace("\n15001;", "\n1001;").replace("\n15002;", "\n1002;"))
    write("effectif_negatif_caf_2020.csv", caf.replace("150140111;0;418;", "150140111;0;-418;"))
    write("part_superieure_100_qpv_2019.csv", qpv.replace(";42,0;0", ";142,0;0"))
    write("vide.csv", b"")
    write("entete_seule_caf_2020.csv", lines[0])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data_CAF_2020_IRIS.csv", caf)
    write("archive_tronquee.zip", archive.getvalue()[: len(archive.getvalue()) // 2])
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as z:
        for i in range(25):
            z.writestr(f"morceau_{i:02d}.csv", lines[0] + lines[1 + i % 13])
    write("archive_trop_de_fichiers.zip", many.getvalue())
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w") as z:
        z.writestr("dedans.zip", archive.getvalue())
    write("archive_imbriquee.zip", nested.getvalue())
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "Documentation"
    wb.active.append(["Variable", "Libellé"])
    wb.active.append(["A", "Nombre d'allocataires"])
    out = io.BytesIO()
    wb.save(out)
    write("mauvaise_feuille.xlsx", out.getvalue())
    write("classeur_abime.xlsx", b"PK\x03\x04" + b"\x00garbage" * 40)
    write("pas_insee.csv", "nom;age;ville\nJeanne;42;Aurillac\nPaul;37;Arpajon\n")
    write("image_renommee.csv", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64))
    write("binaire.csv", b"CODGEO;A\n" + bytes(range(256)) * 4)
    write("ligne_trop_longue_caf_2020.csv", caf.replace("150140111;0;418;", "150140111;0;418;1;2;", 1))
    write("nombre_illisible_caf_2020.csv", caf.replace("150140111;0;418;", "150140111;0;quatre cents;"))
    write("sans_millesime_caf.csv", caf)
    write("observatoire_sans_niveau.csv", neet)
    write("format_inconnu.docx", b"PK\x03\x04 not really a document")
    write("formule_dans_libelle_2019.csv", filo.replace("République", "=HYPERLINK(\"http://exemple.invalid\")", 1))
    write("dossier_trop_gros_caf_2020.csv", caf)


if __name__ == "__main__":
    main()
