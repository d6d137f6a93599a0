"""Typed errors whose messages are written in French for the user."""
from __future__ import annotations

from dataclasses import dataclass, field


class AbsError(Exception):
    """Base error: `str(err)` is a French message saying what is wrong and what to do."""


@dataclass(frozen=True)
class Problem:
    """One validation failure, as data (type, field, row, message), in the spirit of frictionless."""

    type: str
    message: str
    field: str | None = None
    row: int | None = None


class _WithProblems(AbsError):
    """An error listing every problem found: a French head line, one line per problem, an optional advice."""

    head = ""
    advice = ""

    def __str__(self) -> str:
        lines = [self.head.format(self=self, n=len(self.problems))] + [f"  - {p.message}" for p in self.problems]
        return "\n".join(lines + ([self.advice] if self.advice else []))


@dataclass
class ImportRefused(_WithProblems):
    """A file was refused at the door; `problems` lists every failure found, not only the first."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    head = "Le fichier « {self.source} » a été refusé ({n} problème(s)) :"
    advice = "Aucune donnée n'a été modifiée. Corrigez le fichier ou téléchargez-le à nouveau sur insee.fr."


class IndicatorUnavailable(AbsError):
    """An indicator has no value for a territory (level not covered, variable absent, secret...)."""

    def __init__(self, indicator: str, territory: str, reason: str):
        self.indicator, self.territory, self.reason = indicator, territory, reason
        super().__init__(f"L'indicateur « {indicator} » n'est pas disponible pour {territory} : {reason}.")


class NotAggregable(IndicatorUnavailable):
    """A median, decile or rate that cannot be summed over IRIS: read it per IRIS instead."""


class UnknownIndicator(AbsError):
    """The registry has no indicator with that id."""

    def __init__(self, indicator: str):
        self.indicator = indicator
        super().__init__(f"L'indicateur « {indicator} » n'existe pas dans le registre (data/indicators.yaml).")


@dataclass
class DataFileInvalid(_WithProblems):
    """A data file of the project (registry, territory, catalogue) breaks its rules."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    head = "Le fichier de données « {self.path} » est invalide ({n} problème(s)) :"


def explain_failures(action) -> int:
    """Run a command-line action: 0 when it succeeds, 2 with its French message on stderr when it fails."""
    import sys
    try:
        action()
    except AbsError as err:
        print(str(err), file=sys.stderr)
        return 2
    return 0
