"""`mlcoach export-anki`: a deck or part of the shipped bank as an Anki package (.apkg).

Ids are derived, never random, so exporting again and importing into Anki updates the notes
it already has instead of adding copies: the note type has one fixed id, each Anki deck's id
comes from its name, and each note's GUID from the mlcoach item id. Markdown is rendered with
markdown-it (raw HTML escaped, code kept in <pre><code>), and TeX goes to Anki's MathJax:
`$...$` becomes `\\(...\\)` and `$$...$$` becomes `\\[...\\]`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import genanki
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlcoach.content import AnyItem
from mlcoach.services import decks
from mlcoach.services.coach import Coach

MODEL_ID = 1_607_392_319  # fixed forever: Anki matches notes of re-exports by note type too
MODEL_NAME = "mlcoach question"
NO_ANSWER = "<p><em>The source gives no answer to this question yet.</em></p>"
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
pre { background: #f4f4f4; padding: 8px; overflow-x: auto; font-size: 14px; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 6px; }
.points li { margin: 4px 0; }"""


class ExportError(Exception):
    """Bad selection or output path; the message names the option and the fix."""


@dataclass(frozen=True)
class Card:
    item_id: str
    question: str  # Markdown
    answer: str  # Markdown, may be empty
    key_points: tuple[str, ...]
    tags: tuple[str, ...]


def export_anki(
    coach: Coach, path: Path, *, deck: str | None = None, topics: Sequence[str] = ()
) -> dict[str, Any]:
    """Write the package; returns what was exported (deck name, note count, path)."""
    if deck is not None and topics:
        raise ExportError("give --deck NAME or --topic T, not both")
    if path.suffix != ".apkg":
        raise ExportError(f"FILE: {path} must end in .apkg (Anki imports .apkg packages)")
    if not path.parent.is_dir():
        raise ExportError(f"FILE: the folder {path.parent} does not exist")
    if path.is_dir():
        raise ExportError(f"FILE: {path} is a folder; give a file name such as {path}/deck.apkg")
    if deck is not None:
        name, cards = f"mlcoach::{deck}", _deck_cards(coach, deck)
    else:
        name, cards = _bank_name(topics), _bank_cards(coach, topics)
    if not cards:
        raise ExportError("nothing to export: the selection has no questions")
    cards = _unique(cards)
    _write_package(genanki.Package(_anki_deck(name, cards)), path)
    return {"path": str(path), "deck": name, "notes": len(cards)}


def _write_package(package: genanki.Package, path: Path) -> None:
    """Write next to the target, then rename, so a failure never leaves half a package."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        package.write_to_file(str(partial))
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"FILE: cannot write {path} ({exc.strerror})") from None


def _unique(cards: list[Card]) -> list[Card]:
    """One note per item id: two deck items linked to the same shipped question would
    otherwise give Anki two notes with one GUID."""
    return list({card.item_id: card for card in reversed(cards)}.values())[::-1]


def _bank_name(topics: Sequence[str]) -> str:
    return "mlcoach" if not topics else "mlcoach::" + "+".join(sorted(set(topics)))


def _bank_cards(coach: Coach, topics: Sequence[str]) -> list[Card]:
    concepts = coach.bank.concepts()
    with_questions = list(dict.fromkeys(item.topic for item in concepts))
    for topic in topics:
        if topic not in with_questions:
            why = "unknown topic"
            if topic in coach.bank.manifest.topics:
                why = "this topic has no concept questions to export"
            raise ExportError(f"--topic {topic}: {why}; choose from {', '.join(with_questions)}")
    wanted = set(topics)
    return [_bank_card(item) for item in concepts if not wanted or item.topic in wanted]


def _bank_card(item: AnyItem) -> Card:
    answer = getattr(item, "model_answer", "") or getattr(item, "example_answer", "")
    points = getattr(item, "key_points", ()) or getattr(item, "strong_signals", ())
    return Card(
        item_id=item.id,
        question=item.prompt,
        answer=answer,
        key_points=tuple(p.text for p in points),
        tags=(*item.tags, *item.companies),
    )


def _deck_cards(coach: Coach, name: str) -> list[Card]:
    try:
        rows = decks.deck_rows(coach, name)
    except decks.DeckError as exc:
        raise ExportError(f"--deck {name}: {exc}") from None
    cards = []
    for row in rows:
        data = row["data"]
        shipped = coach.bank.items.get(str(data.get("same_as") or ""))
        if shipped is not None and shipped.kind != "challenge":
            cards.append(_bank_card(shipped))  # the curated version of the same question
            continue
        cards.append(
            Card(
                item_id=row["id"],
                question=data.get("question") or data.get("title", ""),
                answer=data.get("answer", ""),
                key_points=tuple(p["text"] for p in data.get("key_points", ())),
                tags=(*data.get("tags", ()), *data.get("companies", ())),
            )
        )
    return cards


def _anki_deck(name: str, cards: list[Card]) -> genanki.Deck:
    deck = genanki.Deck(stable_id(f"deck:{name}"), name)
    model = _model()
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[markdown_html(card.question), _back(card), card.item_id],
                tags=list(dict.fromkeys(card.tags)),
                guid=genanki.guid_for("mlcoach", card.item_id),
            )
        )
    return deck


def _back(card: Card) -> str:
    answer = markdown_html(card.answer) if card.answer.strip() else NO_ANSWER
    if not card.key_points:
        return answer
    points = "".join(f"<li>{_inline_html(p)}</li>" for p in card.key_points)
    return f'{answer}<h4>Key points</h4><ul class="points">{points}</ul>'


@cache
def _model() -> genanki.Model:
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Item id"}],
        templates=[
            {
                "name": "Question and answer",
                "qfmt": "{{Question}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
            }
        ],
        css=_CSS,
    )


def stable_id(text: str) -> int:
    """A deterministic id in genanki's recommended range [2**30, 2**31)."""
    digest = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.inline.ruler.before("escape", "tex", _tex)
    md.add_render_rule("tex_inline", _render_tex)
    md.add_render_rule("tex_display", _render_tex)
    return md


def markdown_html(text: str) -> str:
    return str(_parser().render(text))


def _inline_html(text: str) -> str:
    return str(_parser().renderInline(text))


def _tex(state: StateInline, silent: bool) -> bool:
    """`$$...$$` (display) and `$...$` (inline, not a price like "$5 or $10")."""
    src, start = state.src, state.pos
    if src[start] != "$":
        return False
    display = src.startswith("$$", start)
    marker = "$$" if display else "$"
    body_start = start + len(marker)
    end = src.find(marker, body_start)
    while end != -1 and src[end - 1] == "\\":
        end = src.find(marker, end + 1)
    if end == -1 or end == body_start:
        return False
    body = src[body_start:end]
    after = src[end + len(marker) : end + len(marker) + 1]
    if not display and (body[0].isspace() or body[-1].isspace() or after.isdigit()):
        return False
    if not silent:
        token = state.push("tex_display" if display else "tex_inline", "", 0)
        token.content = body.strip()
    state.pos = end + len(marker)
    return True


def _render_tex(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    opening, closing = (r"\[", r"\]") if token.type == "tex_display" else (r"\(", r"\)")
    return f"{opening}{escape(token.content, quote=False)}{closing}"
