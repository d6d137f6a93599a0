"""The municipal plan as data: objectives, action plans, steering fields and links to the issues."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from abs.errors import DataFileInvalid, Problem
from abs.paths import data_dir

STATUSES = ("", "à lancer", "en cours", "réalisé", "suspendu")
STEERING_FIELDS = ("pilote_elu", "direction", "partenaires", "statut")


@dataclass(frozen=True)
class Item:
    """A political objective (id '1'), operational objective ('1.2') or action plan ('1.2.3')."""

    id: str
    kind: str
    text: str
    title: str

    @property
    def parent(self) -> str | None:
        """The id of the objective this item belongs to."""
        return self.id.rsplit(".", 1)[0] if "." in self.id else None


@dataclass(frozen=True)
class Link:
    """An issue answered by a plan, with the reason."""

    issue: str
    plan: str
    rationale: str


@dataclass(frozen=True)
class Catalogue:
    """The whole plan with its links; every accessor returns items in the adopted order."""

    items: tuple[Item, ...]
    links: tuple[Link, ...]
    transversal: dict
    steering: pd.DataFrame

    def get(self, item_id: str) -> Item:
        """One item by id."""
        return self._by_id[item_id]

    @property
    def _by_id(self) -> dict:
        return {i.id: i for i in self.items}

    def of_kind(self, kind: str) -> list[Item]:
        """'politique', 'operationnel' or 'plan' items."""
        return [i for i in self.items if i.kind == kind]

    def children(self, item_id: str) -> list[Item]:
        """The items directly under an objective."""
        return [i for i in self.items if i.parent == item_id]

    def plans_for_issue(self, issue: str) -> list[tuple[Item, str]]:
        """The plans that answer an issue, with their rationale."""
        return [(self.get(l.plan), l.rationale) for l in self.links if l.issue == issue]

    def issues_for_plan(self, plan: str) -> list[tuple[str, str]]:
        """The issues a plan answers, with the rationale."""
        return [(l.issue, l.rationale) for l in self.links if l.plan == plan]

    def coverage(self, issues: list[str]) -> pd.DataFrame:
        """Issues x operational objectives: how many plans of each objective answer each issue."""
        ops = [o.id for o in self.of_kind("operationnel")]
        table = pd.DataFrame(0, index=pd.Index(issues, name="enjeu"), columns=pd.Index(ops, name="objectif"))
        for l in self.links:
            table.loc[l.issue, l.plan.rsplit(".", 1)[0]] += 1
        return table


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check(items: list[Item], links: list[Link], transversal: dict, steering: pd.DataFrame, issues: list[str]) -> list[Problem]:
    """Every integrity rule of the catalogue, all failures at once."""
    problems = []
    ids = [i.id for i in items]
    expected = [f"{p}" for p in (1, 2, 3)] + [f"{p}.{o}" for p in (1, 2, 3) for o in (1, 2, 3, 4)] + \
               [f"{p}.{o}.{a}" for p in (1, 2, 3) for o in (1, 2, 3, 4) for a in range(1, 7)]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem("duplicate-id", f"identifiant « {dup} » en double.", "id"))
    for miss in [e for e in expected if e not in ids]:
        problems.append(Problem("missing-item", f"élément « {miss} » absent (attendu : 3 objectifs politiques x 4 opérationnels x 6 plans).", "id"))
    for extra in [i for i in ids if i not in expected]:
        problems.append(Problem("unexpected-item", f"élément « {extra} » inattendu.", "id"))
    for i in items:
        if not i.text.strip():
            problems.append(Problem("empty-text", f"« {i.id} » : texte vide.", "text"))
        if not i.title.strip():
            problems.append(Problem("empty-title", f"« {i.id} » : titre court absent.", "title"))
    plans = {i.id for i in items if i.kind == "plan"}
    for l in links:
        if l.plan not in plans:
            problems.append(Problem("dangling-plan", f"lien vers un plan inexistant « {l.plan} ».", "plan"))
        if l.issue not in issues:
            problems.append(Problem("dangling-issue", f"lien vers un enjeu inexistant « {l.issue} ».", "issue"))
        if not l.rationale.strip():
            problems.append(Problem("no-rationale", f"lien {l.issue} → {l.plan} sans justification.", "rationale"))
    linked = {l.plan for l in links}
    for p in sorted(plans - linked - set(transversal)):
        problems.append(Problem("orphan-plan", f"le plan « {p} » ne répond à aucun enjeu et n'est pas marqué transversal.", "plan"))
    for p in sorted(set(transversal) & linked):
        problems.append(Problem("transversal-and-linked", f"le plan « {p} » est à la fois lié à un enjeu et marqué transversal.", "plan"))
    for p, reason in transversal.items():
        if p not in plans:
            problems.append(Problem("dangling-plan", f"plan transversal inexistant « {p} ».", "plan"))
        if not str(reason).strip():
            problems.append(Problem("no-reason", f"le plan transversal « {p} » n'a pas de raison.", "reason"))
    for issue in issues:
        if not any(l.issue == issue for l in links):
            problems.append(Problem("issue-without-plan", f"l'enjeu « {issue} » n'a aucun plan d'actions.", "issue"))
    bad_status = steering[~steering["statut"].isin(STATUSES)]
    for row in bad_status.itertuples():
        problems.append(Problem("bad-status", f"plan « {row.plan} » : statut inconnu « {row.statut} » (attendu : {', '.join(s for s in STATUSES if s)}).", "statut"))
    for p in sorted(plans - set(steering["plan"])):
        problems.append(Problem("no-steering", f"plan « {p} » absent du fichier de pilotage.", "plan"))
    return problems


def load_catalogue(folder: Path | None = None, issues: list[str] | None = None) -> Catalogue:
    """Load data/plan/ and validate it; raises DataFileInvalid listing every problem."""
    folder = folder or data_dir() / "plan"
    if issues is None:
        issues = [i["id"] for i in _yaml(folder.parent / "issues.yaml")["issues"]]
    return _load(str(folder), tuple(issues))


@lru_cache(maxsize=4)
def _load(folder: str, issues: tuple[str, ...]) -> Catalogue:
    base = Path(folder)
    titles = {str(k): v for k, v in _yaml(base / "titles.yaml").items()}
    raw = _yaml(base / "catalogue.yaml")["items"]
    items = [Item(str(i["id"]), i["kind"], i["text"], titles.get(str(i["id"]), "")) for i in raw]
    ldoc = _yaml(base / "links.yaml")
    links = [Link(l["issue"], str(l["plan"]), l.get("rationale", "")) for l in ldoc.get("links", [])]
    transversal = {str(t["plan"]): t.get("reason", "") for t in ldoc.get("transversal", [])}
    steering = read_steering(base / "steering.csv")
    problems = check(items, links, transversal, steering, list(issues))
    if problems:
        raise DataFileInvalid(folder, problems)
    return Catalogue(tuple(items), tuple(links), transversal, steering)


def read_steering(path: Path) -> pd.DataFrame:
    """The editable steering fields of each plan (pilot, direction, partners, status), empty by default."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_steering(path: Path, table: pd.DataFrame) -> None:
    """Save the steering table atomically, keeping the previous version beside it (.previous.csv)."""
    bad = table[~table["statut"].isin(STATUSES)]
    if len(bad):
        raise DataFileInvalid(str(path), [Problem("bad-status", f"plan « {r.plan} » : statut inconnu « {r.statut} ».", "statut") for r in bad.itertuples()])
    tmp = path.with_suffix(".tmp")
    table[["plan", *STEERING_FIELDS]].to_csv(tmp, index=False, quoting=csv.QUOTE_MINIMAL)
    if path.exists():
        path.replace(path.with_name(path.stem + ".previous.csv"))
    tmp.replace(path)
    _load.cache_clear()
