"""Hidden tests for confusion-matrix-f1: orientation, zero division, macro/micro, bad labels."""

import numpy as np

from mlcoach.judge.testkit import CaseFailure, Raised, call, case

KEYS = ("precision", "recall", "f1", "macro_f1", "micro_f1")


def check_report(t, got, expected, what):
    if not isinstance(got, dict):
        raise CaseFailure(f"{what}: expected a dict, got {type(got).__name__}", got=got)
    missing = [k for k in KEYS if k not in got]
    t.check(not missing, f"{what}: missing keys {missing}", expected=list(KEYS),
            got=sorted(map(str, got)))
    for key in ("precision", "recall", "f1"):
        t.close(got[key], expected[key], what=f"{what}[{key!r}]")
    for key in ("macro_f1", "micro_f1"):
        t.check(np.ndim(got[key]) == 0, f"{what}[{key!r}] must be a single number",
                got=got[key])
        t.close(got[key], expected[key], what=f"{what}[{key!r}]")


@case(visible=True)
def rows_are_truth_columns_are_predictions(t):
    y_true = [0, 0, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 0]
    got = yield call("confusion_matrix", y_true, y_pred, 3)
    expected = np.array([[1, 1, 0], [0, 2, 0], [1, 0, 0]])
    t.close(got, expected, what="confusion_matrix([0,0,1,1,2], [0,1,1,1,0], 3)")
    t.check(np.asarray(got).dtype.kind in "iu", "the confusion matrix must hold integers",
            got=np.asarray(got).dtype)


@case(visible=True)
def three_class_report(t):
    y_true = [0, 0, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 0]
    got = yield call("precision_recall_f1", y_true, y_pred, 3)
    expected = {"precision": [0.5, 2 / 3, 0.0], "recall": [0.5, 1.0, 0.0],
                "f1": [0.5, 0.8, 0.0], "macro_f1": 1.3 / 3, "micro_f1": 0.6}
    check_report(t, got, expected, "precision_recall_f1 of the prompt's example")


@case(visible=True)
def never_predicted_class_is_zero_not_nan(t):
    # Class 2 occurs but is never predicted: precision has 0 / 0 and must be 0.0.
    y_true = [0, 1, 2, 2, 1, 0]
    y_pred = [0, 1, 1, 0, 1, 0]
    got = yield call("precision_recall_f1", y_true, y_pred, 3)
    check_report(t, got, t.ref.precision_recall_f1(y_true, y_pred, 3),
                 "report with a class that is never predicted")


@case()
def absent_class_counts_in_macro(t):
    # Class 3 is in neither array; it still has a row, a column and F1 = 0 in the macro mean.
    y_true = np.array([0, 1, 2, 0, 1, 2, 0])
    y_pred = np.array([0, 1, 2, 1, 1, 2, 0])
    cm = yield call("confusion_matrix", y_true, y_pred, 4)
    t.close(cm, t.ref.confusion_matrix(y_true, y_pred, 4), what="4-class matrix, class 3 unused")


@case()
def absent_class_report(t):
    y_true = np.array([0, 1, 2, 0, 1, 2, 0])
    y_pred = np.array([0, 1, 2, 1, 1, 2, 0])
    got = yield call("precision_recall_f1", y_true, y_pred, 4)
    check_report(t, got, t.ref.precision_recall_f1(y_true, y_pred, 4),
                 "report with a class in neither array")


@case()
def random_five_classes_matrix(t):
    y_true = t.rng.integers(0, 5, size=200)
    y_pred = np.where(t.rng.random(200) < 0.6, y_true, t.rng.integers(0, 5, size=200))
    got = yield call("confusion_matrix", y_true, y_pred, 5)
    t.close(got, t.ref.confusion_matrix(y_true, y_pred, 5), what="5-class confusion matrix")


@case()
def random_five_classes_report(t):
    y_true = t.rng.integers(0, 5, size=150)
    y_pred = np.where(t.rng.random(150) < 0.5, y_true, t.rng.integers(0, 5, size=150))
    got = yield call("precision_recall_f1", y_true, y_pred, 5)
    check_report(t, got, t.ref.precision_recall_f1(y_true, y_pred, 5), "5-class report")
    t.close(got["micro_f1"], np.mean(y_true == y_pred), what="micro F1 vs accuracy")


@case()
def perfect_predictions(t):
    y = t.rng.integers(0, 4, size=30)
    y[:4] = np.arange(4)  # every class present
    got = yield call("precision_recall_f1", y, y.copy(), 4)
    expected = {"precision": np.ones(4), "recall": np.ones(4), "f1": np.ones(4),
                "macro_f1": 1.0, "micro_f1": 1.0}
    check_report(t, got, expected, "report of perfect predictions")


@case()
def all_wrong_binary(t):
    y_true = [0, 1, 0, 1]
    y_pred = [1, 0, 1, 0]
    got = yield call("precision_recall_f1", y_true, y_pred, 2)
    expected = {"precision": [0.0, 0.0], "recall": [0.0, 0.0], "f1": [0.0, 0.0],
                "macro_f1": 0.0, "micro_f1": 0.0}
    check_report(t, got, expected, "report when every prediction is wrong")


@case()
def single_class(t):
    got = yield call("confusion_matrix", [0, 0, 0], [0, 0, 0], 1)
    t.close(got, np.array([[3]]), what="confusion_matrix with one class")


@case()
def label_out_of_range_raises(t):
    got = yield call("confusion_matrix", [0, 1, 3], [0, 1, 1], 3, allow_error=True)
    t.check(isinstance(got, Raised) and got.type == "ValueError",
            "a true label of 3 with n_classes=3 must raise ValueError",
            expected="ValueError", got=got)


@case()
def negative_prediction_raises(t):
    got = yield call("confusion_matrix", [0, 1, 1], [0, -1, 1], 2, allow_error=True)
    t.check(isinstance(got, Raised) and got.type == "ValueError",
            "a predicted label of -1 must raise ValueError", expected="ValueError", got=got)
