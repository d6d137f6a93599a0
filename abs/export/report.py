"""The printable diagnostic (PDF): an HTML document with chart images, printed by headless chromium."""
from __future__ import annotations

import base64
import html
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

from abs import charts
from abs.errors import AbsError
from abs.export.content import Content
from abs.export.deck import french_date
from abs.export.images import figure_png, image_session
from abs.fragility import compute as fragility

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]
CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; color: #222; }
h1 { color: #1f4e79; font-size: 22pt; } h2 { color: #1f4e79; font-size: 15pt; page-break-before: always; }
h3 { font-size: 11.5pt; margin-bottom: 4px; } img { width: 100%; } .src { color: #666; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 6px 0; }
th, td { border: 1px solid #ccc; padding: 3px 5px; text-align: left; vertical-align: top; } th { background: #e8eef5; }
.sev { font-weight: bold; }
"""


def _e(text) -> str:
    return html.escape(str(text))


def _table(df: pd.DataFrame) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in df.columns)
    rows = "".join("<tr>" + "".join(f"<td>{_e('' if pd.isna(v) else v)}</td>" for v in row) + "</tr>" for row in df.itertuples(index=False))
    return f"<table><tr>{head}</tr>{rows}</table>"


def _img(png: bytes) -> str:
    return f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def report_html(content: Content) -> str:
    """The report as one self-contained HTML page (images inlined)."""
    eng = content.engine
    parts = [f"<h1>Analyse des besoins sociaux — {_e(content.commune.name)}</h1>",
             f"<p>Diagnostic et plans d'actions du projet municipal de cohésion sociale 2022-2026. Édité le {french_date(content.made_on)}.</p>",
             "<p>Chaque chiffre porte sa source et son millésime ; une valeur absente ou secrète est indiquée comme telle.</p>",
             "<h3>Les enjeux</h3>",
             _table(pd.DataFrame([{"enjeu": r.title, "intensité": r.severity_label,
                                   "plans d'actions": len(content.catalogue.plans_for_issue(r.id))} for r in content.results]))]
    with image_session():
        for r in content.results:
            meta = eng.registry.get(r.key_indicator)
            table = content.issue_chart(r)
            fig = charts.bars(table, meta.label, meta.unit, highlight=content.commune.name)
            plans = pd.DataFrame([{"plan": p.id, "titre": p.title, "justification": why} for p, why in content.catalogue.plans_for_issue(r.id)])
            sources = "; ".join(dict.fromkeys(s.removeprefix("Source : ") for s in table["source"] if s))
            parts += [f"<h2>{_e(r.title)}</h2>", f"<p class='sev'>Intensité : {_e(r.severity_label)}</p>",
                      f"<p><i>Le diagnostic : « {_e(r.diagnostic)} »</i></p>",
                      "<h3>Constats</h3><ul>" + "".join(f"<li>{_e(f)}</li>" for f in r.findings) + "</ul>",
                      _img(figure_png(fig, width=1000, height=max(320, 40 * len(table) + 120))), f"<p class='src'>{_e(sources)}</p>",
                      "<h3>Règles d'intensité</h3>",
                      _table(pd.DataFrame([{"règle": x.rule, "mesure": x.measured} for x in r.rules])),
                      *(f"<p class='src'>Donnée manquante : {_e(m)}</p>" for m in r.missing),
                      f"<h3>Plans d'actions qui y répondent ({len(plans)})</h3>", _table(plans)]
    parts.append("<h2>Quartiers</h2>")
    parts.append(_table(content.perimeters()))
    for nbh in eng.study.neighbourhoods:
        parts.append(f"<h3>Quartier {_e(nbh.name)}</h3>")
        if not nbh.members:
            parts.append(f"<p>Périmètre : {_e(nbh.status)}.</p>")
            continue
        t = content.neighbourhood_table(nbh)[["indicateur", "territoire", "affichage", "année", "source"]]
        parts.append(_table(t))
    idx = fragility(eng)
    parts += ["<h3>Indice de fragilité des IRIS</h3>",
              f"<p>{_e(idx.normalisation)} ; composantes : "
              + ", ".join(f"{_e(c.label)} ({_e(c.year)}, poids {c.weight:g})" for c in idx.components.itertuples()) + ".</p>",
              _table(idx.table[["rank", "name", "index"]].round(1).rename(columns={"rank": "rang", "name": "IRIS", "index": "indice"}))]
    parts += ["<h2>Sources</h2>", _table(eng.snapshot.sources[["producer", "dataset", "vintage", "geography", "licence", "url"]]
                                         .rename(columns={"producer": "producteur", "dataset": "jeu de données", "vintage": "millésime",
                                                          "geography": "géographie", "url": "adresse"}))]
    return f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><style>{CSS}</style></head><body>{''.join(parts)}</body></html>"


def html_to_pdf(page: str, chromium: str | None = None) -> bytes:
    """Print an HTML page to PDF with headless chromium (Debian's package)."""
    chromium = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise AbsError("Chromium est introuvable : installez le paquet Debian « chromium » (scripts/install-system-deps.sh).")
    with tempfile.TemporaryDirectory() as d:
        src, out = Path(d) / "rapport.html", Path(d) / "rapport.pdf"
        src.write_text(page, encoding="utf-8")
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={d}/profile", f"--print-to-pdf={out}", src.as_uri()],
                       check=True, capture_output=True, timeout=180)
        return out.read_bytes()


def build_report(content: Content) -> bytes:
    """The printable diagnostic as PDF bytes."""
    return html_to_pdf(report_html(content))
