"""LaTeX to MathML that is safe to put in a page.

latex2mathml passes `\\text{...}` through verbatim and turns `\\href` into an attribute, so its
output is parsed and rebuilt from an allow-list of MathML elements and attributes; anything
else (or output that is not well-formed XML) falls back to the escaped LaTeX source.

Chromium draws `mathvariant` as "normal" or nothing (MathML Core), so a styled letter such as
`\\mathbb R` (which latex2mathml writes as `mathvariant="double-struck"`) becomes its Unicode
mathematical letter, ℝ, as latex2mathml already does for `\\mathbb{R}`.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from xml.etree import ElementTree

from latex2mathml.converter import convert

MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ELEMENTS = _words(
    """math mrow mi mn mo mtext mspace ms mfrac msqrt mroot mstyle merror mpadded mphantom
    menclose msub msup msubsup munder mover munderover mmultiscripts mprescripts none mtable
    mtr mtd mlabeledtr semantics annotation mfenced"""
)
ATTRIBUTES = _words(
    """display mathvariant stretchy fence separator accent accentunder movablelimits lspace
    rspace width height depth linethickness minsize maxsize symmetric largeop displaystyle
    scriptlevel form columnalign rowalign columnlines rowlines columnspacing rowspacing frame
    framespacing notation open close separators mathsize mathcolor mathbackground
    columnspan rowspan"""
)
_SAFE_VALUE = re.compile(r"^[\w\s#.,:%+\-]*$")
TOKENS = _words("mi mn mo mtext ms")
# mathvariant -> the style in Unicode's names ("MATHEMATICAL DOUBLE-STRUCK CAPITAL R")
VARIANTS = {
    "bold": "BOLD",
    "italic": "ITALIC",
    "bold-italic": "BOLD ITALIC",
    "double-struck": "DOUBLE-STRUCK",
    "script": "SCRIPT",
    "bold-script": "BOLD SCRIPT",
    "fraktur": "FRAKTUR",
    "bold-fraktur": "BOLD FRAKTUR",
    "sans-serif": "SANS-SERIF",
    "bold-sans-serif": "SANS-SERIF BOLD",
    "sans-serif-italic": "SANS-SERIF ITALIC",
    "sans-serif-bold-italic": "SANS-SERIF BOLD ITALIC",
    "monospace": "MONOSPACE",
}
# letters Unicode had before its mathematical block keep their older names (ℝ, ℒ, ℜ, ℎ)
_OLDER_NAMES = {"FRAKTUR": "BLACK-LETTER", "ITALIC SMALL H": "PLANCK CONSTANT"}


class UnsafeMath(ValueError):
    pass


def latex_to_mathml(latex: str, display: bool) -> str:
    """MathML for `latex`, or the escaped source in a `<code>` when it cannot be converted."""
    try:
        raw = convert(latex, display="block" if display else "inline")
        return _rebuild(ElementTree.fromstring(raw))
    except Exception:  # latex2mathml raises many kinds of errors on malformed input
        return f'<code class="math-source">{escape(latex)}</code>'


def _rebuild(node: ElementTree.Element) -> str:
    tag = node.tag.removeprefix(MATHML_NS)
    if tag not in ELEMENTS:
        raise UnsafeMath(f"element <{tag}> is not allowed")
    attrs = "".join(
        f' {name}="{escape(value)}"'
        for name, value in sorted(node.attrib.items())
        if _ok(name, value)
    )
    if tag == "math":
        attrs = f' xmlns="http://www.w3.org/1998/Math/MathML"{attrs}'
    text = node.text or ""
    style = VARIANTS.get(node.get("mathvariant", ""))
    if tag in TOKENS and style:
        text = "".join(_styled(char, style) for char in text)
        attrs = re.sub(r' mathvariant="[^"]*"', "", attrs)
    inner = escape(text, quote=False)
    for child in node:
        inner += _rebuild(child) + escape(child.tail or "", quote=False)
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _ok(name: str, value: str) -> bool:
    return name in ATTRIBUTES and bool(_SAFE_VALUE.match(value))


def _styled(char: str, style: str) -> str:
    """`char` in a Unicode mathematical style ("R", "DOUBLE-STRUCK" -> "ℝ"), else itself."""
    name = unicodedata.name(char, "")
    # "LATIN CAPITAL LETTER R" -> "CAPITAL R", "GREEK SMALL LETTER THETA" -> "SMALL THETA"
    letter = re.sub(r"^(LATIN |GREEK )?(CAPITAL|SMALL) LETTER ", r"\2 ", name)
    if letter == name and not name.startswith("DIGIT "):
        return char
    older = _OLDER_NAMES.get(f"{style} {letter}", f"{_OLDER_NAMES.get(style, style)} {letter}")
    for candidate in (f"MATHEMATICAL {style} {letter}", older):
        try:
            return unicodedata.lookup(candidate)
        except KeyError:
            continue
    return char
