"""Workshop outputs: a PowerPoint deck with native charts, an Excel workbook, a PDF report, chart images."""


def export(kind: str) -> bytes:
    """One export of the shipped data: 'deck', 'workbook' or 'report' (its writer imported only when asked)."""
    from abs.export.content import gather
    if kind == "deck":
        from abs.export.deck import build_deck as build
    elif kind == "workbook":
        from abs.export.workbook import build_workbook as build
    else:
        from abs.export.report import build_report as build
    return build(gather())
