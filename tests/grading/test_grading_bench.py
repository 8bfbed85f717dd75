"""The benchmark rewrites only its own section of docs/benchmarks.md."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "grading.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_grading", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_grading"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_section_is_replaced_in_place(
    bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n## Judge\nfast\n\n## Grading\nold\n\n## Web\nok\n")
    monkeypatch.setattr(bench, "DOCS", docs)
    bench.write_section("## Grading\nnew figures\n")
    assert docs.read_text() == (
        "# Benchmarks\n\n## Judge\nfast\n\n## Grading\nnew figures\n\n## Web\nok\n"
    )


def test_section_is_appended_when_missing(
    bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "benchmarks.md"
    monkeypatch.setattr(bench, "DOCS", docs)
    bench.write_section("## Grading\nfigures\n")
    assert docs.read_text() == "# Benchmarks\n\n## Grading\nfigures\n"


def test_held_out_split_is_stable_and_by_question(bench: ModuleType) -> None:
    row = {"question_id": "dropout-regularization", "batch": 1}
    assert bench.held_out("dropout-regularization") == bench.held_out("dropout-regularization")
    assert bench.is_tune(row) == (not bench.held_out("dropout-regularization"))
    assert not bench.is_tune({**row, "batch": 2})
