"""Labels read from the source: difficulty, companies, tags, and the kind of a question."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mlcoach.content.importers.model import ImportKind
from mlcoach.content.importers.text import plain, slugify, strip_emoji

DEFAULT_DIFFICULTY = 3
_WORD_DIFFICULTY = {
    "easy": 2,
    "beginner": 1,
    "junior": 2,
    "medium": 3,
    "intermediate": 3,
    "mid": 3,
    "hard": 4,
    "advanced": 4,
    "senior": 4,
    "expert": 5,
    "staff": 5,
    "principal": 5,
}
_EMOJI_DIFFICULTY = {"🟢": 2, "🟡": 3, "🟠": 4, "🔴": 4}
# Spellings in the wild that name a company we already know under another slug.
_COMPANY_ALIASES = {
    "facebook": "meta",
    "meta-ai": "meta",
    "fb": "meta",
    "google-research": "google",
    "google-brain": "google",
    "google-deepmind": "deepmind",
    "aws": "amazon",
    "microsoft-research": "microsoft",
}
_NOT_COMPANIES = {"most-tech-companies", "faang", "startups", "various", "many", "others", "all"}


def difficulty_from(text: str) -> int | None:
    """1..5 from "Hard", "🟡 Medium", "Junior to Mid" (the lower level of a range)."""
    for emoji, value in _EMOJI_DIFFICULTY.items():
        if emoji in text:
            return value
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _WORD_DIFFICULTY:
            return _WORD_DIFFICULTY[word]
    return None


def company_slugs(names: Iterable[str]) -> tuple[str, ...]:
    """Company slugs from display names, with known aliases folded and non-companies dropped."""
    slugs: list[str] = []
    for name in names:
        slug = slugify(plain(name))
        slug = _COMPANY_ALIASES.get(slug, slug)
        if slug and slug not in _NOT_COMPANIES and slug not in slugs:
            slugs.append(slug)
    return tuple(slugs)


def split_names(text: str) -> list[str]:
    """ "Google, Amazon and Meta" -> ["Google", "Amazon", "Meta"]."""
    parts = re.split(r",|/|;|\band\b|&", plain(text))
    return [p.strip(" .`") for p in parts if p.strip(" .`")]


def tag_slugs(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in (slugify(plain(n), 40) for n in names) if s))


def section_tag(title: str) -> str:
    """A tag from a section heading: "📘 SECTION 1: Machine Learning Fundamentals" ->
    "machine-learning-fundamentals", "85.1 Classic ML Coding Questions" -> "classic-ml-coding"."""
    text = strip_emoji(plain(title))
    text = re.sub(r"^(section|part|chapter)\s+[\w.]+\s*[:.\-–]\s*", "", text, flags=re.I)
    text = re.sub(r"^[\d.]+\s+", "", text)
    text = re.sub(r"\b(interview\s+)?(questions?|and answers)\b", "", text, flags=re.I)
    return slugify(text, 40)


def parent_tags(titles: Iterable[str]) -> tuple[str, ...]:
    """The tag of the innermost enclosing section, given the section titles outermost first."""
    innermost = [*titles][-1:]
    tag = section_tag(innermost[0]) if innermost else ""
    return (tag,) if tag else ()


_BEHAVIORAL = re.compile(
    r"\b(tell me about|describe a (time|situation)|give an example of a time|walk me through a "
    r"time|how do you (handle|deal with) (disagreement|conflict)|a time (when|you)|your "
    r"(biggest|greatest)|why do you want|how do you prioriti[sz]e|explain complex|non-technical)",
    re.I,
)
_DESIGN = re.compile(
    r"^(design|architect)\b|\b(design|build|architect)\w*\s+(an?|the|your)?\s*[\w\s/-]{0,40}?"
    r"\b(system|pipeline|platform|service|engine)\b|\bsystem design\b",
    re.I,
)
_CODING = re.compile(
    r"^(implement|code|write|program)\b|\bfrom scratch\b|\bimplement (an?|the)\b|"
    r"\bwrite (a|an) (function|class|program)\b",
    re.I,
)


def kind_of(question: str, context: Iterable[str] = ()) -> ImportKind:
    """The kind a reader expects: section headings decide first, then the question's wording."""
    sections = " ".join(context).lower()
    if "behavio" in sections:
        return "behavioral"
    if re.search(r"\bcoding\b|\bimplementation\b|\bprogramming\b", sections):
        return "coding"
    if "system design" in sections or "design question" in sections:
        return "design"
    text = plain(question)
    if _BEHAVIORAL.search(text):
        return "behavioral"
    if _CODING.search(text):
        return "coding"
    if _DESIGN.search(text):
        return "design"
    return "concept"
