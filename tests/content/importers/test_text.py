"""Bytes to clean text: refusing what is not text, and repairing double-encoded text."""

from __future__ import annotations

import pytest

from mlcoach.content.importers import ImportProblem, mojibake_left, slugify
from mlcoach.content.importers.text import decode_source, plain, repair, strip_emoji

CLEAN = "Dropout → fewer co-adapted units; λ = 0.1 shrinks weights 💼 ┌──┐ café"


def mangled(text: str, codec: str) -> str:
    """What a tool produces when it reads UTF-8 bytes as `codec` (the classic mojibake)."""
    return text.encode("utf-8").decode(codec, errors="ignore")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x00\x01\x02binary\x00junk" * 20, "binary"),
        ("# Q1: ok".encode("utf-16"), "UTF-16"),
        (b"caf\xe9 au lait is latin-1", "not UTF-8"),
        ("## Q1: what is λ".encode()[:-1], "truncated"),
    ],
)
def test_decode_refuses_what_is_not_utf8_text(data: bytes, message: str) -> None:
    with pytest.raises(ImportProblem, match=message):
        decode_source(data, "notes.md")


def test_decode_drops_a_byte_order_mark() -> None:
    assert decode_source("\ufeff# Title".encode(), "notes.md") == "# Title"


def test_windows_1252_mojibake_is_repaired() -> None:
    broken = mangled(CLEAN, "cp1252")
    assert broken != CLEAN and mojibake_left(broken)
    assert repair(broken) == CLEAN
    assert mojibake_left(repair(broken)) == []


def test_mac_roman_mojibake_is_repaired() -> None:
    broken = mangled("High bias → underfit; μ and σ; 🟡 Medium; x̂", "mac_roman")
    assert "‚Üí" in broken
    assert repair(broken) == "High bias → underfit; μ and σ; 🟡 Medium; x̂"


def test_box_corner_whose_last_byte_was_dropped_is_restored() -> None:
    # "┐" is E2 94 90 and Windows-1252 has no character for 0x90, so converters drop it.
    broken = mangled("┌──┐\n│ x │", "cp1252")
    assert broken.splitlines()[0].endswith("â”")
    assert repair(broken) == "┌──┐\n│ x │"


def test_real_accents_and_symbols_are_left_alone() -> None:
    text = "Müller's naïve Bayes, ü alone, “quotes”, 5 € and ≤ 3"
    assert repair(text) == text


def test_slugify_and_plain() -> None:
    assert slugify("What's the Bias–Variance Trade-off?") == "what-s-the-bias-variance-trade-off"
    assert slugify("Ünïcode façade") == "unicode-facade"
    assert len(slugify("word " * 40, 30)) <= 30
    assert plain("**Bold** and `code` and [a link](http://x)") == "Bold and code and a link"
    assert strip_emoji("📘 SECTION 1: Basics") == "SECTION 1: Basics"
