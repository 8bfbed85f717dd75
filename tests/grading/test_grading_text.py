from mlcoach.grading.text import (
    antonym_conflicts,
    content_stems,
    function_word_ratio,
    has_negation,
    same_terms,
    split_sentences,
    stem,
    switch_conflict,
    tokens,
)


def test_sentences_keep_abbreviations_and_decimals_together() -> None:
    text = "Use a rate, e.g. 0.5 in dense layers. It is off at test time!\n- A bullet\n- another"
    assert split_sentences(text) == [
        "Use a rate, e.g. 0.5 in dense layers.",
        "It is off at test time!",
        "A bullet",
        "another",
    ]


def test_contractions_expose_negation() -> None:
    assert tokens("It doesn't help") == ["it", "does", "not", "help"]
    assert has_negation("It doesn't help") and not has_negation("It helps")


def test_stems_match_inflections() -> None:
    assert stem("regularization") == stem("regularizes") == stem("regularized")
    assert stem("reduce") == stem("reduces") == stem("reducing")


def test_content_stems_drop_stopwords() -> None:
    assert content_stems("The variance of the model") == ["varianc", "model"]


def test_antonym_swap_is_detected_only_one_way_round() -> None:
    assert antonym_conflicts("Bagging reduces variance", "Bagging reduces bias") == 1
    assert antonym_conflicts("Bagging reduces variance", "Bagging reduces variance a lot") == 0
    assert antonym_conflicts("used during training", "used during training, not inference") == 0


def test_function_word_ratio_separates_prose_from_lists() -> None:
    assert function_word_ratio("The model is trained on the data it has seen.") > 0.3
    assert function_word_ratio("bias variance overfitting regularization trees") == 0.0


def test_clauses_split_contrasts_but_not_noun_pairs() -> None:
    from mlcoach.grading.text import clauses

    assert clauses("Bagging averages deep trees, while boosting adds shallow ones.") == [
        "Bagging averages deep trees",
        "while boosting adds shallow ones.",
    ]
    assert clauses("Precision and recall both depend on the threshold.") == []
    assert clauses("It is very fast; it needs no tuning at all.") == [
        "It is very fast",
        "it needs no tuning at all.",
    ]


def test_plain_strips_tex() -> None:
    from mlcoach.grading.text import plain

    assert plain(r"$\text{softmax}(QK^\top/\sqrt{d_k})\,V$") == "softmax (QK T / sqrt d k ) V"


def test_interchangeable_terms_are_spelled_one_way() -> None:
    assert same_terms("At test-time, select inside each CV fold") == (
        "At inference, select inside each cross-validation fold"
    )
    assert same_terms("Cross validation with CVs") == "cross-validation with cross-validation"
    assert same_terms(r"$v \leftarrow \mu v + g$") == "v = mu v + g"
    assert same_terms("v := beta v + g, or v <- v") == "v = beta v + g, or v = v"
    # only whole words: "CVE" and "latest time" stay as they are
    assert same_terms("CVE at the latest time") == "CVE at the latest time"


def test_kept_on_against_switched_off_is_a_conflict_either_way_round() -> None:
    off = "At inference dropout is disabled"
    assert switch_conflict(off, "you must keep dropout on during inference")
    assert switch_conflict("MC dropout keeps dropout active at test time", "dropout is turned off")
    assert not switch_conflict(off, "At test time dropout is turned off")
    assert not switch_conflict(off, "At inference the full network is used")
    # a sentence saying both ("off in eval mode, kept on for MC dropout") accuses nothing
    assert not switch_conflict(off, "It is switched off at inference unless you keep it on for MC")
    # "activations" is not "active"
    assert not switch_conflict(off, "Surviving activations are scaled up")
