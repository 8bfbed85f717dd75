"""Plain-text helpers: sentences, content words, light stemming, negation and antonyms.

Deliberately small and dependency-free: the lexical signal only has to back up the embedding
similarity, not replace a linguistic pipeline.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each either
    etc few for from further had has have having he her here hers him his how however i if in
    into is it its itself just let me more most my no nor not of off on once only or other our
    ours out over own per same she should so some such than that the their theirs them then
    there these they this those through thus to too under until up upon us very via was we were
    what when where whether which while who whom why will with within without would you your
    yours one ones use used uses using get gets make makes made e.g i.e eg ie vs"""
)
# Function words that make a run of words read as a sentence rather than a list of terms.
FUNCTION_WORDS = _words(
    """a an the is are was were be been being it its this that these those of to in on for with
    by as at from and or but so because which who when if then than has have had do does can
    will would should could may might must not no we you they i he she our their each every
    during into over under between about after before through per more less most only also very
    same other such both all any its while whereas where how why what there here"""
)
NEGATIONS = _words(
    "not no never none nothing neither nor cannot without hardly barely nobody nowhere"
)
# Pairs of words whose swap inverts a claim; matched on stems.
ANTONYM_WORDS = (
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("higher", "lower"),
    ("more", "less"),
    ("more", "fewer"),
    ("larger", "smaller"),
    ("large", "small"),
    ("high", "low"),
    ("overfitting", "underfitting"),
    ("positive", "negative"),
    ("before", "after"),
    ("add", "remove"),
    ("always", "never"),
    ("faster", "slower"),
    ("minimize", "maximize"),
    ("true", "false"),
    ("supervised", "unsupervised"),
    ("linear", "nonlinear"),
    ("sparse", "dense"),
    ("same", "different"),
    ("independent", "dependent"),
    ("above", "below"),
    ("raise", "lower"),
    ("grow", "shrink"),
    ("training", "inference"),
    ("parallel", "sequential"),
    ("bias", "variance"),
    ("correct", "incorrect"),
    ("stable", "unstable"),
    ("convex", "nonconvex"),
    ("open", "closed"),
    ("connected", "disconnected"),
    ("include", "exclude"),
    ("worse", "better"),
    ("strong", "weak"),
    ("series", "parallel"),
    ("attract", "repel"),
    ("gain", "lose"),
)

# Predicates of opposite polarity: a sentence that uses one side where a key point uses the
# other states the point back to front even when it shares every other word ("ROC-AUC depends
# on prevalence" against "ROC-AUC is insensitive to prevalence"). Unlike ANTONYM_WORDS, which
# also pairs contrasted subjects (bagging/boosting), these only ever flip a claim. Matched on
# stems.
POLAR_GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("insensitive", "invariant", "independent", "unaffected", "agnostic"),
        ("sensitive", "depends", "dependent", "affected"),
    ),
    (("hides", "obscures", "conceals"), ("exposes", "reveals")),
    (("convex",), ("nonconvex",)),
    (("always",), ("never", "rarely")),
    (("exactly",), ("approximately",)),
    (("preserves",), ("destroys", "distorts", "discards")),
)

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "fig.", "eq.", "resp.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$`*])")
_LINE_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SUFFIXES = (
    "ational",
    "izations",
    "ization",
    "isation",
    "izing",
    "izes",
    "ized",
    "ize",
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ities",
    "ity",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
)


_DOUBLING = frozenset({"ing", "ings", "ed", "er", "ers"})


_LATEX_NOISE = re.compile(
    r"\\(?:(?:text|mathrm|mathbb|mathbf|operatorname|left|right|big|Big|"
    r"quad|qquad)(?![a-zA-Z])|[,;!:])"
)
_LATEX_COMMAND = re.compile(r"\\([a-zA-Z]+)")
_LATEX_SYMBOLS = re.compile(r"[${}^_\\]")


def plain(text: str) -> str:
    """Strip TeX markup so `$\\text{softmax}(QK^\\top)$` reads as `softmax(QK T)`."""
    text = _LATEX_NOISE.sub(" ", text)
    text = _LATEX_COMMAND.sub(lambda m: " T " if m.group(1) == "top" else f" {m.group(1)} ", text)
    return " ".join(_LATEX_SYMBOLS.sub(" ", text).split())


# Interchangeable names of one thing, rewritten to one spelling before matching: MiniLM puts
# "at test time dropout is turned off" only 0.56 from "at inference dropout is disabled", but
# 0.93 once "test time" reads "inference". Applied alike to rubric statements and answers (in
# `coverage.py`), never to the SemEval calibration data. Only exact synonyms belong here: a
# paraphrase that can also mean something else would credit answers that do not say it.
_SAME_TERMS = (
    (re.compile(r"\btest[- ]time\b", re.IGNORECASE), "inference"),
    (re.compile(r"\bCVs?\b"), "cross-validation"),
    (re.compile(r"\bcross[- ]validation\b", re.IGNORECASE), "cross-validation"),
    (re.compile(r"\s*(?:\bleftarrow\b|←|:=|<-)\s*"), " = "),  # an update written either way
)


def same_terms(text: str) -> str:
    """Plain text with interchangeable names spelled one way ("test time" -> "inference",
    "CV" -> "cross-validation", "v ← μv" -> "v = μv")."""
    out = plain(text)
    for pattern, name in _SAME_TERMS:
        out = pattern.sub(name, out)
    return out


def split_sentences(text: str) -> list[str]:
    """Split an answer into sentences; bullets and blank-line blocks count as separators."""
    protected = text
    for abbr in _ABBREVIATIONS:
        protected = re.sub(re.escape(abbr), abbr.replace(".", "\u2024"), protected, flags=re.I)
    out: list[str] = []
    for block in _LINE_BREAK.split(protected):
        block = _BULLET.sub("", block.replace("\n", " ")).strip()
        for piece in _SENTENCE_END.split(block):
            piece = piece.replace("\u2024", ".").strip()
            if piece:
                out.append(piece)
    return out


_CLAUSE_BREAK = re.compile(
    # "and"/"so" join clauses only after a comma; a bare "and" usually joins two nouns.
    r";\s+|,?\s+(?=(?:while|whereas|but)\s)|,\s+(?=(?:and|so|which)\s)",
    re.IGNORECASE,
)
_CLAUSE_LEAD = re.compile(r"^(?:while|whereas|but|so|and)\s+", re.IGNORECASE)
MIN_CLAUSE_WORDS = 4


def clauses(sentence: str) -> list[str]:
    """Coordinated clauses of a sentence ("A does x, while B does y"); [] if it has only one.

    Contrasting claims often share one sentence; scoring each clause on its own keeps a wrong
    half from hiding behind a right half.
    """
    parts = [p.strip(" ,") for p in _CLAUSE_BREAK.split(sentence)]
    merged: list[str] = []
    for part in parts:
        if merged and len(tokens(_CLAUSE_LEAD.sub("", part))) < MIN_CLAUSE_WORDS:
            merged[-1] = f"{merged[-1]} {part}"
        elif part:
            merged.append(part)
    if merged and len(tokens(merged[0])) < MIN_CLAUSE_WORDS and len(merged) > 1:
        merged[1] = f"{merged[0]} {merged[1]}"
        merged.pop(0)
    return merged if len(merged) > 1 else []


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; `doesn't` becomes `does` + `not` so negation is visible."""
    out: list[str] = []
    for tok in _TOKEN.findall(plain(text).lower().replace("’", "'")):
        if tok.endswith("n't"):
            out.extend((tok[:-3] or "not", "not"))
        else:
            out.append(tok.split("'")[0])
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to match `regularization`/`regularizes`/`regularized`."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            # "overfitting"/"overfits", "running"/"runs": undo the doubled consonant.
            if suffix in _DOUBLING and len(word) > 3 and word[-1] == word[-2] not in "lsz":
                word = word[:-1]
            break
    # "reduce"/"reduces"/"reduced" all end up as "reduc".
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stopwords, no single characters)."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


def function_word_ratio(text: str) -> float:
    """Share of tokens that are function words: ~0.4 in prose, near 0 in keyword lists."""
    toks = tokens(text)
    if not toks:
        return 0.0
    return sum(t in FUNCTION_WORDS for t in toks) / len(toks)


def has_negation(text: str) -> bool:
    return any(t in NEGATIONS for t in tokens(text))


_NEGATED_VERB = re.compile(
    r"\b(?:(?:do|does|did|is|are|was|were|can|could|will|would|should|must|has|have|had|need)"
    r"(?:\s+not|n['’]t)|cannot|never|no longer)\b",
    re.IGNORECASE,
)


def negated_verb(text: str) -> bool:
    """The claim itself is denied ("does not change", "cannot"), unlike a contrast such as
    "scores, not probabilities" where "not" only sets one noun against another."""
    return bool(_NEGATED_VERB.search(text))


def _stem_pairs() -> tuple[tuple[str, str], ...]:
    return tuple((stem(a), stem(b)) for a, b in ANTONYM_WORDS)


def antonym_conflicts(reference: str, candidate: str) -> int:
    """How many antonym pairs have one side only in the reference and the other only here."""
    return antonym_conflicts_in(word_stems(reference), word_stems(candidate))


@lru_cache(maxsize=8192)
def word_stems(text: str) -> frozenset[str]:
    """Stems of every token, stopwords included."""
    return frozenset(stem(t) for t in tokens(text))


def antonym_conflicts_in(ref: frozenset[str], cand: frozenset[str]) -> int:
    count = 0
    for a, b in ANTONYM_PAIRS:
        for x, y in ((a, b), (b, a)):
            if x in ref and y not in ref and y in cand and x not in cand:
                count += 1
    return count


ANTONYM_PAIRS = _stem_pairs()


def word_count(text: str) -> int:
    return len(tokens(text))


def _polar_stems() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    def stems(words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(stem(t) for w in words for t in tokens(w))

    return tuple((stems(a), stems(b)) for a, b in POLAR_GROUPS)


POLAR_STEMS = _polar_stems()


# Something switched off or kept on ("dropout is disabled at inference" against "you must keep
# dropout on during inference"). Matched on the words themselves, not stems: "activations"
# stems like "active".
_SWITCHED_OFF = re.compile(
    r"\b(?:disabled|deactivated|inactive|(?:turn|switch|shut)(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?off)\b",
    re.IGNORECASE,
)
_KEPT_ON = re.compile(
    r"\b(?:enabled|activated|active|(?:keep|kept|leave|left|turn|switch|stay|remain)(?:s|ed|ing)?"
    r"\s+(?:\w+\s+){0,2}?on)\b(?!-)",
    re.IGNORECASE,
)


def switch_conflict(reference: str, candidate: str) -> bool:
    """One text has something switched off where the other keeps it on, and not both."""
    ref = (bool(_SWITCHED_OFF.search(reference)), bool(_KEPT_ON.search(reference)))
    cand = (bool(_SWITCHED_OFF.search(candidate)), bool(_KEPT_ON.search(candidate)))
    return ref != cand and all(a != b for a, b in (ref, cand))


def polar_conflict(ref: frozenset[str], cand: frozenset[str]) -> bool:
    """The candidate uses one side of a polarity group only where the reference uses the other
    side only (stems of every token, as from `word_stems`)."""
    for a, b in POLAR_STEMS:
        for x, y in ((a, b), (b, a)):
            if ref & x and not ref & y and cand & y and not cand & x:
                return True
    return False
