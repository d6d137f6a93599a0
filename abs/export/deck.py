"""The workshop deck (python-pptx): native, editable charts, French numbers, a source line on every chart."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Inches, Pt

from abs.export.content import Content

BLUE, ORANGE, GREY = RGBColor(0x1F, 0x4E, 0x79), RGBColor(0xC5, 0x5A, 0x11), RGBColor(0x59, 0x59, 0x59)
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


def french_date(d) -> str:
    """'25 novembre 2026'."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _text(slide, text: str, left, top, width, height, size=16, bold=False, colour=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    lines = text if isinstance(text, list) else [text]
    for i, line in enumerate(lines):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = line
        p.font.size, p.font.bold = Pt(size), bold
        if colour is not None:
            p.font.color.rgb = colour
    return box


def _title(prs, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, title, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9), size=30, bold=True, colour=BLUE)
    return slide


def number_format(decimals: int) -> str:
    """An Excel/PowerPoint number format; PowerPoint shows it with the reader's separators (26 189,0 in French)."""
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def add_bar_chart(slide, categories: list[str], values: list[float], series: str, decimals: int, left, top, width, height,
                  highlight: int | None = None):
    """A native clustered bar chart with data labels; returns the chart."""
    data = CategoryChartData(number_format=number_format(decimals))
    data.categories = categories
    data.add_series(series, values)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data).chart
    chart.has_legend = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = number_format(decimals), False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(12)
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(12)
    chart.value_axis.tick_labels.font.size = Pt(10)
    chart.value_axis.has_major_gridlines = False
    series_obj = plot.series[0]
    series_obj.format.fill.solid()
    series_obj.format.fill.fore_color.rgb = BLUE
    if highlight is not None:
        point = series_obj.points[highlight]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = ORANGE
    return chart


def _sources_line(table) -> str:
    sources = [s.removeprefix("Source : ").rsplit(" — valeur", 1)[0] for s in table["source"] if s]
    years = sorted({y for y in table["année"] if y})
    return f"Source : {' ; '.join(dict.fromkeys(sources))} — {', '.join(years)}"


def build_deck(content: Content) -> bytes:
    """The whole deck as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    eng = content.engine

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, f"Analyse des besoins sociaux — {content.commune.name}", Inches(0.8), Inches(1.5), Inches(11.7), Inches(1.2),
          size=40, bold=True, colour=BLUE)
    _text(slide, f"Diagnostic et projet municipal de cohésion sociale 2022-2026 — {french_date(content.made_on)}",
          Inches(0.8), Inches(2.8), Inches(11.7), Inches(0.8), size=22)
    _text(slide, ["Millésimes des données :"] + [f"• {v}" for v in content.vintages()[:14]], Inches(0.8), Inches(3.8),
          Inches(11.7), Inches(3.4), size=11, colour=GREY)

    for r in content.results:
        slide = _title(prs, f"{r.title} — intensité {r.severity_label}")
        meta = eng.registry.get(r.key_indicator)
        table = content.issue_chart(r)
        names = table["territoire"].tolist()
        highlight = names.index(content.commune.name) if content.commune.name in names else None
        add_bar_chart(slide, names, table["valeur"].round(meta.decimals).tolist(), meta.label, meta.decimals,
                      Inches(0.5), Inches(1.3), Inches(6.3), Inches(5.2), highlight)
        _text(slide, meta.label + (f" ({meta.unit})" if meta.unit else ""), Inches(0.5), Inches(1.1), Inches(6.3), Inches(0.4), size=12, bold=True)
        _text(slide, [f"• {f}" for f in r.findings[:3]] or ["Constats non disponibles : données manquantes."],
              Inches(7.0), Inches(1.2), Inches(5.9), Inches(3.3), size=14)
        plans = content.catalogue.plans_for_issue(r.id)
        _text(slide, [f"Plans d'actions qui y répondent ({len(plans)}) :"] + [f"{p.id} {p.title}" for p, _ in plans[:8]]
              + ([f"… et {len(plans) - 8} autres"] if len(plans) > 8 else []),
              Inches(7.0), Inches(4.5), Inches(5.9), Inches(2.3), size=11)
        _text(slide, _sources_line(table), Inches(0.5), Inches(6.75), Inches(12.3), Inches(0.6), size=9, colour=GREY)

    for nbh in eng.study.neighbourhoods:
        slide = _title(prs, f"Quartier {nbh.name} comparé à la commune")
        if not nbh.members:
            _text(slide, [f"Périmètre : {nbh.status}.", nbh.evidence], Inches(0.8), Inches(1.5), Inches(11.5), Inches(2), size=18)
            continue
        table = content.neighbourhood_table(nbh)
        shown = table.dropna(subset=["valeur"])
        data = CategoryChartData(number_format="#,##0.0")
        labels = list(dict.fromkeys(shown["indicateur"]))
        data.categories = labels
        for name in dict.fromkeys(shown["territoire"]):
            part = shown[shown["territoire"] == name].set_index("indicateur")
            data.add_series(name, [round(float(part.at[l, "valeur"]), 1) if l in part.index else None for l in labels])
        chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(1.2), Inches(8.3), Inches(5.4), data).chart
        chart.has_legend, chart.legend.include_in_layout = True, False
        chart.plots[0].has_data_labels = True
        chart.plots[0].data_labels.number_format, chart.plots[0].data_labels.number_format_is_linked = "#,##0.0", False
        chart.category_axis.reverse_order = True
        _text(slide, [f"IRIS : {', '.join(eng.territory_name('IRIS', c) for c in nbh.members)}", f"Statut du périmètre : {nbh.status}",
                      "Parts en %, chaque indicateur à son millésime (voir la source)."], Inches(9.0), Inches(1.3), Inches(4), Inches(3), size=12)
        _text(slide, _sources_line(shown), Inches(0.5), Inches(6.75), Inches(12.3), Inches(0.6), size=9, colour=GREY)

    if len(content.remarks):
        titles = {r.id: r.title for r in content.results}
        rows = [f"{titles.get(r.enjeu, r.enjeu)} ({r.horodatage[:16].replace('T', ' ')}) : {r.remarque}" for r in content.remarks.itertuples()]
        for start in range(0, len(rows), 10):
            slide = _title(prs, "Remarques des participants")
            _text(slide, rows[start:start + 10], Inches(0.6), Inches(1.3), Inches(12.1), Inches(5.8), size=13)

    slide = _title(prs, "Sources")
    src = eng.snapshot.sources
    lines = [f"{r.producer}, {r.dataset} ({r.vintage}) — {r.licence}" for r in src.itertuples()]
    half = (len(lines) + 1) // 2
    _text(slide, lines[:half], Inches(0.4), Inches(1.2), Inches(6.3), Inches(6.2), size=7)
    _text(slide, lines[half:], Inches(6.8), Inches(1.2), Inches(6.3), Inches(6.2), size=7)

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

