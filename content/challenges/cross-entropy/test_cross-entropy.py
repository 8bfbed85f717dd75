"""Hidden tests for cross-entropy: loss and gradient against the reference, overflow and
underflow of extreme logits, mean (not sum) over the batch, and the gradient against
numerical_gradient of the loss."""

import numpy as np

from mlcoach.judge.testkit import call, case, drive, driver, numerical_gradient


@driver
def own_gradient_check(sub, logits, targets):
    """The learner's gradient next to central differences of the learner's own loss."""
    analytic = np.asarray(sub.cross_entropy_gradient(logits, targets), dtype=float)
    numeric = numerical_gradient(lambda z: sub.cross_entropy_loss(z, targets), logits.copy())
    return analytic, numeric


@case(visible=True)
def small_batch_loss(t):
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    targets = np.array([0, 1])
    got = yield call("cross_entropy_loss", logits, targets)
    t.close(got, t.ref.cross_entropy_loss(logits, targets), what="loss of the prompt's example")


@case(visible=True)
def small_batch_gradient(t):
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    targets = np.array([0, 1])
    got = yield call("cross_entropy_gradient", logits, targets)
    t.close(got, t.ref.cross_entropy_gradient(logits, targets),
            what="gradient of the prompt's example")


@case(visible=True)
def huge_logits_do_not_overflow(t):
    logits = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -999.0]])
    targets = np.array([2, 0])
    got = yield call("cross_entropy_loss", logits, targets)
    t.close(got, t.ref.cross_entropy_loss(logits, targets), what="loss for logits near +-1000")


@case()
def confidently_wrong_prediction(t):
    # the target's probability underflows to 0: an epsilon inside the log caps the loss near 23
    logits = np.array([[0.0, 2000.0], [5.0, -5.0]])
    targets = np.array([0, 0])
    got = yield call("cross_entropy_loss", logits, targets)
    t.close(got, (2000.0 + np.log1p(np.exp(-10.0))) / 2,
            what="loss when the target class has logit 2000 below the best")


@case()
def uniform_logits_give_log_classes(t):
    logits = np.full((4, 7), 3.25)
    targets = np.array([0, 6, 3, 3])
    got = yield call("cross_entropy_loss", logits, targets)
    t.close(got, np.log(7.0), what="loss of equal logits over 7 classes (log 7)")


@case()
def gradient_matches_numerical_gradient(t):
    logits = t.rng.normal(size=(5, 4)) * 2
    targets = t.rng.integers(0, 4, size=5)
    got = yield call("cross_entropy_gradient", logits, targets)
    numeric = numerical_gradient(lambda z: t.ref.cross_entropy_loss(z, targets), logits.copy())
    t.close(got, numeric, what="gradient vs central differences of the loss", rtol=1e-5,
            atol=1e-8)


@case()
def gradient_agrees_with_your_own_loss(t):
    logits = t.rng.normal(size=(3, 5))
    targets = np.array([4, 0, 2])
    analytic, numeric = t.parts((yield drive("own_gradient_check", logits, targets)), 2)
    t.close(analytic, numeric, what="your gradient vs central differences of your loss",
            rtol=1e-5, atol=1e-8)


@case()
def gradient_with_extreme_logits(t):
    logits = np.array([[1000.0, -1000.0, 0.0], [0.0, 2000.0, 1999.0]])
    targets = np.array([1, 2])
    got = yield call("cross_entropy_gradient", logits, targets)
    t.close(got, t.ref.cross_entropy_gradient(logits, targets),
            what="gradient for extreme logits (must be finite)")


@case()
def loss_is_a_mean_over_the_batch(t):
    row = t.rng.normal(size=(1, 6))
    logits = np.repeat(row, 8, axis=0)
    targets = np.full(8, 2)
    got = yield call("cross_entropy_loss", logits, targets)
    t.close(got, t.ref.cross_entropy_loss(row, np.array([2])),
            what="loss of 8 identical rows (must equal the loss of one row)")


@case()
def gradient_is_divided_by_the_batch_size(t):
    logits = t.rng.normal(size=(16, 3))
    targets = t.rng.integers(0, 3, size=16)
    got = yield call("cross_entropy_gradient", logits, targets)
    t.close(got, t.ref.cross_entropy_gradient(logits, targets),
            what="gradient of a batch of 16 (mean loss: divide by 16)")


@case()
def single_example_integer_logits(t):
    logits = np.array([[3, -2, 7, 0]])
    targets = np.array([1])
    got = yield call("cross_entropy_loss", logits, targets)
    t.close(got, t.ref.cross_entropy_loss(logits.astype(float), targets),
            what="loss of one example with integer logits")


@case()
def larger_random_batch(t):
    logits = t.rng.normal(size=(64, 10)) * 5
    targets = t.rng.integers(0, 10, size=64)
    got = yield call("cross_entropy_loss", logits, targets)
    t.close(got, t.ref.cross_entropy_loss(logits, targets), what="loss of a 64 x 10 batch")
