"""Full-text search over bank items: SQLite FTS5 in an in-memory database built once.

The index holds what a learner may read (titles, prompts, model answers, tags); a challenge's
hidden tests and reference solution are never indexed. Filters (kind, topic, company,
difficulty) apply to the matches, so a query with no words lists the filtered items.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mlcoach.content import AnyItem
from mlcoach.content.models import (
    BehavioralPrompt,
    CaseStudy,
    ConceptQuestion,
    DesignPrompt,
    Filters,
    item_topics,
)

_WORD = re.compile(r"\w+", re.UNICODE)
_OPEN, _CLOSE = "\x02", "\x03"  # snippet() markers; never in bank text after this module
SNIPPET_TOKENS = 16
DEFAULT_LIMIT = 50
NO_FILTERS = Filters()


@dataclass(frozen=True)
class SearchHit:
    item: AnyItem
    # the matching passage as (text, is_match) runs, so a shell can mark matches safely
    snippet: tuple[tuple[str, bool], ...] = ()

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)


def searchable_text(item: AnyItem) -> tuple[str, str, str]:
    """(title, prompt, body) a learner may read; never tests or a challenge's solution."""
    body: list[str] = [*item.tags, *item.companies, *item_topics(item)]
    if isinstance(item, ConceptQuestion):
        body += [item.subtopic, item.model_answer, *(p.text for p in item.key_points)]
    elif isinstance(item, DesignPrompt | CaseStudy):
        body += [item.model_answer]
    elif isinstance(item, BehavioralPrompt):
        body += [item.example_answer, *item.competencies]
    prompt = item.prompt
    return item.title_text, prompt, "\n".join(body)


def match_query(text: str) -> str | None:
    """An FTS5 query that ANDs every word of `text` as a prefix; None when it has no words.

    Words are quoted, so FTS5 operators typed by a user (NEAR, OR, quotes, colons) are text.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


class SearchIndex:
    """Thread-safe: one in-memory connection shared by every request, behind a lock."""

    def __init__(self, items: Iterable[AnyItem]):
        self._items = {item.id: item for item in items}
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE items USING fts5("
            "id UNINDEXED, title, prompt, body, tokenize='porter unicode61 remove_diacritics 2')"
        )
        rows = [(item.id, *_clean(searchable_text(item))) for item in self._items.values()]
        self._db.executemany("INSERT INTO items VALUES (?, ?, ?, ?)", rows)
        self._db.commit()

    def __len__(self) -> int:
        return len(self._items)

    def search(
        self, text: str = "", filters: Filters = NO_FILTERS, limit: int = DEFAULT_LIMIT
    ) -> list[SearchHit]:
        query = match_query(text)
        if query is None:
            items = sorted(self._items.values(), key=lambda i: (i.kind, i.difficulty, i.id))
            return [SearchHit(i) for i in items if filters.matches(i)][:limit]
        hits = []
        for item_id, snippet in self._matches(query):
            item = self._items[item_id]
            if filters.matches(item):
                hits.append(SearchHit(item, _runs(snippet)))
                if len(hits) >= limit:
                    break
        return hits

    def _matches(self, query: str) -> list[tuple[str, str]]:
        sql = (
            "SELECT id, snippet(items, -1, ?, ?, '…', ?) FROM items WHERE items MATCH ? "
            "ORDER BY bm25(items, 0.0, 10.0, 4.0, 1.0)"
        )
        with self._lock:
            return list(self._db.execute(sql, (_OPEN, _CLOSE, SNIPPET_TOKENS, query)))

    def close(self) -> None:
        with self._lock:
            self._db.close()


_MARKUP = re.compile(r"`+|\*\*|^#+\s*|^\s*[-*]\s+", re.M)


def _clean(texts: tuple[str, ...]) -> tuple[str, ...]:
    """Plain text for snippets: no Markdown markup, no snippet markers."""
    return tuple(_MARKUP.sub("", t).replace(_OPEN, " ").replace(_CLOSE, " ") for t in texts)


def _runs(snippet: str) -> tuple[tuple[str, bool], ...]:
    runs: list[tuple[str, bool]] = []
    for part in re.split(f"({_OPEN}.*?{_CLOSE})", snippet, flags=re.S):
        if part.startswith(_OPEN):
            runs.append((part[1:-1], True))
        elif part:
            runs.append((part, False))
    return tuple(runs)


def hit_summary(hit: SearchHit) -> dict[str, Any]:
    item = hit.item
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title_text,
        "topics": list(item_topics(item)),
        "companies": list(item.companies),
        "difficulty": item.difficulty,
        "snippet": hit.snippet_text,
    }
