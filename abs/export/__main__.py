"""Command line: python -m abs.export {deck,workbook,report,chart} --out FILE."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from abs.errors import AbsError, explain_failures


def main(argv: list[str] | None = None) -> int:
    """Write one export of the shipped data."""
    parser = argparse.ArgumentParser(prog="python -m abs.export", description="Exporte le diagnostic (diaporama, classeur, rapport, image).")
    parser.add_argument("kind", choices=["deck", "workbook", "report", "chart"])
    parser.add_argument("--out", type=Path, required=True, help="fichier à écrire (.pptx, .xlsx, .pdf, .png)")
    parser.add_argument("--issue", default=None, help="pour « chart » : l'enjeu dont on exporte le graphique principal")
    args = parser.parse_args(argv)
    from abs.export.content import gather
    content = gather()

    def run() -> None:
        if args.kind == "deck":
            from abs.export.deck import build_deck
            data = build_deck(content)
        elif args.kind == "workbook":
            from abs.export.workbook import build_workbook
            data = build_workbook(content)
        elif args.kind == "report":
            from abs.export.report import build_report
            data = build_report(content)
        else:
            from abs import charts
            from abs.export.images import figure_png
            result = next((r for r in content.results if r.id == (args.issue or content.results[0].id)), None)
            if result is None:
                raise AbsError(f"Enjeu inconnu « {args.issue} » : choisissez parmi {', '.join(r.id for r in content.results)}.")
            meta = content.engine.registry.get(result.key_indicator)
            data = figure_png(charts.bars(content.issue_chart(result), meta.label, meta.unit, highlight=content.commune.name))
        args.out.write_bytes(data)
        print(f"{args.out} écrit ({len(data)} octets).")
    return explain_failures(run)

if __name__ == "__main__":
    sys.exit(main())
