"""The workbook (openpyxl): a sheet per theme with every indicator for every territory, sources, plans."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from abs.csvsafe import neutralise
from abs.errors import IndicatorUnavailable
from abs.export.content import Content
from abs.territory import LEVEL_LABELS

INDICATOR_COLUMNS = ["indicateur", "territoire", "niveau", "valeur", "unité", "année", "statut", "source"]
HEADER = Font(bold=True, color="FFFFFF")
FILL = PatternFill("solid", fgColor="1F4E79")


def display_format(unit: str, decimals: int) -> str:
    """Excel format code: the number stays a number, French Excel shows '16,0 %' or '21 860 €'."""
    base = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    suffix = {"%": ' "%"', "€": ' "€"', "‰": ' "‰"', "% par an": ' "% par an"'}.get(unit, "")
    return f'{base}{suffix};-{base}{suffix}' if suffix else base


def _sheet(wb, title: str, columns: list[str], widths: list[int]):
    ws = wb.create_sheet(title[:31])
    ws.append(columns)
    for cell in ws[1]:
        cell.font, cell.fill = HEADER, FILL
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    return ws


def build_workbook(content: Content) -> bytes:
    """The whole workbook as .xlsx bytes: every year of every indicator for every territory that has it."""
    eng = content.engine
    wb = Workbook()
    wb.remove(wb.active)
    s = eng.study
    places = [s.commune, *s.references, *s.qpv, *s.neighbourhoods, *eng.iris()]
    for theme, label in eng.registry.themes.items():
        ws = _sheet(wb, label, INDICATOR_COLUMNS, [48, 30, 18, 14, 12, 12, 22, 70])
        for ind in eng.registry.by_theme(theme):
            fmt = display_format(ind.unit, ind.decimals)
            for t in places:
                try:
                    series = eng.series(ind.id, t)
                except IndicatorUnavailable:
                    continue
                for v in series:
                    ws.append([ind.label, t.name, LEVEL_LABELS.get(t.level, t.level), v.value if v.ok else None, ind.unit, v.year,
                               "" if v.ok else v.note, eng.citation(v)])
                    ws.cell(ws.max_row, 4).number_format = fmt
    ws = _sheet(wb, "Sources", ["identifiant", "producteur", "jeu de données", "millésime", "géographie", "adresse", "couverture",
                                "licence", "consulté", "origine"], [22, 20, 50, 40, 20, 40, 40, 26, 10, 60])
    for row in eng.snapshot.sources.itertuples(index=False):
        ws.append([neutralise(str(x)) for x in row])
    titles = {r.id: r.title for r in content.results}
    ws = _sheet(wb, "Plans d'actions", ["identifiant", "niveau", "titre", "texte adopté", "enjeux", "justification",
                                        "pilote (élu)", "direction", "partenaires", "statut"], [11, 14, 34, 90, 34, 70, 16, 16, 16, 12])
    steering = content.catalogue.steering.set_index("plan")
    for item in content.catalogue.items:
        links = content.catalogue.issues_for_plan(item.id) if item.kind == "plan" else []
        why = " | ".join(w for _, w in links) or content.catalogue.transversal.get(item.id, "")
        st = steering.loc[item.id] if item.id in steering.index else {}
        ws.append([item.id, {"politique": "objectif politique", "operationnel": "objectif opérationnel"}.get(item.kind, "plan d'actions"),
                   item.title, item.text, ", ".join(titles[i] for i, _ in links), why,
                   *(neutralise(str(st[f])) if len(st) else "" for f in ("pilote_elu", "direction", "partenaires", "statut"))])
        ws.cell(ws.max_row, 4).alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
