"""`mlcoach import`, `mlcoach decks ...` and `mlcoach export-anki` end to end."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import Result

from mlcoach.cli import anki as anki_cli
from mlcoach.cli import decks as decks_cli
from mlcoach.cli import imports as imports_cli
from support import NOW, Clock, UseCoach, flat, run_cli

NOTES = """\
## Warm-up

**Q1: What is a confusion matrix?**

**A:** A table of true against predicted classes; the diagonal holds the correct predictions.

---

**Q2: What is a confusion matrix?**

**A:** The same question again, worded the same way.

---

**Q3: Tell me about a time you simplified a model for production.**

**A:** The ensemble was too slow, so I distilled it into a single small network.
"""


@pytest.fixture(autouse=True)
def environment(cli_environment: None, use_coach: UseCoach) -> None:
    use_coach(imports_cli, decks_cli, anki_cli, clock=Clock(NOW))


@pytest.fixture()
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    return path


def run(*args: str, stdin: str | None = None) -> Result:
    return run_cli(*args, input=stdin)


def test_dry_run_json_prints_the_report(notes: Path) -> None:
    result = run("import", str(notes), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"items", "merged", "skipped", "by_kind"} <= set(report)
    assert report["items"] == 2 and report["by_kind"] == {"behavioral": 1, "concept": 1}
    assert report["merged"][0]["reason"] == "duplicate in this file"
    assert report["dry_run"] is True
    assert json.loads(run("decks", "list", "--json").output) == []


def test_import_then_manage_decks_and_export(notes: Path, tmp_path: Path) -> None:
    result = run("import", str(notes), "--deck", "Notes")
    assert result.exit_code == 0, result.output
    assert "Notes: imported 2 questions (1 behavioral, 1 concept)" in flat(result.output)
    assert "merged line 9 'What is a confusion matrix?' into line 3" in flat(result.output)
    again = run("import", str(notes))
    assert "already imported as deck 'Notes'; nothing added" in flat(again.output)

    listed = run("decks", "list")
    assert "Notes" in listed.output and listed.exit_code == 0
    assert run("decks", "rename", "Notes", "Warm-up").exit_code == 0
    export = run("export-anki", str(tmp_path / "warm.apkg"), "--deck", "Warm-up")
    assert export.exit_code == 0, export.output
    assert "Wrote 2 notes" in flat(export.output)
    assert zipfile.is_zipfile(tmp_path / "warm.apkg")

    refused = run("decks", "delete", "Warm-up", stdin="n\n")
    assert refused.exit_code == 1 and "Nothing deleted" in refused.output
    assert run("decks", "delete", "Warm-up", "--yes").exit_code == 0
    assert json.loads(run("decks", "list", "--json").output) == []


def test_export_anki_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "fundamentals.apkg"
    target.write_bytes(b"an older package")
    refused = run("export-anki", str(target), "--topic", "ml-fundamentals")
    assert refused.exit_code == 2 and isinstance(refused.exception, SystemExit)
    message = f"{target} already exists; pass --force to overwrite it"
    assert "".join(message.split()) in "".join(refused.output.split())  # long paths may wrap
    assert target.read_bytes() == b"an older package"
    forced = run("export-anki", str(target), "--topic", "ml-fundamentals", "--force")
    assert forced.exit_code == 0, forced.output
    assert zipfile.is_zipfile(target)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "{tmp}/missing.md"), "no such file"),
        (("import", "{tmp}/empty.md"), "the file is empty"),
        (("import", "{tmp}"), "this is a folder; give the path of a Markdown file in it"),
        (("import", "{tmp}/empty.md", "--deck", " "), "--deck: the deck name is empty"),
        (("decks", "delete", "Nope"), "no deck named 'Nope'"),  # before asking to confirm
        (("export-anki", "{tmp}", "--deck", "Nope"), "must end in .apkg"),
        (("decks", "rename", "Nope", "Other"), "no deck named 'Nope'"),
        (("decks", "delete", "Nope", "--yes"), "no deck named 'Nope'"),
        (("export-anki", "{tmp}/x.apkg", "--topic", "astrology"), "unknown topic"),
    ],
)
def test_user_errors_exit_2_without_traceback(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "empty.md").write_text("")
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a caught crash
    assert message in flat(result.output)
    assert "Delete deck" not in result.output
