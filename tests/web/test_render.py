"""Server-side Markdown: math as MathML, highlighted code, and nothing executable gets through."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mlcoach.services.search import SnippetRun
from mlcoach.web.mathml import latex_to_mathml
from mlcoach.web.render import (
    highlight_code,
    inline_html,
    markdown_html,
    pygments_css,
    snippet_html,
    text_html,
    without_title,
)


def test_inline_math_becomes_inline_mathml() -> None:
    html = markdown_html("The loss grows like $x^2$ here.")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in html


def test_display_math_becomes_block_mathml() -> None:
    html = markdown_html("$$\n\\sum_{i=1}^{n} x_i\n$$")
    assert 'display="block"' in html
    assert "<munderover>" in html and "∑" in html


def test_prices_are_not_math() -> None:
    html = markdown_html("It costs $5 or $10 a month.")
    assert "<math" not in html
    assert "$5 or $10" in html


def test_fenced_python_is_highlighted_and_escaped() -> None:
    html = markdown_html("```python\ndef f(x):\n    return x < 1\n```")
    assert '<pre class="highlight"><code>' in html
    assert '<span class="k">def</span>' in html
    assert "&lt;" in html


def test_unknown_language_is_plain_escaped_text() -> None:
    html = highlight_code("<b>hi</b>", "no-such-language")
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_raw_html_in_markdown_is_escaped() -> None:
    html = markdown_html('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_not_links() -> None:
    assert "href" not in markdown_html("[click](javascript:alert(1))")


def test_math_cannot_smuggle_markup() -> None:
    for latex in (
        r"\text{<script>alert(1)</script>}",
        r"\href{javascript:alert(1)}{x}",
        r'\color{red" onmouseover="alert(1)}{x}',
        "a & b",
    ):
        html = latex_to_mathml(latex, display=False)
        assert "<script" not in html
        assert "href" not in html
        assert "onmouseover=" not in html.replace("&quot;", '"').split("<code")[0]


def test_malformed_latex_falls_back_to_escaped_source() -> None:
    html = latex_to_mathml(r"\frac{", display=True)
    assert html == '<code class="math-source">\\frac{</code>'


def test_styled_letters_become_unicode_math_letters() -> None:
    # Chromium ignores mathvariant (but "normal"): `\\mathbb R` must be drawn as ℝ, not R
    html = latex_to_mathml(r"L:\mathbb R^d \to \mathcal L + \mathbf W h", display=False)
    assert "<mi>ℝ</mi>" in html and "<mi>ℒ</mi>" in html and "<mi>𝐖</mi>" in html
    assert "<mi>h</mi>" in html
    assert "double-struck" not in html and "mathvariant" not in html
    assert '<mi mathvariant="normal">K</mi>' in latex_to_mathml(r"\mathrm{KL}", display=False)


def test_inline_renders_one_line_without_paragraph() -> None:
    assert inline_html("**bold** and $y$").startswith("<strong>bold</strong> and <span")


def test_snippet_runs_become_marks_inline_math_and_escaped_text() -> None:
    html = snippet_html(
        (
            SnippetRun("…a \\$5 fee & "),
            SnippetRun("$$\\sum_i x_i$$", math=True),
            SnippetRun(" <i>"),
            SnippetRun("sums", match=True),
            SnippetRun("…"),
        )
    )
    assert html.startswith("…a $5 fee &amp; <math xmlns=")
    assert 'display="inline"' in html and 'display="block"' not in html
    assert html.endswith("</math> &lt;i&gt;<mark>sums</mark>…")


def test_learner_text_is_escaped_with_paragraphs() -> None:
    assert text_html("a <b>\nline\n\nnext") == "<p>a &lt;b&gt;<br>line</p><p>next</p>"


def test_code_colours_exist_for_both_themes() -> None:
    css = pygments_css()
    assert ".highlight .k" in css
    assert "[data-theme=dark] .highlight .k" in css
    assert "@media (prefers-color-scheme: dark)" in css


TAG = re.compile(r"<\s*([a-zA-Z][\w-]*)")
ALLOWED_TAGS = {
    "p", "em", "strong", "code", "pre", "span", "div", "a", "ul", "ol", "li", "h1", "h2", "h3",
    "h4", "h5", "h6", "blockquote", "hr", "br", "img", "table", "thead", "tbody", "tr", "th",
    "td", "s", "math",
}  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>\"'&$\\{}()[]! \n`scriptimgonerrorhf=:/x^_")), max_size=80
    )
)
def test_no_unexpected_tags_from_any_text(source: str) -> None:
    html = markdown_html(source)
    outside_math = re.sub(r"<math.*?</math>", "", html, flags=re.S)
    assert {t.lower() for t in TAG.findall(outside_math)} <= ALLOWED_TAGS
    assert "<script" not in html.lower()
    links = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert not [link for link in links if link.strip().lower().startswith("javascript:")]


def test_a_leading_title_is_dropped_once() -> None:
    assert without_title("# Softmax\n\nImplement it.") == "\nImplement it."
    assert without_title("Implement it.\n# Not a title") == "Implement it.\n# Not a title"
