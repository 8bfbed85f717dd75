"""Hidden tests for early-stopping: each case feeds a sequence of scores to a new stopper and
compares, after every call, the returned flag, best_score and counter with the reference.
No score sits exactly min_delta away from the best, so the way the comparison is written
(score < best - d, or best - score > d) cannot change the outcome through rounding."""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver


@driver
def run_stopper(sub, scores, kwargs, with_model):
    stopper = sub.EarlyStopping(**kwargs)
    model = {"w": np.zeros(2), "b": np.zeros(1)} if with_model else None
    trace = []
    for step, score in enumerate(scores):
        if model is None:
            stop = stopper(score)
        else:
            model["w"][:] = step  # the training loop updates the same arrays in place
            model["b"][:] = -step
            stop = stopper(score, model)
        trace.append((stop, getattr(stopper, "best_score", "missing"),
                      getattr(stopper, "counter", "missing")))
    return trace, getattr(stopper, "best_weights", "missing")


def _expected(t, scores, kwargs, with_model):
    stopper = t.ref.EarlyStopping(**kwargs)
    model = {"w": np.zeros(2), "b": np.zeros(1)} if with_model else None
    trace = []
    for step, score in enumerate(scores):
        if model is not None:
            model["w"][:] = step
            model["b"][:] = -step
        trace.append((stopper(score, model), stopper.best_score, stopper.counter))
    return trace, stopper.best_weights


def _compare(t, got, scores, kwargs, with_model=False):
    trace, weights = t.parts(got, 2, "(trace, best_weights)")
    want, want_weights = _expected(t, scores, kwargs, with_model)
    t.check(len(trace) == len(scores), "one result per call expected")
    for i, ((stop, best, counter), (w_stop, w_best, w_counter)) in enumerate(zip(trace, want)):
        where = f"after call {i + 1} (score {scores[i]})"
        t.check(isinstance(stop, bool), f"{where}: the call must return a bool, got "
                f"{type(stop).__name__}", got=stop)
        t.check(stop == w_stop, f"{where}: expected {w_stop}, got {stop}", expected=w_stop,
                got=stop)
        t.check(best != "missing", "the stopper needs a best_score attribute")
        t.close(best, w_best, what=f"{where}: best_score")
        t.check(counter != "missing", "the stopper needs a counter attribute")
        t.check(counter == w_counter, f"{where}: counter should be {w_counter}, got {counter}",
                expected=w_counter, got=counter)
    return weights, want_weights


@case(visible=True)
def stops_after_patience_bad_epochs(t):
    scores = [1.0, 0.8, 0.75, 0.76, 0.745, 0.749, 0.742, 0.7]
    kwargs = {"patience": 3, "min_delta": 0.01, "mode": "min"}
    _compare(t, (yield drive("run_stopper", scores, kwargs, False)), scores, kwargs)


@case(visible=True)
def max_mode_for_accuracy(t):
    scores = [0.6, 0.7, 0.69, 0.75, 0.75, 0.74, 0.7505]
    kwargs = {"patience": 2, "min_delta": 0.001, "mode": "max"}
    _compare(t, (yield drive("run_stopper", scores, kwargs, False)), scores, kwargs)


@case(visible=True)
def first_call_records_the_score(t):
    scores = [0.42]
    kwargs = {"patience": 1}
    _compare(t, (yield drive("run_stopper", scores, kwargs, False)), scores, kwargs)


@case()
def min_delta_is_measured_from_the_best(t):
    # each step improves on the previous score by 0.04 < min_delta, but the fourth beats the best
    scores = [1.0, 0.96, 0.92, 0.88, 0.84, 0.8]
    kwargs = {"patience": 5, "min_delta": 0.1, "mode": "min"}
    _compare(t, (yield drive("run_stopper", scores, kwargs, False)), scores, kwargs)


@case()
def improvement_resets_the_counter(t):
    scores = [5.0, 5.5, 6.0, 4.0, 4.5, 4.2, 3.0, 3.1, 3.2, 3.3]
    kwargs = {"patience": 3, "min_delta": 0.0, "mode": "min"}
    _compare(t, (yield drive("run_stopper", scores, kwargs, False)), scores, kwargs)


@case()
def default_arguments(t):
    # patience 10, min_delta 0.001, mode 'min': ten calls without improvement after the first
    scores = [0.5] + [0.4995] * 11
    _compare(t, (yield drive("run_stopper", scores, {}, False)), scores, {})


@case()
def equal_score_is_not_an_improvement(t):
    scores = [0.3, 0.3, 0.3]
    kwargs = {"patience": 2, "min_delta": 0.0, "mode": "max"}
    _compare(t, (yield drive("run_stopper", scores, kwargs, False)), scores, kwargs)


@case()
def stays_stopped_after_triggering(t):
    scores = [2.0, 2.5, 2.5, 1.0, 0.5, 0.2]
    kwargs = {"patience": 2, "min_delta": 0.01, "mode": "min"}
    _compare(t, (yield drive("run_stopper", scores, kwargs, False)), scores, kwargs)


@case()
def best_weights_are_copies(t):
    scores = [0.9, 0.7, 0.8, 0.75, 0.72]
    kwargs = {"patience": 10, "min_delta": 0.01, "mode": "min"}
    got = yield drive("run_stopper", scores, kwargs, True)
    weights, want = _compare(t, got, scores, kwargs, with_model=True)
    t.check(isinstance(weights, dict) and set(weights) == {"w", "b"},
            "best_weights must be a dict with the model's keys", got=weights)
    t.close(weights["w"], want["w"], what="best_weights['w'] (the model at the best epoch, "
            "copied before training changed it)")
    t.close(weights["b"], want["b"], what="best_weights['b']")


@case()
def no_model_leaves_best_weights_none(t):
    scores = [0.9, 0.5, 0.6]
    kwargs = {"patience": 5}
    got = yield drive("run_stopper", scores, kwargs, False)
    weights, _ = _compare(t, got, scores, kwargs)
    t.check(weights is None, "best_weights must stay None when no model is passed", got=weights)


@case()
def patience_one_in_max_mode_with_negative_scores(t):
    scores = [-3.0, -2.0, -2.5, -1.0, -1.0]
    kwargs = {"patience": 1, "min_delta": 0.5, "mode": "max"}
    _compare(t, (yield drive("run_stopper", scores, kwargs, False)), scores, kwargs)
