"""LaTeX to MathML that is safe to put in a page.

latex2mathml passes `\\text{...}` through verbatim and turns `\\href` into an attribute, so its
output is parsed and rebuilt from an allow-list of MathML elements and attributes; anything
else (or output that is not well-formed XML) falls back to the escaped LaTeX source.
"""

from __future__ import annotations

import re
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
    inner = escape(node.text or "", quote=False)
    for child in node:
        inner += _rebuild(child) + escape(child.tail or "", quote=False)
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _ok(name: str, value: str) -> bool:
    return name in ATTRIBUTES and bool(_SAFE_VALUE.match(value))
