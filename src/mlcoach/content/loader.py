"""Load the bank from `content/`: every file validated, every problem collected, none fatal.

Items that fail validation are left out of the Bank and reported; the rest load, so one broken
file never hides the others' problems.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mlcoach.content.markdown_items import (
    SectionSpec,
    bullets,
    key_points,
    numbered_steps,
    parse_item,
    prose,
    split_sections,
)
from mlcoach.content.models import (
    DESIGN_STEP_IDS,
    AnyItem,
    BehavioralPrompt,
    Blueprint,
    CaseStudy,
    Challenge,
    ConceptQuestion,
    DesignPrompt,
    Manifest,
)
from mlcoach.content.problems import ContentError, Problem, from_validation_error, rel
from mlcoach.content.rules import reference_problems

SUPPORTED_FORMAT_VERSIONS = (1,)
_COMMON_TAIL = (SectionSpec("Follow-ups", "follow_ups", bullets),)

SECTIONS: dict[str, tuple[SectionSpec, ...]] = {
    "concept": (
        SectionSpec("Prompt", "prompt", prose),
        SectionSpec("Key points", "key_points", key_points),
        SectionSpec("Misconceptions", "misconceptions", bullets, required=False),
        SectionSpec("Model answer", "model_answer", prose),
        *_COMMON_TAIL,
    ),
    "design": (
        SectionSpec("Prompt", "prompt", prose),
        *(SectionSpec(step.capitalize(), f"steps.{step}", key_points) for step in DESIGN_STEP_IDS),
        SectionSpec("Pitfalls", "pitfalls", bullets),
        SectionSpec("Model answer", "model_answer", prose),
        *_COMMON_TAIL,
    ),
    "behavioral": (
        SectionSpec("Prompt", "prompt", prose),
        SectionSpec("Strong story shows", "strong_signals", key_points),
        SectionSpec("Red flags", "red_flags", bullets),
        SectionSpec("Example answer", "example_answer", prose),
        *_COMMON_TAIL,
    ),
    "case": (
        SectionSpec("Prompt", "prompt", prose),
        SectionSpec("Framework", "framework", numbered_steps),
        SectionSpec("Key points", "key_points", key_points),
        SectionSpec("Pitfalls", "pitfalls", bullets),
        SectionSpec("Model answer", "model_answer", prose),
        *_COMMON_TAIL,
    ),
}
MODELS: dict[str, type[BaseModel]] = {
    "concept": ConceptQuestion,
    "design": DesignPrompt,
    "behavioral": BehavioralPrompt,
    "case": CaseStudy,
}
# Folder of flat item files -> the kind they hold (questions/ has one folder per topic).
FLAT_FOLDERS = {"design": "design", "behavioral": "behavioral", "cases": "case"}
CHALLENGE_FILES = ("challenge.toml", "prompt.md", "starter.py", "solution.py", "hints.md")
TOP_LEVEL = {
    "bank.toml",
    "README.md",
    "questions",
    "challenges",
    "design",
    "behavioral",
    "cases",
    "interviews",
}


@dataclass(frozen=True)
class Bank:
    """The loaded bank: immutable, indexed by id."""

    root: Path
    manifest: Manifest
    items: Mapping[str, AnyItem]
    blueprints: Mapping[str, Blueprint]
    paths: Mapping[str, str] = field(default_factory=dict)

    def get(self, item_id: str) -> AnyItem:
        try:
            return self.items[item_id]
        except KeyError:
            raise KeyError(f"no item with id '{item_id}' in the bank") from None

    def of_kind(self, kind: str) -> list[AnyItem]:
        return [item for item in self.items.values() if item.kind == kind]

    def concepts(self) -> list[ConceptQuestion]:
        return [i for i in self.items.values() if isinstance(i, ConceptQuestion)]

    def challenges(self) -> list[Challenge]:
        return [i for i in self.items.values() if isinstance(i, Challenge)]


@dataclass
class LoadResult:
    bank: Bank
    problems: list[Problem]


def load_bank(root: Path) -> LoadResult:
    """Read and validate everything under `root` (the `content/` folder)."""
    root = root.resolve()
    problems: list[Problem] = []
    manifest = _load_manifest(root, problems)
    items: dict[str, AnyItem] = {}
    paths: dict[str, str] = {}
    for path, kind in _item_files(root, problems):
        item = _load_one(path, kind, root, problems)
        if item is None:
            continue
        where = rel(path, root)
        if item.id in items:
            problems.append(
                Problem(
                    where,
                    "id",
                    f"duplicate id '{item.id}' (also in {paths[item.id]})",
                    "give each item a unique id",
                )
            )
            continue
        items[item.id] = item
        paths[item.id] = where
    blueprints = _load_blueprints(root, problems)
    bank = Bank(root, manifest, dict(sorted(items.items())), blueprints, paths)
    problems.extend(reference_problems(bank))
    return LoadResult(bank, sorted(set(problems)))


def _load_manifest(root: Path, problems: list[Problem]) -> Manifest:
    path = root / "bank.toml"
    where = rel(path, root)
    fallback = Manifest(format_version=1, topics={}, design_steps=_default_steps())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(where, "(file)", "missing", "create content/bank.toml"))
        return fallback
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(where, "(file)", f"invalid TOML: {exc}", "fix the TOML syntax"))
        return fallback
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        problems.extend(from_validation_error(where, exc))
        return fallback
    if manifest.format_version not in SUPPORTED_FORMAT_VERSIONS:
        problems.append(
            Problem(
                where,
                "format_version",
                f"unsupported version {manifest.format_version}",
                "upgrade mlcoach or use version 1",
            )
        )
    return manifest


def _default_steps() -> tuple[Any, ...]:
    return tuple({"id": s, "title": s, "minutes": 5} for s in DESIGN_STEP_IDS)


def _item_files(root: Path, problems: list[Problem]) -> Iterator[tuple[Path, str]]:
    """Every item file with the kind its folder implies; anything else is a stray file."""
    for entry in sorted(root.iterdir()):
        if entry.name not in TOP_LEVEL:
            problems.append(_stray(entry, root))
    questions = root / "questions"
    for topic_dir in _children(questions):
        if not topic_dir.is_dir():
            problems.append(_stray(topic_dir, root))
            continue
        yield from _markdown_files(topic_dir, "concept", root, problems)
    for folder, kind in FLAT_FOLDERS.items():
        yield from _markdown_files(root / folder, kind, root, problems)
    for challenge_dir in _children(root / "challenges"):
        yield challenge_dir, "challenge"


def _children(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name != "__pycache__")


def _markdown_files(
    folder: Path, kind: str, root: Path, problems: list[Problem]
) -> Iterator[tuple[Path, str]]:
    for path in _children(folder):
        if path.is_file() and path.suffix == ".md":
            yield path, kind
        else:
            problems.append(_stray(path, root))


def _stray(path: Path, root: Path) -> Problem:
    return Problem(
        rel(path, root),
        "(file)",
        "stray file: the loader does not read it",
        "move or delete it; see docs/content-format.md for the layout",
    )


def _load_one(path: Path, kind: str, root: Path, problems: list[Problem]) -> AnyItem | None:
    where = rel(path, root)
    try:
        if kind == "challenge":
            data = _challenge_data(path, where)
        else:
            data = parse_item(path.read_text(encoding="utf-8"), where, SECTIONS[kind])
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    except UnicodeDecodeError:
        problems.append(Problem(where, "(file)", "not UTF-8 text", "save the file as UTF-8"))
        return None
    declared = data.get("kind", kind)
    if declared != kind:
        problems.append(
            Problem(
                where,
                "kind",
                f"'{declared}' in a folder of '{kind}' items",
                f"set kind: {kind} or move the file",
            )
        )
        return None
    try:
        item: AnyItem = MODELS.get(kind, Challenge).model_validate(data)  # type: ignore[assignment]
    except ValidationError as exc:
        problems.extend(from_validation_error(where, exc))
        return None
    expected_id = path.name if kind == "challenge" else path.stem
    if item.id != expected_id:
        problems.append(
            Problem(
                where,
                "id",
                f"id '{item.id}' differs from the file name '{expected_id}'",
                f"set id: {expected_id} or rename the file",
            )
        )
        return None
    if isinstance(item, ConceptQuestion) and item.topic != path.parent.name:
        problems.append(
            Problem(
                where,
                "topic",
                f"topic '{item.topic}' but the file is in questions/{path.parent.name}/",
                "move the file into questions/<topic>/ or fix topic",
            )
        )
    return item


def _challenge_data(folder: Path, where: str) -> dict[str, Any]:
    problems: list[Problem] = []
    expected = {*CHALLENGE_FILES, f"test_{folder.name}.py"}
    for extra in sorted(p.name for p in _children(folder) if p.name not in expected):
        problems.append(
            Problem(
                f"{where}/{extra}",
                "(file)",
                "stray file in a challenge",
                f"challenges hold only: {', '.join(sorted(expected))}",
            )
        )
    texts: dict[str, str] = {}
    for name in sorted(expected):
        try:
            texts[name] = (folder / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Problem(f"{where}/{name}", "(file)", "missing", "add the file"))
    if problems:
        raise ContentError(problems)
    try:
        meta = tomllib.loads(texts["challenge.toml"])
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(
            [
                Problem(
                    f"{where}/challenge.toml",
                    "(file)",
                    f"invalid TOML: {exc}",
                    "fix the TOML syntax",
                )
            ]
        ) from exc
    hints = [text.strip() for _, text in split_sections(texts["hints.md"])[0]]
    return {
        **meta,
        "prompt": texts["prompt.md"],
        "starter": texts["starter.py"],
        "solution": texts["solution.py"],
        "tests": texts[f"test_{folder.name}.py"],
        "hints": tuple(h for h in hints if h),
    }


def _load_blueprints(root: Path, problems: list[Problem]) -> dict[str, Blueprint]:
    blueprints: dict[str, Blueprint] = {}
    for path in _children(root / "interviews"):
        where = rel(path, root)
        if path.suffix != ".toml":
            problems.append(_stray(path, root))
            continue
        try:
            blueprint = load_blueprint(path, where)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if blueprint.id != path.stem:
            problems.append(
                Problem(
                    where,
                    "id",
                    f"id '{blueprint.id}' differs from the file name '{path.stem}'",
                    f'set id = "{path.stem}"',
                )
            )
            continue
        blueprints[blueprint.id] = blueprint
    return blueprints


def load_blueprint(path: Path, where: str | None = None) -> Blueprint:
    """Read one blueprint file (also used for user-supplied blueprints outside the bank)."""
    where = where or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Blueprint.model_validate(data)
    except FileNotFoundError as exc:
        raise ContentError(
            [
                Problem(
                    where, "(file)", "no such file", "pass a blueprint id or a path to a .toml file"
                )
            ]
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(
            [Problem(where, "(file)", f"invalid TOML: {exc}", "fix the TOML syntax")]
        ) from exc
    except ValidationError as exc:
        raise ContentError(from_validation_error(where, exc)) from exc
