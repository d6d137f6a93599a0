"""What the deck, workbook and report say: gathered once from the analysis, the catalogue and the sources."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from abs.analysis import IssueResult, default_analysis
from abs.engine import Engine, default_engine
from abs.plans import Catalogue, load_catalogue
from abs.remarks import read_remarks
from abs.views import comparison, issue_chart_table, perimeters, whole_commune

NEIGHBOURHOOD_INDICATORS = ("part_60p", "part_personnes_seules", "part_personnes_monoparentales", "caf_part_rsa",
                            "caf_part_aah", "caf_part_monoparents", "part_hlm")


@dataclass
class Content:
    """Everything the writers need, computed from the shipped data."""

    engine: Engine
    results: list[IssueResult]
    catalogue: Catalogue
    remarks: pd.DataFrame
    made_on: date

    @property
    def commune(self):
        """The studied commune."""
        return self.engine.study.commune

    def vintages(self) -> list[str]:
        """The vintages of the sources the snapshot holds, for the title slide."""
        return sorted(set(self.engine.snapshot.sources["vintage"]))

    def issue_chart(self, result: IssueResult) -> pd.DataFrame:
        """The key indicator of an issue across territories, rows with a value only."""
        return issue_chart_table(self.engine, result).dropna(subset=["valeur"])

    def neighbourhood_table(self, nbh) -> pd.DataFrame:
        """A neighbourhood against all the commune's IRIS, on the IRIS indicators that can be summed."""
        rows = []
        base = whole_commune(self.engine)
        for ind in NEIGHBOURHOOD_INDICATORS:
            meta = self.engine.registry.get(ind)
            table = comparison(self.engine, ind, [nbh, base])
            table.insert(0, "indicateur", meta.label)
            rows.append(table)
        return pd.concat(rows, ignore_index=True)

    def perimeters(self) -> pd.DataFrame:
        """The neighbourhood perimeters with evidence and status."""
        return perimeters(self.engine)


def gather(engine: Engine | None = None) -> Content:
    """Collect the content of the exports from the shipped data."""
    engine = engine or default_engine()
    return Content(engine, list(default_analysis()), load_catalogue(), read_remarks(), date.today())
