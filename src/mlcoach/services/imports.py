"""`mlcoach import`: a Markdown question bank becomes a deck in the learner's storage.

Everything that can fail is checked before the database is touched: the file is read and
parsed whole (binary, empty, over-size, truncated and non-bank files are refused), duplicates
are found with the sentence model, and only then is the deck written, in one transaction.
Importing the same bytes again adds nothing; importing an edited file into its deck adds the
new questions and refreshes the ones it already had (their ids are stable).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from mlcoach.content import AnyItem, Bank, ConceptQuestion
from mlcoach.content.importers import (
    MAX_BYTES,
    BankEntry,
    ImportedItem,
    ImportProblem,
    Link,
    ParseResult,
    find_duplicates,
    parse_bytes,
    question_text,
    slugify,
)
from mlcoach.content.importers.convert import CONTENT_KIND, item_data
from mlcoach.content.importers.text import plain
from mlcoach.grading import Embedder
from mlcoach.services.coach import Coach
from mlcoach.storage import decks_repo as repo
from mlcoach.storage.tables import Deck, DeckItem, User

__all__ = ["REPORT_KEYS", "ImportProblem", "import_markdown"]

REPORT_KEYS = ("items", "merged", "skipped", "by_kind")
MAX_DECK_NAME = 200
_FALLBACK_TOPIC = ("ml-fundamentals", "imported")
_TITLED = ("challenge", "design", "case")


@dataclass
class Planned:
    """One item to store: its id, its place in the taxonomy and what was merged into it."""

    item: ImportedItem
    item_id: str = ""
    topic: str = ""
    subtopic: str = ""
    same_as: str | None = None
    merged_lines: list[int] = field(default_factory=list)

    def data(self, deck_slug: str) -> dict[str, Any]:
        data = item_data(self.item, topic=self.topic, subtopic=self.subtopic)
        data.update(deck_slug=deck_slug, same_as=self.same_as, merged_lines=self.merged_lines)
        return data


def import_markdown(
    coach: Coach, path: Path, *, deck: str | None = None, dry_run: bool = False
) -> dict[str, Any]:
    """Import one file as (or into) a deck; returns the report. Raises ImportProblem."""
    data = read_source(path)
    sha = hashlib.sha256(data).hexdigest()
    parsed = parse_bytes(data, str(path))
    name = deck_name(deck, path)
    with coach.learner() as (session, user):
        already = repo.deck_with_source(session, user, sha)
        slug, taken = _ids_in_use(coach, session, user, name)
    if already is not None:
        return _already(already.name, str(path), sha, dry_run, parsed)
    planned, merged = plan(coach, parsed, slug, taken)
    report = _report(name, str(path), sha, dry_run, parsed, planned, merged)
    if not dry_run:
        with coach.learner() as (session, user):
            _write(coach, session, user, name, (path, sha), slug, planned, report)
    return report


def read_source(path: Path) -> bytes:
    if not path.is_file():
        raise ImportProblem(f"{path}: no such file (give the path of a Markdown file)")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportProblem(
            f"{path}: the file is {size / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB "
            "(split it into smaller files)"
        )
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def deck_name(deck: str | None, path: Path) -> str:
    name = (deck if deck is not None else path.stem).strip()
    if not name:
        raise ImportProblem("--deck: the deck name is empty (give a name such as 'ml-notes')")
    if len(name) > MAX_DECK_NAME:
        raise ImportProblem(f"--deck: the name is longer than {MAX_DECK_NAME} characters")
    return name


def _ids_in_use(coach: Coach, session: Session, user: User, name: str) -> tuple[str, set[str]]:
    """The deck's id prefix (kept from an earlier import) and ids other items already use."""
    existing = repo.deck_named(session, user, name)
    own = repo.items_of(session, existing) if existing is not None else []
    prefixes = {_prefix_of(item) for item in own}
    others = repo.item_ids_of_user(session, user) - {item.item_id for item in own}
    taken = set(coach.bank.items) | others
    if prefixes:
        return prefixes.pop(), taken
    base = slugify(name, 30) or "deck"
    slug, n = base, 1
    while any(i.startswith(f"deck-{slug}-") for i in others):
        n += 1
        slug = f"{base}-{n}"
    return slug, taken


def _prefix_of(item: DeckItem) -> str:
    return str(item.data.get("deck_slug") or item.item_id.split("-")[1])


def plan(
    coach: Coach, parsed: ParseResult, deck_slug: str, taken: set[str]
) -> tuple[list[Planned], list[dict[str, Any]]]:
    """Which items to store (with ids and topics) and which were merged, and into what."""
    items = list(parsed.items)
    similarity = EmbeddingSimilarity(coach.embedder)
    entries = bank_entries(coach.bank)
    links = find_duplicates(items, entries, similarity)
    planned = {i: Planned(item) for i, item in enumerate(items)}
    merged = [_merge(link, items, planned) for link in links]
    kept = [planned[i] for i in sorted(planned)]
    _assign_ids(kept, deck_slug, taken)
    _assign_topics(kept, coach.bank, similarity)
    return kept, merged


def _merge(link: Link, items: list[ImportedItem], planned: dict[int, Planned]) -> dict[str, Any]:
    item = items[link.index]
    record: dict[str, Any] = {
        "question": item.title,
        "line": item.line,
        "similarity": link.similarity,
    }
    if link.bank_id is not None:
        planned[link.index].same_as = link.bank_id
        return {**record, "into": link.bank_id, "reason": "same as a shipped item"}
    assert link.target is not None
    target = planned[link.target]
    target.item = target.item.with_labels(item.companies, item.tags)
    target.merged_lines.append(item.line)
    del planned[link.index]
    reason = "listed without an answer" if item.answerless else "duplicate in this file"
    return {**record, "into": target.item.title, "into_line": target.item.line, "reason": reason}


def _assign_ids(kept: list[Planned], deck_slug: str, taken: set[str]) -> None:
    used = set(taken)
    for entry in kept:
        base = f"deck-{deck_slug}-{slugify(entry.item.title, 60) or f'item-{entry.item.line}'}"
        item_id, n = base, 1
        while item_id in used:
            n += 1
            item_id = f"{base}-{n}"
        used.add(item_id)
        entry.item_id = item_id


def _assign_topics(kept: list[Planned], bank: Bank, similarity: EmbeddingSimilarity) -> None:
    """Concept-style items go to the best subtopic of the bank's taxonomy.

    A subtopic scores the question's similarity to its name ("Deep learning: dropout") plus
    its similarity to the closest shipped question filed there; either alone misleads (a name
    is vague, one neighbouring question can be about something else).
    """
    pending = [e for e in kept if CONTENT_KIND[e.item.kind] == "concept"]
    for entry in kept:
        if CONTENT_KIND[entry.item.kind] != "concept":
            entry.topic, entry.subtopic = CONTENT_KIND[entry.item.kind], ""
    places = [
        (topic, sub, f"{info.title}: {sub.replace('-', ' ')}")
        for topic, info in bank.manifest.topics.items()
        for sub in info.subtopics
    ]
    if not pending or not places:
        for entry in pending:
            entry.topic, entry.subtopic = _FALLBACK_TOPIC
        return
    concepts = [i for i in bank.items.values() if isinstance(i, ConceptQuestion)]
    questions = [question_text(e.item) for e in pending]
    to_names = similarity(questions, [name for _, _, name in places])
    to_items = similarity(questions, [_first_sentence(c.prompt) for c in concepts])
    members = [
        [k for k, c in enumerate(concepts) if (c.topic, c.subtopic) == (topic, sub)]
        for topic, sub, _ in places
    ]
    for row, entry in enumerate(pending):
        scores = [
            to_names[row, j] + max((to_items[row, k] for k in members[j]), default=to_names[row, j])
            for j in range(len(places))
        ]
        entry.topic, entry.subtopic, _ = places[int(np.argmax(scores))]


def bank_entries(bank: Bank) -> list[BankEntry]:
    """Each shipped item by the text that best states its question: the title of a challenge,
    design or case ("K-means++ initialisation"), the prompt's first sentence otherwise."""
    entries = []
    for item in bank.items.values():
        title = getattr(item, "title", "") if item.kind in _TITLED else ""
        text = plain(title) if title else _first_sentence(_prompt(item))
        if text:
            entries.append(BankEntry(item.id, item.kind, text))
    return entries


def _prompt(item: AnyItem) -> str:
    return "\n".join(line for line in item.prompt.splitlines() if not line.startswith("#"))


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s", plain(text), maxsplit=1)[0]


class EmbeddingSimilarity:
    """Cosine similarity with each distinct text embedded once per import."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.vectors: dict[str, NDArray[np.float32]] = {}

    def __call__(self, first: Sequence[str], second: Sequence[str]) -> NDArray[np.float32]:
        missing = [t for t in dict.fromkeys([*first, *second]) if t not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.embedder.encode(missing), strict=True))
        if not first or not second:
            return np.zeros((len(first), len(second)), dtype=np.float32)
        left = np.stack([self.vectors[t] for t in first])
        right = np.stack([self.vectors[t] for t in second])
        return np.asarray(left @ right.T, dtype=np.float32)


def _report(
    name: str,
    source: str,
    sha: str,
    dry_run: bool,
    parsed: ParseResult,
    planned: list[Planned],
    merged: list[dict[str, Any]],
) -> dict[str, Any]:
    practised = [p for p in planned if not p.item.answerless and p.same_as is None]
    return {
        "deck": name,
        "source": source,
        "sha256": sha,
        "dry_run": dry_run,
        "shapes": list(parsed.shapes),
        "found": len(parsed.answered),
        "items": len(practised),
        "answerless": sum(1 for p in planned if p.item.answerless and p.same_as is None),
        "linked": sum(1 for p in planned if p.same_as is not None),
        "merged": merged,
        "skipped": [s.to_dict() for s in parsed.skipped],
        "by_kind": dict(sorted(Counter(p.item.kind for p in practised).items())),
        "added": 0,
        "updated": 0,
        "already_imported": None,
    }


def _already(
    name: str, source: str, sha: str, dry_run: bool, parsed: ParseResult
) -> dict[str, Any]:
    report = _report(name, source, sha, dry_run, parsed, [], [])
    report.update(deck=name, already_imported=name, found=len(parsed.answered))
    return report


def _write(
    coach: Coach,
    session: Session,
    user: User,
    name: str,
    origin: tuple[Path, str],
    slug: str,
    planned: list[Planned],
    report: dict[str, Any],
) -> None:
    path, sha = origin
    if repo.deck_with_source(session, user, sha) is not None:
        raise ImportProblem(f"{path}: this file was imported meanwhile; nothing was added")
    deck = repo.deck_named(session, user, name)
    if deck is None:
        deck = Deck(user_id=user.id, name=name, created_at=coach.now())
        session.add(deck)
    deck.source_path, deck.source_sha256 = str(path.resolve()), sha
    session.flush()
    existing = {row.item_id: row for row in repo.items_of(session, deck)}
    for entry in planned:
        row = existing.get(entry.item_id)
        if row is None:
            row = DeckItem(deck_id=deck.id, item_id=entry.item_id)
            session.add(row)
            report["added"] += 1
        else:
            report["updated"] += 1
        row.kind = CONTENT_KIND[entry.item.kind]
        row.data = entry.data(slug)
        row.source_line = entry.item.line
