"""Full-text search over bank items: SQLite FTS5 in an in-memory database built once.

The index holds what a learner may read (titles, prompts, model answers, tags); a challenge's
hidden tests and reference solution are never indexed. Filters (kind, topic, company,
difficulty) apply to the matches, so a query with no words lists the filtered items.

A snippet never cuts a `$...$` formula in half (FTS5 picks its window by words): a formula cut
by the window's edge is completed when it is short or holds a match, otherwise the cut part is
left out, and each whole formula is its own run so a shell can typeset it.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mlcoach.content import AnyItem
from mlcoach.content.formulas import Span, math_spans
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
_ELLIPSIS = "…"
SNIPPET_TOKENS = 16
PROMPT, BODY = 1, 2  # places in `searchable_text`'s (title, prompt, body, labels)
MAX_FORMULA = 120  # characters: a longer formula cut by the snippet's edge is left out
DEFAULT_LIMIT = 50
NO_FILTERS = Filters()


@dataclass(frozen=True)
class SnippetRun:
    """A piece of a snippet, so a shell can mark matches and typeset math safely."""

    text: str
    match: bool = False  # a matching word, or a formula that holds one
    math: bool = False  # one whole formula, its dollar signs included


@dataclass(frozen=True)
class SearchHit:
    item: AnyItem
    snippet: tuple[SnippetRun, ...] = ()  # the matching passage

    @property
    def snippet_text(self) -> str:
        return "".join(run.text for run in self.snippet)


@dataclass(frozen=True)
class _Column:
    text: str
    formulas: tuple[Span, ...]


def searchable_text(item: AnyItem) -> tuple[str, str, str, str]:
    """(title, prompt, body, labels) a learner may read; never tests or a challenge's solution.

    Labels (tags, companies, topics) have a column of their own so no snippet is a list of tags.
    """
    body: list[str] = []
    labels: list[str] = [*item.tags, *item.companies, *item_topics(item)]
    if isinstance(item, ConceptQuestion):
        body += [item.model_answer, *(p.text for p in item.key_points)]
        labels.append(item.subtopic)
    elif isinstance(item, DesignPrompt | CaseStudy):
        body += [item.model_answer]
    elif isinstance(item, BehavioralPrompt):
        body += [item.example_answer]
        labels += item.competencies
    # a challenge's prompt opens with its title, which has a column of its own
    prompt = re.sub(r"\A\s*# .*\s*", "", item.prompt)
    # a blank line between parts, so a stray dollar in one part never pairs with the next's
    return item.title_text, prompt, "\n\n".join(body), " ".join(labels)


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
            "CREATE VIRTUAL TABLE items USING fts5(id UNINDEXED, title, prompt, body, labels, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        columns = {item.id: _clean(searchable_text(item)) for item in self._items.values()}
        self._columns = {
            item_id: tuple(_Column(text, math_spans(text)) for text in texts)
            for item_id, texts in columns.items()
        }
        rows = [(item_id, *texts) for item_id, texts in columns.items()]
        self._db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?)", rows)
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
        for item_id, *snippets in self._matches(query):
            item = self._items[item_id]
            if filters.matches(item):
                hits.append(SearchHit(item, self._snippet(item, snippets)))
                if len(hits) >= limit:
                    break
        return hits

    def _matches(self, query: str) -> list[tuple[str, str, str]]:
        """(id, prompt snippet, body snippet), best match first."""
        sql = (
            "SELECT id, snippet(items, ?, ?, ?, ?, ?), snippet(items, ?, ?, ?, ?, ?) "
            "FROM items WHERE items MATCH ? ORDER BY bm25(items, 0.0, 10.0, 4.0, 1.0, 1.0)"
        )
        marks = (_OPEN, _CLOSE, _ELLIPSIS, SNIPPET_TOKENS)
        with self._lock:
            # FTS5 numbers the columns from `id`
            return list(self._db.execute(sql, (1 + PROMPT, *marks, 1 + BODY, *marks, query)))

    def _snippet(self, item: AnyItem, snippets: list[str]) -> tuple[SnippetRun, ...]:
        """From the answer where it matches, else the prompt (the card shows the title)."""
        columns = self._columns[item.id]
        ranked = [(snippets[1], columns[BODY]), (snippets[0], columns[PROMPT])]
        matching = [pair for pair in ranked if _OPEN in pair[0]]
        marked, column = (matching or [pair for pair in ranked if pair[0]] or ranked)[0]
        return _snippet(marked, column)

    def close(self) -> None:
        with self._lock:
            self._db.close()


_MARKUP = re.compile(r"`+|\*\*|^#+\s*|^\s*[-*]\s+", re.M)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")


def _clean(texts: tuple[str, ...]) -> tuple[str, ...]:
    """Plain text for snippets: no Markdown markup, no snippet markers."""
    return tuple(
        _without_emphasis(_MARKUP.sub("", t).replace(_OPEN, " ").replace(_CLOSE, " "))
        for t in texts
    )


def _without_emphasis(text: str) -> str:
    """`*word*` as `word`, except in formulas, where `x^*` is LaTeX."""
    pieces, pos = [], 0
    for start, end in math_spans(text):
        pieces += [_EMPHASIS.sub(r"\1", text[pos:start]), text[start:end]]
        pos = end
    return "".join([*pieces, _EMPHASIS.sub(r"\1", text[pos:])])


def _snippet(marked: str, column: _Column) -> tuple[SnippetRun, ...]:
    """FTS5's snippet of `column` as runs, its window moved so that no formula is cut in half."""
    plain, matches = _unmark(marked.removeprefix(_ELLIPSIS).removesuffix(_ELLIPSIS))
    at = column.text.find(plain)  # FTS5 copies the snippet from the column
    if at < 0:  # never expected; the snippet alone is then the whole text
        column, at = _Column(plain, math_spans(plain)), 0
    matches = [(at + start, at + end) for start, end in matches]
    start, end = _whole_formulas(column, (at, at + len(plain)), matches)
    formulas = [f for f in column.formulas if start <= f[0] and f[1] <= end]
    runs = [SnippetRun(_ELLIPSIS)] if start > 0 else []
    pos = start
    for formula in formulas:
        runs += _text_runs(column.text, (pos, formula[0]), matches)
        held = any(_overlap(formula, m) for m in matches)
        runs.append(SnippetRun(column.text[slice(*formula)], match=held, math=True))
        pos = formula[1]
    runs += _text_runs(column.text, (pos, end), matches)
    if end < len(column.text):
        runs.append(SnippetRun(_ELLIPSIS))
    return tuple(runs)


def _unmark(marked: str) -> tuple[str, list[Span]]:
    """The snippet without match markers, and where the matches are in it."""
    plain, matches = "", []
    for part in re.split(f"({_OPEN}.*?{_CLOSE})", marked, flags=re.S):
        if part.startswith(_OPEN):
            part = part[1:-1]
            matches.append((len(plain), len(plain) + len(part)))
        plain += part
    return plain, matches


def _whole_formulas(column: _Column, window: Span, matches: list[Span]) -> Span:
    """The window widened over each formula its edges cut, or narrowed to leave it out."""
    start, end = window
    for formula in column.formulas:
        cut_start, cut_end = formula[0] < start < formula[1], formula[0] < end < formula[1]
        if not (cut_start or cut_end):
            continue
        short = formula[1] - formula[0] <= MAX_FORMULA
        if short or (cut_start and cut_end) or any(_overlap(formula, m) for m in matches):
            start, end = min(start, formula[0]), max(end, formula[1])
        elif cut_start:
            start = formula[1]
        else:
            end = formula[0]
    text = column.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _text_runs(text: str, span: Span, matches: list[Span]) -> list[SnippetRun]:
    """`text[span]` as plain and matching runs."""
    runs, pos = [], span[0]
    for match in matches:
        start, end = max(match[0], pos), min(match[1], span[1])
        if start >= end:
            continue
        if pos < start:
            runs.append(SnippetRun(text[pos:start]))
        runs.append(SnippetRun(text[start:end], match=True))
        pos = end
    if pos < span[1]:
        runs.append(SnippetRun(text[pos : span[1]]))
    return runs


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


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
