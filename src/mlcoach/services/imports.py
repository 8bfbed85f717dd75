"""`mlcoach import`: a Markdown question bank becomes a deck in the learner's storage.

Everything that can fail is checked before the database is touched: the arguments, then the
file, read and parsed whole (binary, empty, over-size, truncated and non-bank files are
refused); duplicates are found with the sentence model, every item to practise is validated
as a bank model, and only then is the deck written, in one transaction. Importing the same
bytes again adds nothing; importing an edited file into its deck adds the new questions and
refreshes the ones it already had (their ids are stable).

Speed: the shipped bank's side of every comparison (a few hundred texts) is the same for each
import, so its vectors are kept in this process and in `<data_dir>/cache/`; so are those of
the last few files, so a `--dry-run` followed by the real import embeds nothing the second
time (and never loads the model). Otherwise an import embeds only its own questions, in one
batch.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import ValidationError
from sqlalchemy.orm import Session

from mlcoach.content.importers import (
    MAX_BYTES,
    ImportedItem,
    ImportProblem,
    Link,
    ParseResult,
    find_duplicates,
    parse_bytes,
    question_text,
    slugify,
)
from mlcoach.content.importers.convert import CONTENT_KIND, item_data, to_bank_item
from mlcoach.content.importers.placing import bank_entries, bank_texts, best_places, unique_ids
from mlcoach.grading import Embedder
from mlcoach.services.coach import Coach
from mlcoach.storage import decks_repo as repo
from mlcoach.storage.tables import Deck, DeckItem, User

__all__ = ["REPORT_KEYS", "EmbeddingSimilarity", "ImportProblem", "import_markdown"]

REPORT_KEYS = ("items", "merged", "skipped", "by_kind")
MAX_DECK_NAME = 200
Vectors = NDArray[np.float32]


@dataclass
class Planned:
    """One item to store: its id, its place in the taxonomy and what was merged into it."""

    item: ImportedItem
    item_id: str = ""
    topic: str = ""
    subtopic: str = ""
    same_as: str | None = None
    merged_lines: list[int] = field(default_factory=list)

    @property
    def practisable(self) -> bool:
        return not self.item.answerless and self.same_as is None

    def data(self, deck_slug: str) -> dict[str, Any]:
        """The JSON stored for this item (`convert.item_data` plus how it was merged)."""
        data = item_data(self.item, topic=self.topic, subtopic=self.subtopic)
        data.update(deck_slug=deck_slug, same_as=self.same_as, merged_lines=self.merged_lines)
        return data


@dataclass
class Plan:
    """What an import would store, and what it merged or had to leave out."""

    items: list[Planned]
    merged: list[dict[str, Any]]
    rejected: list[dict[str, Any]]


def import_markdown(
    coach: Coach, path: Path, *, deck: str | None = None, dry_run: bool = False
) -> dict[str, Any]:
    """Import one file as (or into) a deck; returns the report. Raises ImportProblem."""
    name = deck_name(deck, path)
    data = read_source(path)
    sha = hashlib.sha256(data).hexdigest()
    parsed = parse_bytes(data, str(path))
    with coach.learner() as (session, user):
        already = repo.deck_with_source(session, user, sha)
        slug, taken = _ids_in_use(coach, session, user, name)
    if already is not None:
        return _already(already.name, str(path), sha, dry_run, parsed)
    planned = plan(coach, parsed, slug, taken)
    report = _report(name, str(path), sha, dry_run, parsed, planned)
    if not dry_run:
        with coach.learner() as (session, user):
            _write(coach, session, user, name, (path, sha), slug, planned.items, report)
    return report


def read_source(path: Path) -> bytes:
    """The file's bytes, or an ImportProblem naming the file and what to do instead."""
    if path.is_dir():
        raise ImportProblem(f"{path}: this is a folder; give the path of a Markdown file in it")
    if not path.is_file():
        raise ImportProblem(f"{path}: no such file (give the path of a Markdown file)")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_big(path, size)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportProblem(
            f"{path}: cannot be read ({exc.strerror}); check that you may read it"
        ) from None
    if len(data) > MAX_BYTES:  # it grew while we looked
        raise _too_big(path, len(data))
    return data


def _too_big(path: Path, size: int) -> ImportProblem:
    return ImportProblem(
        f"{path}: the file is {size / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB "
        "(split it into smaller files)"
    )


def deck_name(deck: str | None, path: Path) -> str:
    """The deck to import into: --deck, else the file's name without its extension."""
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


def plan(coach: Coach, parsed: ParseResult, deck_slug: str, taken: set[str]) -> Plan:
    """Which items to store (with ids and topics), which were merged, and into what."""
    items = list(parsed.items)
    similarity = EmbeddingSimilarity(coach.embedder)
    for kind, texts in (("bank", bank_texts(coach.bank)), ("file", _question_texts(items))):
        similarity.remember(texts, cached_vectors(coach, texts, kind=kind))
    links = find_duplicates(items, bank_entries(coach.bank), similarity)
    planned = {i: Planned(item) for i, item in enumerate(items)}
    merged = [_merge(link, items, planned) for link in links]
    kept = [planned[i] for i in sorted(planned)]
    ids = unique_ids([(p.item.title, p.item.line) for p in kept], deck_slug, taken)
    for entry, item_id in zip(kept, ids, strict=True):
        entry.item_id = item_id
    _assign_places(kept, coach, similarity)
    rejected = _reject_invalid(kept, deck_slug)
    return Plan(kept, merged, rejected)


def _question_texts(items: list[ImportedItem]) -> list[str]:
    return list(dict.fromkeys(question_text(item) for item in items))


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


def _assign_places(kept: list[Planned], coach: Coach, similarity: EmbeddingSimilarity) -> None:
    """Concept-style items go to the best subtopic of the bank; the others are filed by kind."""
    concepts = [e for e in kept if CONTENT_KIND[e.item.kind] == "concept"]
    for entry in kept:
        if CONTENT_KIND[entry.item.kind] != "concept":
            entry.topic, entry.subtopic = CONTENT_KIND[entry.item.kind], ""
    found = best_places([question_text(e.item) for e in concepts], coach.bank, similarity)
    for entry, (topic, subtopic) in zip(concepts, found, strict=True):
        entry.topic, entry.subtopic = topic, subtopic


def _reject_invalid(kept: list[Planned], deck_slug: str) -> list[dict[str, Any]]:
    """Leave out (and report) items practice could not use, rather than store them silently
    broken; the seed banks have none, a hand-written file might (an empty title, say)."""
    rejected = []
    for entry in list(kept):
        if not entry.practisable:
            continue
        try:
            to_bank_item(entry.item_id, entry.data(deck_slug))
        except (ValidationError, ValueError, KeyError) as exc:
            kept.remove(entry)
            reason = f"cannot be practised ({_first_error(exc)}); fix the item in the file"
            rejected.append({"line": entry.item.line, "text": entry.item.title, "reason": reason})
    return rejected


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        error = exc.errors()[0]
        return f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
    return str(exc)


class EmbeddingSimilarity:
    """Cosine similarity over sentence vectors; each distinct text is embedded at most once."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.vectors: dict[str, Vectors] = {}

    def remember(self, texts: Sequence[str], vectors: Vectors) -> None:
        """Use these vectors for these texts (embedded earlier, e.g. read from the cache)."""
        self.vectors.update(zip(texts, vectors, strict=True))

    def embed(self, texts: Sequence[str]) -> None:
        """Embed the texts not seen yet, in one batch."""
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            self.remember(missing, self.embedder.encode(missing))

    def __call__(self, first: Sequence[str], second: Sequence[str]) -> Vectors:
        self.embed([*first, *second])
        if not first or not second:
            return np.zeros((len(first), len(second)), dtype=np.float32)
        left = np.stack([self.vectors[t] for t in first])
        right = np.stack([self.vectors[t] for t in second])
        return np.asarray(left @ right.T, dtype=np.float32)


_CACHE_PREFIX = "import-vectors-"
_KEEP = {"bank": 1, "file": 4}  # the current bank; the last few files (dry run, then import)
_IN_PROCESS: dict[str, Vectors] = {}  # a web server imports many files with one bank
_IN_PROCESS_SIZE = 8


def cached_vectors(coach: Coach, texts: list[str], *, kind: str) -> Vectors:
    """The texts' vectors: from this process, else from `<data_dir>/cache`, else from the model
    (then kept in both). The key covers the model's name and every text, so an edited bank or
    file, or another model, never reads stale vectors. `kind` says how many to keep on disk."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    key = hashlib.sha256("\x1f".join([coach.embedder.name, *texts]).encode()).hexdigest()[:24]
    if key in _IN_PROCESS:
        return _IN_PROCESS[key]
    folder = coach.settings.data_dir / "cache"
    path = folder / f"{_CACHE_PREFIX}{kind}-{key}.npy"
    vectors = _load_vectors(path, len(texts))
    if vectors is None:
        vectors = np.asarray(coach.embedder.encode(texts), dtype=np.float32)
        _save_vectors(path, vectors, siblings=f"{_CACHE_PREFIX}{kind}-*.npy", keep=_KEEP[kind])
    _IN_PROCESS[key] = vectors
    while len(_IN_PROCESS) > _IN_PROCESS_SIZE:
        del _IN_PROCESS[next(iter(_IN_PROCESS))]
    return vectors


def _load_vectors(path: Path, rows: int) -> Vectors | None:
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None  # absent or damaged: embed again
    if vectors.ndim != 2 or vectors.shape[0] != rows or vectors.dtype != np.float32:
        return None
    path.touch()  # recently used: kept longest
    return np.asarray(vectors, dtype=np.float32)


def _save_vectors(path: Path, vectors: Vectors, *, siblings: str, keep: int) -> None:
    """Write atomically and keep only the `keep` most recent files matching `siblings`; a
    read-only data folder only costs speed, so failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        with partial.open("wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
        os.replace(partial, path)
        same_kind = sorted(
            path.parent.glob(siblings),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in same_kind[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _report(
    name: str, source: str, sha: str, dry_run: bool, parsed: ParseResult, planned: Plan
) -> dict[str, Any]:
    practised = [p for p in planned.items if p.practisable]
    return {
        "deck": name,
        "source": source,
        "sha256": sha,
        "dry_run": dry_run,
        "shapes": list(parsed.shapes),
        "found": len(parsed.answered),
        "items": len(practised),
        "answerless": sum(1 for p in planned.items if p.item.answerless and p.same_as is None),
        "linked": sum(1 for p in planned.items if p.same_as is not None),
        "merged": planned.merged,
        "skipped": [s.to_dict() for s in parsed.skipped] + planned.rejected,
        "by_kind": dict(sorted(Counter(p.item.kind for p in practised).items())),
        "added": 0,
        "updated": 0,
        "not_in_file": [],  # ids an earlier import of this deck stored that the file lacks now
        "already_imported": None,
    }


def _already(
    name: str, source: str, sha: str, dry_run: bool, parsed: ParseResult
) -> dict[str, Any]:
    report = _report(name, source, sha, dry_run, parsed, Plan([], [], []))
    report.update(deck=name, already_imported=name)
    return report


def _check_nothing_changed(
    coach: Coach,
    session: Session,
    user: User,
    name: str,
    path: Path,
    sha: str,
    planned: list[Planned],
) -> None:
    """Planning ran outside the write's transaction: refuse if another import meanwhile
    stored this file or took one of the ids planned here."""
    if repo.deck_with_source(session, user, sha) is not None:
        raise ImportProblem(f"{path}: this file was imported meanwhile; nothing was added")
    if _ids_in_use(coach, session, user, name)[1] & {entry.item_id for entry in planned}:
        raise ImportProblem(
            f"{path}: another import changed your decks meanwhile; nothing was added, run the "
            "import again"
        )


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
    _check_nothing_changed(coach, session, user, name, path, sha, planned)
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
    report["not_in_file"] = sorted(set(existing) - {entry.item_id for entry in planned})
