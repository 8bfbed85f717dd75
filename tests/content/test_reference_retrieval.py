"""Our reference solutions for the retrieval / classic-ML challenges, checked against libraries.

Challenges: tfidf, confusion-matrix-f1, decision-tree-classifier, bagging, ndcg-at-k,
precision-at-k, cosine-top-k-retrieval. Each `solution.py` is loaded from the content folder and
compared with scikit-learn / SciPy on the conventions its prompt states; every challenge is also
judged in-process (solution AC, starter not AC).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")
scipy_stats = pytest.importorskip("scipy.stats")

from sklearn.ensemble import BaggingClassifier as SkBagging  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    average_precision_score,
    dcg_score,
    f1_score,
    ndcg_score,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
)
from sklearn.metrics import confusion_matrix as sk_confusion_matrix  # noqa: E402
from sklearn.metrics.pairwise import cosine_similarity  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors  # noqa: E402
from sklearn.tree import DecisionTreeClassifier as SkTree  # noqa: E402

from support import load_solution as load  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
IDS = [
    "tfidf",
    "confusion-matrix-f1",
    "decision-tree-classifier",
    "bagging",
    "ndcg-at-k",
    "precision-at-k",
    "cosine-top-k-retrieval",
]


# --------------------------------------------------------------------------- judge round trip


@pytest.fixture(scope="module")
def bank():  # type: ignore[no-untyped-def]
    from mlcoach.content import load_bank

    return load_bank(ROOT / "content").bank


@pytest.mark.parametrize("challenge_id", IDS)
def test_solution_passes_and_starter_fails(bank, challenge_id: str) -> None:  # type: ignore[no-untyped-def]
    from mlcoach.judge.fake import FakeExecutor
    from mlcoach.judge.runner import judge

    challenge = bank.get(challenge_id)
    assert judge(challenge, challenge.solution, FakeExecutor()).verdict.value == "AC"
    assert judge(challenge, challenge.starter, FakeExecutor()).verdict.value != "AC"


# --------------------------------------------------------------------------- tfidf


def random_docs(rng: np.random.Generator, n_docs: int, pool: int, max_len: int) -> list[list[str]]:
    return [
        [f"w{i}" for i in rng.integers(0, pool, size=rng.integers(0, max_len + 1))]
        for _ in range(n_docs)
    ]


@pytest.mark.parametrize("seed", range(4))
def test_tfidf_matches_sklearn(seed: int) -> None:
    ref = load("tfidf")
    rng = np.random.default_rng(seed)
    docs = [*random_docs(rng, 30, 20, 12), [], ["w1", "W1", "oov"]]
    vocab = [f"w{i}" for i in rng.permutation(20)[:15]] + ["W1", "never-seen"]
    expected = (
        TfidfVectorizer(
            analyzer=lambda d: d, vocabulary=vocab, lowercase=False, smooth_idf=True, norm="l2"
        )
        .fit_transform(docs)
        .toarray()
    )
    np.testing.assert_allclose(ref.tfidf(docs, vocab), expected, rtol=1e-12, atol=1e-12)


def test_tfidf_single_document_and_empty_vocabulary_hits() -> None:
    ref = load("tfidf")
    docs = [["a", "a", "b"], ["zzz"]]
    got = ref.tfidf(docs, ["a", "b"])
    expected = TfidfVectorizer(analyzer=lambda d: d, vocabulary=["a", "b"]).fit_transform(docs)
    np.testing.assert_allclose(got, expected.toarray(), atol=1e-12)
    assert np.all(got[1] == 0)


# --------------------------------------------------------------------------- confusion matrix


@pytest.mark.parametrize("seed", range(5))
def test_confusion_matrix_and_f1_match_sklearn(seed: int) -> None:
    ref = load("confusion-matrix-f1")
    rng = np.random.default_rng(seed)
    n_classes = 6
    y_true = rng.integers(0, 5, size=80)  # class 5 never occurs in y_true
    y_pred = np.where(rng.random(80) < 0.5, y_true, rng.integers(0, 4, size=80))  # 4, 5 never
    labels = list(range(n_classes))
    np.testing.assert_array_equal(
        ref.confusion_matrix(y_true, y_pred, n_classes),
        sk_confusion_matrix(y_true, y_pred, labels=labels),
    )
    report = ref.precision_recall_f1(y_true, y_pred, n_classes)
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    np.testing.assert_allclose(report["precision"], p, atol=1e-12)
    np.testing.assert_allclose(report["recall"], r, atol=1e-12)
    np.testing.assert_allclose(report["f1"], f, atol=1e-12)
    assert report["macro_f1"] == pytest.approx(
        f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0), abs=1e-12
    )
    assert report["micro_f1"] == pytest.approx(
        f1_score(y_true, y_pred, labels=labels, average="micro", zero_division=0), abs=1e-12
    )


def test_confusion_matrix_rejects_out_of_range_labels() -> None:
    ref = load("confusion-matrix-f1")
    with pytest.raises(ValueError):
        ref.confusion_matrix([0, 3], [0, 1], 3)
    with pytest.raises(ValueError):
        ref.confusion_matrix([0, 1], [-1, 1], 3)


# --------------------------------------------------------------------------- decision tree


def brute_force_scores(X: np.ndarray, y: np.ndarray) -> list[float]:
    """Weighted child Gini of every candidate split, the slow obvious way."""

    def gini(labels: np.ndarray) -> float:
        _, counts = np.unique(labels, return_counts=True)
        return 1.0 - float(np.sum((counts / counts.sum()) ** 2))

    scores = []
    for f in range(X.shape[1]):
        values = np.unique(X[:, f])
        for a, b in itertools.pairwise(values):
            left = X[:, f] <= (a + b) / 2
            scores.append((left.sum() * gini(y[left]) + (~left).sum() * gini(y[~left])) / len(y))
    return scores


def split_margins(tree: object, X: np.ndarray, y: np.ndarray) -> list[float]:
    """For every internal node of the reference tree: second-best minus best split score."""
    margins: list[float] = []

    def walk(node: object, rows: np.ndarray) -> None:
        if node.feature is None:  # type: ignore[attr-defined]
            return
        scores = sorted(brute_force_scores(X[rows], y[rows]))
        margins.append(scores[1] - scores[0] if len(scores) > 1 else np.inf)
        go_left = X[rows, node.feature] <= node.threshold  # type: ignore[attr-defined]
        walk(node.left, rows[go_left])  # type: ignore[attr-defined]
        walk(node.right, rows[~go_left])  # type: ignore[attr-defined]

    walk(tree.root_, np.arange(len(y)))  # type: ignore[attr-defined]
    return margins


def tree_datasets() -> list[tuple[str, np.ndarray, np.ndarray, dict[str, int]]]:
    """The datasets and parameters the judge's tests compare against the reference."""
    tests = load("decision-tree-classifier", "test_decision-tree-classifier.py")
    X2, y2 = tests.noisy_blobs(2)
    X5, y5 = tests.noisy_blobs(5)
    return [
        ("small", tests.SMALL_X, tests.SMALL_Y, {}),
        ("blobs2-depth2", X2, y2, {"max_depth": 2}),
        ("blobs2-depth3", X2, y2, {"max_depth": 3}),
        ("blobs2-depth4", X2, y2, {"max_depth": 4}),
        ("blobs2-mss20", X2, y2, {"min_samples_split": 20}),
        ("blobs5-depth4-mss8", X5, y5, {"max_depth": 4, "min_samples_split": 8}),
    ]


@pytest.mark.parametrize(
    "name,X,y,params", tree_datasets(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_tree_judge_datasets_have_unique_splits(
    name: str, X: np.ndarray, y: np.ndarray, params: dict[str, int]
) -> None:
    ref = load("decision-tree-classifier")
    tree = ref.DecisionTreeClassifier(**params).fit(X, y)
    assert tree.get_depth() >= 1
    assert min(split_margins(tree, X, y)) > 1e-4, f"{name}: a split is (nearly) tied"


@pytest.mark.parametrize(
    "name,X,y,params", tree_datasets(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_tree_matches_sklearn_where_splits_are_unique(
    name: str, X: np.ndarray, y: np.ndarray, params: dict[str, int]
) -> None:
    ref = load("decision-tree-classifier")
    rng = np.random.default_rng(0)
    X_test = np.round(rng.normal(size=(300, X.shape[1])) * 4, 3) + 1e-4  # off the threshold grid
    ours = ref.DecisionTreeClassifier(**params).fit(X, y)
    for random_state in range(3):  # sklearn breaks ties at random; unique splits make it moot
        theirs = SkTree(criterion="gini", random_state=random_state, **params).fit(X, y)
        assert ours.get_depth() == theirs.get_depth()
        np.testing.assert_array_equal(ours.predict(X_test), theirs.predict(X_test))
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_tree_properties_on_noise() -> None:
    ref = load("decision-tree-classifier")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(120, 4))
    y = rng.integers(0, 3, size=120) * 10 - 7
    full = ref.DecisionTreeClassifier().fit(X, y)
    np.testing.assert_array_equal(full.predict(X), y)  # distinct rows: a full tree is pure
    for depth in (1, 2, 5):
        assert ref.DecisionTreeClassifier(max_depth=depth).fit(X, y).get_depth() == depth
    leaf = ref.DecisionTreeClassifier(min_samples_split=121).fit(X, y)
    assert leaf.get_depth() == 0
    values, counts = np.unique(y, return_counts=True)
    assert np.all(leaf.predict(X) == values[np.argmax(counts)])


# --------------------------------------------------------------------------- bagging


class ReplayRng:
    """Stands in for a Generator: hands out pre-recorded bootstrap samples in order."""

    def __init__(self, samples: list[np.ndarray]):
        self.samples = list(samples)

    def integers(self, low: int, high: int, size: int) -> np.ndarray:
        rows = self.samples.pop(0)
        assert low == 0 and len(rows) == size and rows.max() < high
        return rows


def test_bagging_matches_sklearn_with_the_same_bootstrap_samples() -> None:
    ref = load("bagging")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    # Two roughly balanced labels, so every bootstrap sample holds both (sklearn needs that).
    y = np.where(X[:, 0] + 0.5 * rng.normal(size=40) > 0, 3, 0)
    X_test = rng.normal(size=(100, 3))
    sk = SkBagging(
        KNeighborsClassifier(n_neighbors=1),
        n_estimators=30,
        bootstrap=True,
        oob_score=True,
        random_state=0,
    ).fit(X, y)
    samples = [np.asarray(s) for s in sk.estimators_samples_]
    ours = ref.BaggingClassifier(
        lambda: KNeighborsClassifier(n_neighbors=1), n_estimators=30, rng=ReplayRng(samples)
    ).fit(X, y)
    assert all(len(o) for o in ours.oob_indices_)
    every_row_oob = np.zeros(40, dtype=bool)
    for oob in ours.oob_indices_:
        every_row_oob[oob] = True
    assert every_row_oob.all()  # sklearn's OOB score is only comparable then
    # 1-NN probabilities are one-hot, so sklearn's averaged probabilities are vote shares and
    # its argmax breaks ties towards the smallest class, like our vote.
    np.testing.assert_array_equal(ours.predict(X_test), sk.predict(X_test))
    assert ours.oob_score_ == pytest.approx(sk.oob_score_, abs=1e-12)


def test_bagging_rng_protocol_and_vote() -> None:
    ref = load("bagging")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(25, 2))
    y = rng.integers(0, 3, size=25)
    bag = ref.BaggingClassifier(
        lambda: SkTree(max_depth=2, random_state=0), n_estimators=9, rng=np.random.default_rng(42)
    ).fit(X, y)
    replay = np.random.default_rng(42)
    expected = np.stack([replay.integers(0, 25, size=25) for _ in range(9)])
    np.testing.assert_array_equal(bag.bootstrap_indices_, expected)
    for rows, oob in zip(expected, bag.oob_indices_, strict=True):
        np.testing.assert_array_equal(oob, np.setdiff1d(np.arange(25), rows))
    votes = np.stack([m.predict(X) for m in bag.estimators_])
    np.testing.assert_array_equal(bag.predict(X), scipy_stats.mode(votes, axis=0).mode)


def test_bagging_oob_fraction_is_about_e_inverse() -> None:
    ref = load("bagging")
    n = 300
    bag = ref.BaggingClassifier(
        lambda: KNeighborsClassifier(n_neighbors=1), n_estimators=60, rng=np.random.default_rng(7)
    )
    bag.fit(np.arange(n, dtype=float)[:, None], np.arange(n) % 2)
    fraction = np.mean([len(o) / n for o in bag.oob_indices_])
    assert fraction == pytest.approx((1 - 1 / n) ** n, abs=0.02)


# --------------------------------------------------------------------------- ndcg


@pytest.mark.parametrize("k", [1, 3, 8, 40])
def test_ndcg_and_dcg_match_sklearn(k: int) -> None:
    ref = load("ndcg-at-k")
    rng = np.random.default_rng(k)
    rel = rng.integers(0, 4, size=(10, 12)).astype(float)
    rel[2] = 0.0
    rel[5] = rng.random(12) * 3
    score = np.tile(np.arange(12, 0, -1, dtype=float), (10, 1))  # rank order = column order
    ours = ref.ndcg_at_k(rel, k)
    ours_dcg = ref.dcg_at_k(rel, k)
    for i in range(10):
        assert ours[i] == pytest.approx(
            ndcg_score(rel[i : i + 1], score[i : i + 1], k=k), abs=1e-12
        )
        assert ours_dcg[i] == pytest.approx(
            dcg_score(rel[i : i + 1], score[i : i + 1], k=k), abs=1e-12
        )
        assert ref.ndcg_at_k(rel[i], k) == pytest.approx(ours[i], abs=1e-15)


def test_ndcg_conventions() -> None:
    ref = load("ndcg-at-k")
    assert ref.ndcg_at_k([0, 0, 0], 2) == 0.0
    assert ref.ndcg_at_k([0, 0, 3], 2) == 0.0  # the relevant item is below the cutoff
    assert isinstance(ref.ndcg_at_k([1, 2], 5), float)
    with pytest.raises(ValueError):
        ref.ndcg_at_k([1, 2], 0)


# --------------------------------------------------------------------------- precision@k


@pytest.mark.parametrize("seed", range(6))
def test_precision_recall_ap_match_sklearn(seed: int) -> None:
    ref = load("precision-at-k")
    rng = np.random.default_rng(seed)
    n_items = 40
    ranked = rng.permutation(n_items)  # every item is ranked, best first
    relevant = rng.choice(n_items, size=int(rng.integers(1, 12)), replace=False)
    is_relevant = np.isin(ranked, relevant).astype(int)  # in rank order
    score = np.arange(n_items, 0, -1, dtype=float)
    for k in (1, 5, 17, n_items):
        in_top_k = (np.arange(n_items) < k).astype(int)
        if k < n_items:  # precision_score on the top k alone: hits / k
            assert ref.precision_at_k(ranked, relevant, k) == pytest.approx(
                precision_score(is_relevant[:k], np.ones(k, dtype=int), zero_division=0)
            )
        assert ref.recall_at_k(ranked, relevant, k) == pytest.approx(
            recall_score(is_relevant, in_top_k)
        )
    # With every relevant item ranked and k = n, AP@k is ordinary average precision.
    assert ref.average_precision_at_k(ranked, relevant, n_items) == pytest.approx(
        average_precision_score(is_relevant, score)
    )


def test_precision_at_k_conventions() -> None:
    ref = load("precision-at-k")
    assert ref.precision_at_k([4, 2], [2, 9], 5) == pytest.approx(1 / 5)
    assert ref.average_precision_at_k([4, 2], [2, 9], 5) == pytest.approx(0.25)
    assert ref.average_precision_at_k([1, 2, 3], [1, 2, 3, 4, 5], 3) == 1.0
    assert ref.recall_at_k([1, 2], [], 2) == 0.0
    assert ref.average_precision_at_k([1, 2], [], 2) == 0.0
    with pytest.raises(ValueError):
        ref.recall_at_k([1, 2], [1], 0)


# --------------------------------------------------------------------------- cosine top-k


def test_cosine_top_k_matches_sklearn_similarity_and_neighbours() -> None:
    ref = load("cosine-top-k-retrieval")
    rng = np.random.default_rng(0)
    queries = rng.normal(size=(20, 12))
    corpus = rng.normal(size=(90, 12))
    idx, scores = ref.cosine_top_k(queries, corpus, 7)
    nn = NearestNeighbors(n_neighbors=7, metric="cosine", algorithm="brute").fit(corpus)
    distances, neighbours = nn.kneighbors(queries)
    np.testing.assert_array_equal(idx, neighbours)
    np.testing.assert_allclose(scores, 1.0 - distances, atol=1e-12)
    np.testing.assert_allclose(
        scores, np.take_along_axis(cosine_similarity(queries, corpus), idx, axis=1), atol=1e-12
    )


def test_cosine_top_k_zero_vectors_and_ties() -> None:
    ref = load("cosine-top-k-retrieval")
    rng = np.random.default_rng(1)
    base = rng.normal(size=(3, 4))
    corpus = np.vstack([base[0], np.zeros(4), base[1], base[0], np.zeros(4), base[2]])
    queries = np.vstack([np.zeros(4), base[0], -base[0]])
    idx, scores = ref.cosine_top_k(queries, corpus, 10)
    sims = cosine_similarity(queries, corpus)  # sklearn also gives 0 for zero vectors
    expected = np.stack([np.lexsort((np.arange(6), -row)) for row in sims])
    np.testing.assert_array_equal(idx, expected)
    np.testing.assert_allclose(scores, np.take_along_axis(sims, expected, axis=1), atol=1e-12)
    np.testing.assert_array_equal(idx[0], np.arange(6))
    assert idx.shape == (3, 6) and idx.dtype.kind == "i"
    with pytest.raises(ValueError):
        ref.cosine_top_k(queries, corpus, 0)
