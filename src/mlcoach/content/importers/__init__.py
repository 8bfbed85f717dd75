"""Importing question banks people keep in Markdown (pure: text in, items out).

`parse_bytes` recognises the common shapes without configuration, repairs double-encoded
text, derives a draft rubric per answer, and refuses files that are not text, are truncated or
hold no questions. `find_duplicates` links near-duplicate questions given any similarity
function, so the embedding model stays with the caller.
"""

from mlcoach.content.importers.dedup import (
    BankEntry,
    Link,
    Similarity,
    Thresholds,
    find_duplicates,
    question_text,
)
from mlcoach.content.importers.metadata import DEFAULT_DIFFICULTY
from mlcoach.content.importers.model import (
    IMPORT_KINDS,
    DraftPoint,
    ImportedItem,
    ImportKind,
    ParseResult,
    Skipped,
)
from mlcoach.content.importers.parse import SHAPES_HELP, parse_bytes, parse_markdown
from mlcoach.content.importers.text import MAX_BYTES, ImportProblem, mojibake_left, slugify

__all__ = [
    "DEFAULT_DIFFICULTY",
    "IMPORT_KINDS",
    "MAX_BYTES",
    "SHAPES_HELP",
    "BankEntry",
    "DraftPoint",
    "ImportKind",
    "ImportProblem",
    "ImportedItem",
    "Link",
    "ParseResult",
    "Similarity",
    "Skipped",
    "Thresholds",
    "find_duplicates",
    "mojibake_left",
    "parse_bytes",
    "parse_markdown",
    "question_text",
    "slugify",
]
