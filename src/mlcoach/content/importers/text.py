"""Turning a file's bytes into clean text: refusing non-text, repairing mojibake, small helpers.

Mojibake in the wild comes in two flavours. Text decoded as Windows-1252 ("ğŸ’¼", "â”Œ") is
what ftfy repairs best. Text decoded as Mac Roman ("‚Üí" for "→", "Œª" for "λ") is repaired by
ftfy only when its badness heuristic notices; runs it leaves behind are re-decoded here, one
UTF-8 sequence at a time, and only where the bytes form valid UTF-8, so real accented text
(a lone "ü" is never valid UTF-8 on its own) stays as it was.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

import ftfy
from ftfy.badness import is_bad

MAX_BYTES = 5 * 1024 * 1024  # the largest seed bank is 0.4 MB; 5 MB leaves room for big notes
_CONTROL_SHARE = 0.01
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # "&lt;" in Markdown code is content, not an escape to undo
    uncurl_quotes=False,
    fix_character_width=False,
    fix_line_breaks=True,
    explain=False,
)
_MAC_ROMAN_HIGH = "".join(bytes([b]).decode("mac_roman") for b in range(0x80, 0x100))
_MAC_RUN = re.compile(f"[{re.escape(_MAC_ROMAN_HIGH)}]{{2,}}")
# Sequences that real prose almost never contains but mis-decoded UTF-8 always does.
MOJIBAKE_MARKERS = (
    "â€",
    "â”",
    "ğŸ",
    "Ã©",
    "Ã¨",
    "Ã¢",
    "â†",
    "‚Ä",
    "‚Ü",
    "Œª",
    "üü",
    "\uf8ff",
    "ï¸",
)


class ImportProblem(ValueError):
    """The file cannot be imported; the message names the problem and the fix."""


def decode_source(data: bytes, where: str) -> str:
    """UTF-8 text from a file's bytes, or an ImportProblem saying why it is not a text file."""
    if not data.strip():
        raise ImportProblem(f"{where}: the file is empty (nothing to import)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem(f"{where}: the file is UTF-16 text; save it as UTF-8 and retry")
    if b"\x00" in data or _control_share(data) > _CONTROL_SHARE:
        raise ImportProblem(f"{where}: this is a binary file, not Markdown text")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and "unexpected end" in exc.reason:
            raise ImportProblem(
                f"{where}: the file ends in the middle of a character, so it looks truncated; "
                "copy the whole file again"
            ) from None
        raise ImportProblem(
            f"{where}: byte {exc.start} is not UTF-8; save the file as UTF-8 text and retry"
        ) from None


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls / len(sample)


def repair(text: str) -> str:
    """Fix double-encoded text (ftfy first, then any Mac Roman runs it left behind).

    Lines of printable ASCII cannot hold mojibake, so only the others go through ftfy: most of
    a bank is plain ASCII code and prose, and this makes the repair several times faster.
    """
    lines = [
        line if line.isascii() and line.isprintable() else ftfy.fix_text(line, _FTFY)
        for line in _restore_lost_bytes(text).splitlines()
    ]
    return _MAC_RUN.sub(_redecode_run, "\n".join(lines))


# Windows-1252 has no character for bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D, so a converter
# that went through it may have dropped them, leaving a sequence one byte short. Two such
# sequences are common enough to restore: the box corner "┐" (E2 94 90) and the emoji
# presentation selector (EF B8 8F). The byte is put back as its C1 control, which ftfy decodes.
_CP1252_CONTINUATION = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u00a0-\u00bf\x81\x8d\x8f\x90\x9d"
_LOST_BYTES = (
    (re.compile(f"â”(?![{_CP1252_CONTINUATION}])"), "â”\x90"),
    (re.compile(f"ï¸(?![{_CP1252_CONTINUATION}])"), "ï¸\x8f"),
)


def _restore_lost_bytes(text: str) -> str:
    for pattern, replacement in _LOST_BYTES:
        text = pattern.sub(replacement, text)
    return text


def _redecode_run(match: re.Match[str]) -> str:
    """The run re-decoded, when it is made only of whole UTF-8 sequences; else unchanged."""
    run = match.group(0)
    raw = run.encode("mac_roman")
    out: list[str] = []
    pos = 0
    while pos < len(raw):
        size = _utf8_length(raw[pos])
        decoded = _strict_utf8(raw[pos : pos + size]) if size > 1 else None
        if decoded is None:
            return run  # a stray byte: this is not (only) Mac Roman mojibake, leave it alone
        out.append(decoded)
        pos += size
    return "".join(out)


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 1


def _strict_utf8(chunk: bytes) -> str | None:
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None


def mojibake_left(text: str) -> list[str]:
    """Lines that still look double-encoded (empty when the repair worked)."""
    return [
        line
        for line in text.splitlines()
        if is_bad(line) or any(marker in line for marker in MOJIBAKE_MARKERS)
    ]


def slugify(text: str, max_length: int = 60) -> str:
    """A kebab-case slug of ASCII letters and digits, cut at a word boundary."""
    spaced = re.sub(r"[\W_]+", " ", text)  # so "bias–variance" stays two words
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


def dedent(lines: list[str], width: int) -> list[str]:
    """Remove up to `width` leading spaces from every line (tabs count as four)."""
    out = []
    for line in lines:
        expanded = line.expandtabs(4)
        spaces = len(expanded) - len(expanded.lstrip(" "))
        out.append(expanded[min(spaces, width) :])
    return out


def block(lines: list[str]) -> str:
    """Lines joined, common indentation and blank edges removed."""
    return textwrap.dedent("\n".join(lines)).strip("\n")


_INLINE_MARKUP = re.compile(r"(\*\*|__|`|~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """Inline Markdown reduced to its words: links to their text, emphasis and code marks gone."""
    text = _LINK.sub(r"\1", text)
    text = _INLINE_MARKUP.sub("", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


_JOINERS = {"\u200d", *(chr(c) for c in range(0xFE00, 0xFE10))}


def strip_emoji(text: str) -> str:
    """Drop pictographs and variation selectors (heading decorations such as "📘 SECTION")."""
    kept = [
        c for c in text if unicodedata.category(c) not in ("So", "Cs", "Co") and c not in _JOINERS
    ]
    return re.sub(r"\s+", " ", "".join(kept)).strip()
