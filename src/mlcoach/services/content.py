"""Use-cases over the shipped bank: check, list, show (deck items too), stats."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlcoach.content import AnyItem, Bank, Problem, load_bank, quality_problems
from mlcoach.content.models import ConceptQuestion
from mlcoach.services import decks
from mlcoach.services.coach import Coach
from mlcoach.services.practice import check_filters


class UnknownContent(LookupError):
    """No shipped or deck item to show under this id; the message says where to find ids."""


@dataclass(frozen=True)
class CheckReport:
    problems: list[Problem]
    items: int
    blueprints: int
    challenges_verified: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "items": self.items,
            "blueprints": self.blueprints,
            "challenges_verified": self.challenges_verified,
            "problems": [p.to_dict() for p in self.problems],
        }


def check_content(root: Path, *, verify_challenges: bool = True) -> CheckReport:
    """Every problem in the bank at once: schema, references, quality bar and, unless
    `verify_challenges` is off, each challenge run in the real sandbox (starter must fail,
    solution must pass)."""
    result = load_bank(root)
    problems = result.problems + quality_problems(result.bank)
    verified = 0
    if verify_challenges and result.bank.challenges():
        from mlcoach.services.challenges import verify_bank_challenges

        sandbox_problems, verified = verify_bank_challenges(result.bank)
        problems += sandbox_problems
    return CheckReport(
        sorted(set(problems)), len(result.bank.items), len(result.bank.blueprints), verified
    )


def item_summary(bank: Bank, item: AnyItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "topic": getattr(item, "topic", None),
        "subtopic": item.subtopic if isinstance(item, ConceptQuestion) else None,
        "difficulty": item.difficulty,
        "companies": list(item.companies),
        "title": item.title_text,
        "path": bank.paths.get(item.id),
    }


def list_items(
    bank: Bank,
    *,
    kind: str | None = None,
    topic: str | None = None,
    company: str | None = None,
    difficulty: int | None = None,
) -> list[AnyItem]:
    return [
        item
        for item in bank.items.values()
        if (kind is None or item.kind == kind)
        and (
            topic is None
            or topic == getattr(item, "topic", None)
            or topic in getattr(item, "topics", ())
        )
        and (company is None or company in item.companies)
        and (difficulty is None or item.difficulty == difficulty)
    ]


def list_bank_items(
    coach: Coach,
    *,
    kind: str | None = None,
    topic: str | None = None,
    company: str | None = None,
    difficulty: int | None = None,
) -> list[AnyItem]:
    """The shipped items that match; an unknown filter value raises PracticeError naming the
    option and the valid choices, as `mlcoach practice` does."""
    items = list(coach.bank.items.values())
    check_filters(coach, items, kind=kind, topic=topic, company=company, difficulty=difficulty)
    return list_items(coach.bank, kind=kind, topic=topic, company=company, difficulty=difficulty)


def show_any_item(coach: Coach, item_id: str) -> tuple[AnyItem, dict[str, Any]]:
    """A shipped item, else one of the learner's deck items, with its JSON data; `deck` names
    the deck it comes from (None for shipped items), `path` its bank file (None for a deck)."""
    if item_id in coach.bank.items:
        return coach.bank.items[item_id], {**show_item(coach.bank, item_id), "deck": None}
    found = decks.find_deck_entry(coach, item_id)
    if found is None:
        raise UnknownContent(
            f"no item '{item_id}' in the bank or in your decks; `mlcoach content list` lists "
            "the bank's ids, `mlcoach decks show DECK` a deck's"
        )
    if found.item is None:
        raise UnknownContent(_not_showable(item_id, found))
    return found.item, {**found.item.model_dump(mode="json"), "path": None, "deck": found.deck}


def _not_showable(item_id: str, found: decks.DeckEntry) -> str:
    where = f"'{item_id}' in deck '{found.deck}'"
    if found.entry["status"] == "linked":
        shipped = found.entry["same_as"]
        return f"{where} is the shipped item '{shipped}'; run `mlcoach content show {shipped}`"
    if found.entry["status"] == "answerless":
        return (
            f"{where} is a question without an answer, so there is nothing to show or grade; "
            "add the answer in your notes and import them again"
        )
    return f"{where} was stored by an older importer and cannot be read; import the notes again"


def show_item(bank: Bank, item_id: str) -> dict[str, Any]:
    item = bank.get(item_id)
    data = item.model_dump(mode="json")
    data["path"] = bank.paths.get(item.id)
    return data


def stats(bank: Bank) -> dict[str, Any]:
    items = list(bank.items.values())
    by_topic = Counter(str(getattr(i, "topic", "")) for i in items)
    by_subtopic = Counter(
        f"{i.topic}/{i.subtopic}" for i in items if isinstance(i, ConceptQuestion)
    )
    return {
        "format_version": bank.manifest.format_version,
        "total": len(items),
        "by_kind": dict(sorted(Counter(i.kind for i in items).items())),
        "by_topic": dict(sorted(by_topic.items())),
        "by_subtopic": dict(sorted(by_subtopic.items())),
        "blueprints": sorted(bank.blueprints),
    }
