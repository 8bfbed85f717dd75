"""Markdown to HTML on the server: CommonMark, `$...$`/`$$...$$` math as MathML, Pygments code.

Raw HTML in the source is escaped (`html=False`), so neither bank content nor a learner's text
can inject markup; math goes through the allow-list in `mathml.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

# no stubs for Pygments are installed (types-Pygments); the few calls here are checked by tests
from pygments import highlight  # type: ignore[import-untyped]
from pygments.formatters import HtmlFormatter  # type: ignore[import-untyped]
from pygments.lexer import Lexer  # type: ignore[import-untyped]
from pygments.lexers import TextLexer, get_lexer_by_name  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]

from mlcoach.web.mathml import latex_to_mathml

if TYPE_CHECKING:
    from mlcoach.services.search import SnippetRun

CODE_CLASS = "highlight"
LIGHT_STYLE, DARK_STYLE = "default", "monokai"


def _math(latex: str, options: dict[str, Any]) -> str:
    return latex_to_mathml(latex, display=bool(options.get("display_mode")))


def _lexer(language: str) -> Lexer:
    try:
        return get_lexer_by_name(language or "text")
    except ClassNotFound:
        return TextLexer()


def highlight_code(code: str, language: str = "python") -> str:
    """A `<pre>` block of highlighted, escaped code."""
    body = highlight(code, _lexer(language), HtmlFormatter(nowrap=True))
    return f'<pre class="{CODE_CLASS}"><code>{body}</code></pre>'


def _fence(code: str, language: str, _attrs: str) -> str:
    return highlight_code(code, language.strip().split(" ")[0])


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "highlight": _fence})
    md.enable(["table", "strikethrough"])
    # allow_digits=False keeps prices such as "$5 or $10" as text
    dollarmath_plugin(md, allow_labels=False, allow_digits=False, renderer=_math)
    return md


@lru_cache(maxsize=2048)
def markdown_html(source: str) -> str:
    """HTML for a Markdown document (bank prompts, model answers, hints)."""
    return str(_parser().render(source))


@lru_cache(maxsize=4096)
def inline_html(source: str) -> str:
    """HTML for one line of Markdown (a key point, a follow-up), without a paragraph."""
    return str(_parser().renderInline(source))


def without_title(markdown: str) -> str:
    """The document minus a leading `# Title` line (pages show the title themselves)."""
    first, _, rest = markdown.lstrip().partition("\n")
    return rest if first.startswith("# ") else markdown


def text_html(text: str) -> str:
    """A learner's plain text, escaped, paragraphs kept."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def snippet_html(runs: Iterable[SnippetRun]) -> str:
    """A search snippet: text escaped, each formula as inline MathML, matches in `<mark>`.

    The search service hands over whole formulas only (it never cuts one in half).
    """
    parts = []
    for run in runs:
        html = _snippet_formula(run.text) if run.math else escape(run.text.replace("\\$", "$"))
        parts.append(f"<mark>{html}</mark>" if run.match else html)
    return "".join(parts)


def _snippet_formula(source: str) -> str:
    delimiter = "$$" if source.startswith("$$") else "$"
    latex = source.removeprefix(delimiter).removesuffix(delimiter)
    return latex_to_mathml(latex.strip(), display=False)  # inline even for `$$`: one line


@cache
def pygments_css() -> str:
    """Code colours for the light theme, the dark theme and the system preference."""
    light = _scoped_rules(LIGHT_STYLE, f".{CODE_CLASS}")
    dark = _scoped_rules(DARK_STYLE, f"[data-theme=dark] .{CODE_CLASS}")
    auto = _scoped_rules(DARK_STYLE, f":root:not([data-theme=light]) .{CODE_CLASS}")
    return f"{light}\n{dark}\n@media (prefers-color-scheme: dark) {{\n{auto}\n}}\n"


def _scoped_rules(style: str, scope: str) -> str:
    """The style's rules under `scope` only (Pygments also emits global `pre` rules)."""
    rules = HtmlFormatter(style=style).get_style_defs(scope).splitlines()
    return "\n".join(rule for rule in rules if rule.startswith(scope))
