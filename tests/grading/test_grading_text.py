from mlcoach.grading.text import (
    antonym_conflicts,
    content_stems,
    function_word_ratio,
    has_negation,
    split_sentences,
    stem,
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
