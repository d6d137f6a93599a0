"""Workshop outputs read back: deck (python-pptx), workbook (openpyxl), PDF (poppler), PNG (Pillow)."""
from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation

from abs.cache import clear_all
from abs.export.content import gather
from abs.export.deck import build_deck
from abs.export.report import build_report
from abs.export.workbook import build_workbook
from abs.paths import data_dir
from abs.remarks import add_remark

CONTENT = gather()
ISSUE_TITLES = [r.title for r in CONTENT.results]


@pytest.fixture(scope="module")
def deck():
    return Presentation(io.BytesIO(build_deck(CONTENT)))


def _title(slide) -> str:
    return slide.shapes[0].text_frame.text


def test_deck_slides_and_titles(deck):
    titles = [_title(s) for s in deck.slides]
    assert len(deck.slides) == 14
    assert titles[0] == "Analyse des besoins sociaux — Aurillac"
    assert titles[1:10] == [f"{r.title} — intensité {r.severity_label}" for r in CONTENT.results]
    assert titles[10:13] == ["Quartier Marmiers comparé à la commune", "Quartier ALC Quartiers Ouest comparé à la commune",
                             "Quartier Cap Blanc comparé à la commune"]
    assert titles[13] == "Sources"


def test_deck_charts_are_native_and_hold_the_analysis_figures(deck):
    for slide, result in zip(list(deck.slides)[1:10], CONTENT.results):
        charts = [sh for sh in slide.shapes if sh.has_chart]
        assert len(charts) == 1
        plot = charts[0].chart.plots[0]
        expected = CONTENT.issue_chart(result)
        decimals = CONTENT.engine.registry.get(result.key_indicator).decimals
        assert list(plot.categories) == expected["territoire"].tolist()
        assert list(plot.series[0].values) == expected["valeur"].round(decimals).tolist()
        texts = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        assert "Source : " in texts
    poverty = list(deck.slides)[4]
    chart = next(sh for sh in poverty.shapes if sh.has_chart).chart
    assert dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values))["Aurillac"] == 16.0


def test_deck_neighbourhood_slide_compares_with_the_commune(deck):
    slide = list(deck.slides)[11]
    chart = next(sh for sh in slide.shapes if sh.has_chart).chart
    assert [s.name for s in chart.plots[0].series] == ["Quartier ALC Quartiers Ouest", "Aurillac (ensemble des IRIS)"]
    rsa = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values))["Part des allocataires percevant le RSA"]
    assert rsa == 8.0
    cap = list(deck.slides)[12]
    assert "périmètre à définir" in " ".join(sh.text_frame.text for sh in cap.shapes if sh.has_text_frame)


def test_deck_carries_workshop_remarks(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    monkeypatch.setenv("ABS_DATA_DIR", str(data))
    clear_all()
    add_remark("isolement", "Associer les bailleurs sociaux")
    prs = Presentation(io.BytesIO(build_deck(gather())))
    clear_all()
    assert len(prs.slides) == 15
    remarks = list(prs.slides)[13]
    assert _title(remarks) == "Remarques des participants"
    assert "Isolement (" in remarks.shapes[1].text_frame.text and "Associer les bailleurs sociaux" in remarks.shapes[1].text_frame.text


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(io.BytesIO(build_workbook(CONTENT)))


def test_workbook_sheets(workbook):
    assert workbook.sheetnames == ["Démographie", "Âges et vieillissement", "Ménages et familles", "Revenus et pauvreté",
                                   "Prestations sociales (CAF)", "Emploi et insertion", "Logement", "Santé", "Quartier prioritaire",
                                   "Sources", "Plans d'actions"]
    assert workbook["Sources"].max_row == 51 and workbook["Plans d'actions"].max_row == 88


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def test_workbook_values_are_numbers_with_french_formats(workbook):
    ws = workbook["Démographie"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Population municipale" and r[1].value == "Aurillac" and r[5].value == "2022")
    assert row[3].value == 26189 and row[3].number_format == "#,##0"
    ws = workbook["Revenus et pauvreté"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Taux de pauvreté (seuil à 60 %)" and r[1].value == "Aurillac")
    assert row[3].value == 16.0 and row[3].number_format == '#,##0.0 "%";-#,##0.0 "%"'
    secret = next(r for r in _rows(ws) if r[0] == "Taux de pauvreté (seuil à 60 %)" and r[1] == "Vialenc" and r[5] == "2019")
    assert secret[3] is None and secret[6] == "secret statistique"


def test_workbook_plan_sheet_links_issues(workbook):
    rows = {r[0]: r for r in _rows(workbook["Plans d'actions"])}
    assert rows["3.2.1"][4] == "Concentration des difficultés dans certains quartiers, Logement et habitat"
    assert rows["2.4.1"][5].startswith("Instances citoyennes : démocratie participative")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    path.write_bytes(build_report(CONTENT))
    return path


def test_report_pages_and_text(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))
    assert pages >= 12
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Analyse des besoins sociaux — Aurillac" in text
    for title in ISSUE_TITLES:
        assert title in text
    assert "Indice de fragilité des IRIS" in text and "Quartier Marmiers" in text
    assert text.count("Etalab") == 50


def test_report_first_page_renders(pdf, tmp_path):
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 2
    page = Image.open(pngs[1]).convert("L")
    assert len(page.getcolors(maxcolors=1 << 16)) > 10


def test_chart_png_is_a_real_picture(tmp_path):
    from abs import charts
    from abs.export.images import figure_png
    r = CONTENT.results[3]
    meta = CONTENT.engine.registry.get(r.key_indicator)
    png = figure_png(charts.bars(CONTENT.issue_chart(r), meta.label, meta.unit), width=900, height=400)
    image = Image.open(io.BytesIO(png))
    assert image.size == (900, 400) and len(png) > 10_000
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 20


def test_map_png_exports_with_no_network():
    from abs import charts
    from abs.export.images import figure_png
    from abs.geo import outlines
    from abs.views import commune_values
    values, _ = commune_values(CONTENT.engine, "part_75p")
    png = figure_png(charts.polygon_map(outlines("COM"), values, "Part des 75 ans ou plus", "%", highlight="15014"), width=700, height=600)
    assert Image.open(io.BytesIO(png)).size == (700, 600)


def test_command_line(tmp_path):
    import sys
    out = tmp_path / "classeur.xlsx"
    done = subprocess.run([sys.executable, "-m", "abs.export", "workbook", "--out", str(out)], capture_output=True, text=True,
                          cwd=str(data_dir().parent))
    assert done.returncode == 0 and out.stat().st_size > 20_000
    bad = subprocess.run([sys.executable, "-m", "abs.export", "chart", "--issue", "nope", "--out", str(tmp_path / "x.png")],
                         capture_output=True, text=True, cwd=str(data_dir().parent))
    assert bad.returncode == 2 and bad.stderr.startswith("Enjeu inconnu « nope »")
