"""Each recognised shape on a small sample written for these tests, plus refusals."""

from __future__ import annotations

import textwrap

import pytest

from mlcoach.content.importers import ImportProblem, ParseResult, parse_markdown


def parse(text: str) -> ParseResult:
    return parse_markdown(textwrap.dedent(text).lstrip("\n"), "sample.md")


MKDOCS = """
# Questions

### Why does early stopping regularise? - Acme, Globex Interview Question

**Difficulty:** 🔴 Hard | **Tags:** `Regularization`, `Training` | **Asked by:** Acme, Facebook

??? success "View Answer"

    **Idea:** stop when the validation loss stops improving.

    - **Effective capacity**: fewer steps keep weights near their start.
    - **Patience**: wait a few epochs before stopping to ride out noise.

    ```python
    if val_loss < best:
        best = val_loss
    ```

    !!! tip "Interviewer's Insight"
        **Strong answer signals:**

        - Links the number of steps to model capacity
        - Mentions restoring the best checkpoint

---

### What is label smoothing? - Initech Interview Question

**Difficulty:** 🟢 Easy | **Tags:** `Losses` | **Asked by:** Initech

??? success "View Answer"

    Label smoothing mixes the one-hot target with a uniform distribution, so the model
    is never pushed to infinite logits. It often improves calibration.
"""


def test_mkdocs_page() -> None:
    result = parse(MKDOCS)
    assert result.shapes == ("mkdocs",)
    first, second = result.items
    assert first.title == "Why does early stopping regularise?"
    assert first.line == 3
    assert first.difficulty == 4 and second.difficulty == 2
    assert first.tags == ("regularization", "training")
    assert first.companies == ("acme", "globex", "meta")  # Facebook folds into meta
    assert "```python\nif val_loss < best:\n    best = val_loss\n```" in first.answer_markdown
    assert "**Interviewer's Insight**" in first.answer_markdown
    assert [p.text for p in first.key_points] == [
        "Links the number of steps to model capacity",
        "Mentions restoring the best checkpoint",
    ]
    assert all(p.derived and p.source == "signals" for p in first.key_points)
    assert second.key_points[0].source == "sentences"


NOTEBOOK = """
# SECTION 1: Training basics

## Q1: Why normalise input features?

**Expected Level:** Junior to Mid

**Answer:**

Gradient descent converges faster when features share a scale.

- **Conditioning**: similar scales give a rounder loss surface.
- **Distance methods**: k-NN and k-means need comparable units.

**Interview Follow-ups:**
- "Does a tree need it?" → No, splits are scale invariant.
- "What about outliers?" → Use robust scaling.

## Q2: What does a learning-rate warm-up do?

**Expected Level:** Senior

**Answer:**

It ramps the step size up over the first steps so early, noisy updates stay small.

---
# SECTION 2: More

## 📚 More questions

- Q3: Weight decay versus L2
- Q4-9: More training questions...
"""


def test_notebook_with_a_list_of_further_questions() -> None:
    result = parse(NOTEBOOK)
    assert result.shapes == ("notebook", "list")
    first, second = result.answered
    assert first.title == "Why normalise input features?"
    assert (first.difficulty, second.difficulty) == (2, 4)
    assert first.tags == ("training-basics",)
    assert first.follow_ups == ("Does a tree need it?", "What about outliers?")
    assert "Follow-ups" not in first.answer_markdown
    assert first.key_points[0].text.startswith("Conditioning: similar scales")
    assert "---" not in second.answer_markdown
    (listed,) = result.answerless
    assert listed.title == "Weight decay versus L2" and listed.answerless
    assert [s.reason for s in result.skipped] == ["a range of questions, not one"]


FAQ = """
## Common Questions

### Warm-up

**Q1: What is a confusion matrix?**

**A:** A table of true against predicted classes. Its diagonal holds correct predictions.
Like a tally sheet of hits and misses.

---

**Q2: Tell me about a time you simplified a model for production.**

**A:** At my last job the ensemble was too slow, so I distilled it into one network.

---

**Q3: How would you build a real-time bidding system?**

**A:**
- **Latency budget**: answer within ten milliseconds
- **Features**: user, context and bid history
"""


def test_faq() -> None:
    result = parse(FAQ)
    assert result.shapes == ("faq",)
    matrix, story, design = result.items
    assert matrix.answer_markdown.startswith("A table of true")
    assert [p.text for p in matrix.key_points] == [
        "A table of true against predicted classes.",
        "Its diagonal holds correct predictions.",
    ]
    assert (matrix.kind, story.kind, design.kind) == ("concept", "behavioral", "design")
    assert matrix.tags == ("warm-up",)
    assert design.line == 18


CHAPTER = """
## Chapter 9: Coding Interview Questions

### 9.1 Classic questions

```python
QUESTION 1: Implement a sigmoid

def sigmoid(z):
    # Clip to avoid overflow in exp
    z = np.clip(z, -500, 500)
    return 1 / (1 + np.exp(-z))


QUESTION 2: Implement mean squared error

def mse(y, p):
    # Average of squared residuals
    return np.mean((y - p) ** 2)
```

## Chapter 10: System Design

```
┌──────────────────────────────┐
│  DESIGN: SPAM FILTER (email)  │
├──────────────────────────────┤
REQUIREMENTS:
- Low false positive rate on legitimate mail
- Scores every message within fifty milliseconds
└──────────────────────────────┘
```

## Practice Scenarios

### Behavioral Questions

#### 1. Ownership
**Question**: "Describe a time you owned a failing launch."

**Key Points to Cover:**
- What you changed yourself and why
- The measurable outcome afterwards

### Coding Challenges

#### 1. Implement k-NN
```python
def knn(X, y, query, k):
    # Your implementation here
    pass
```

**Follow-up Questions:**
- How would you speed it up for millions of points?
"""


def test_chapter() -> None:
    result = parse(CHAPTER)
    assert result.shapes == ("chapter",)
    sigmoid, mse, spam, story = result.answered
    assert (sigmoid.kind, sigmoid.title, sigmoid.line) == ("coding", "Implement a sigmoid", 6)
    assert sigmoid.answer_markdown.startswith("```python\ndef sigmoid(z):")
    assert "QUESTION 2" not in sigmoid.answer_markdown
    assert sigmoid.key_points[0].text == "Clip to avoid overflow in exp"
    assert mse.key_points[0].source == "code"
    assert (spam.kind, spam.title) == ("design", "Design a spam filter system (email)")
    assert [p.text for p in spam.key_points] == [
        "Low false positive rate on legitimate mail",
        "Scores every message within fifty milliseconds",
    ]
    assert (
        story.kind == "behavioral"
        and story.question == "Describe a time you owned a failing launch."
    )
    assert story.title == "Ownership"
    (knn,) = result.answerless
    assert knn.kind == "coding" and "def knn" in knn.question
    assert knn.follow_ups == ("How would you speed it up for millions of points?",)


COMPANY_LISTS = """
### What is gradient clipping? - Acme Interview Question

**Difficulty:** 🟡 Medium | **Tags:** `Training`

??? success "View Answer"

    Rescale gradients whose norm exceeds a threshold, so one bad batch cannot blow up training.

| 7 | Gradient Clipping | [Blog](https://example.org/clip) | Acme, Initech | Medium | Training |
| 8 | Mixed Precision Training | [Blog](https://example.org/amp) | Globex | Hard | Performance |

## Questions asked in Initech interview
- Gradient Clipping
- Mixed Precision Training

## Questions asked in Hooli interview
- Mixed Precision Training
"""


def test_answerless_lists_gather_companies_instead_of_repeating() -> None:
    result = parse(COMPANY_LISTS)
    assert result.shapes == ("mkdocs", "list")
    assert len(result.answered) == 1
    clipping, amp = result.answerless  # one card per title, whatever the number of lists
    assert (clipping.title, clipping.companies) == ("Gradient Clipping", ("acme", "initech"))
    assert amp.title == "Mixed Precision Training"
    assert amp.companies == ("globex", "initech", "hooli")
    assert (amp.difficulty, amp.tags) == (4, ("performance",))


@pytest.mark.parametrize(
    "text",
    [
        "# Shopping list\n\n- eggs\n- milk\n\nNothing to see here.\n",
        "# Changelog\n\n## 1.2\n\n- Fixed a crash when saving.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    ],
)
def test_a_file_without_questions_is_refused(text: str) -> None:
    with pytest.raises(ImportProblem, match="no questions found"):
        parse(text)


def test_an_unclosed_code_block_means_truncated() -> None:
    truncated = CHAPTER.split("return np.mean")[0]
    with pytest.raises(
        ImportProblem, match=r"sample.md:5: a code block opened here is never closed"
    ):
        parse(truncated)


def test_a_last_question_without_its_answer_means_truncated() -> None:
    truncated = MKDOCS.split("    Label smoothing")[0]
    with pytest.raises(ImportProblem, match="looks truncated"):
        parse(truncated)


FAQ_VARIANTS = """
**Q1:** What is overfitting?

**A:** The model fits noise in the training data and does worse on new data.

**Q:** What does this print?

```python
print(sum(range(4)))
```

**A:** Six: the range stops before four.
"""


def test_faq_questions_bold_only_on_the_label_or_without_a_number() -> None:
    first, second = parse(FAQ_VARIANTS).items
    assert (first.title, first.line) == ("What is overfitting?", 1)
    assert first.answer_markdown.startswith("The model fits noise")
    assert second.title == "What does this print?"
    # the snippet between the question and its answer belongs to the question
    assert second.question.endswith("```python\nprint(sum(range(4)))\n```")
    assert second.answer_markdown == "Six: the range stops before four."


def test_listed_questions_take_their_kind_from_the_section() -> None:
    text = NOTEBOOK.replace("## 📚 More questions", "### Coding Challenges")
    (listed,) = parse(text).answerless
    assert listed.kind == "coding"  # "Weight decay versus L2" alone reads as a concept
