"""Our classic-ML reference solutions checked against scikit-learn, SciPy and PyTorch.

Each challenge's `solution.py` is loaded as a module straight from the content folder, so these
tests guard exactly the code the judge uses to compute expected values.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
import scipy.special
import torch
from sklearn.decomposition import PCA as SkPCA
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.naive_bayes import GaussianNB as SkGaussianNB
from sklearn.neighbors import KNeighborsClassifier

from support import load_solution as _load


@pytest.fixture(scope="module")
def logreg() -> ModuleType:
    return _load("logistic-regression")


@pytest.fixture(scope="module")
def ridge() -> ModuleType:
    return _load("ridge-regression")


@pytest.fixture(scope="module")
def pca() -> ModuleType:
    return _load("pca")


@pytest.fixture(scope="module")
def knn() -> ModuleType:
    return _load("knn-classifier")


@pytest.fixture(scope="module")
def gnb() -> ModuleType:
    return _load("gaussian-naive-bayes")


@pytest.fixture(scope="module")
def sgd() -> ModuleType:
    return _load("sgd-momentum")


def _blobs(rng: np.random.Generator, n: int, d: int, gap: float) -> tuple[np.ndarray, np.ndarray]:
    y = (rng.random(n) < 0.5).astype(int)
    direction = rng.normal(size=d)
    X = rng.normal(size=(n, d)) + np.outer(y, direction / np.linalg.norm(direction)) * gap
    return X, y


# ---------------------------------------------------------------- logistic regression


def test_sigmoid_matches_expit_without_overflow(logreg: ModuleType) -> None:
    z = np.concatenate([np.linspace(-40, 40, 161), [-1e4, -1000, -745, -710, 710, 1000, 1e4]])
    with np.errstate(over="raise", invalid="raise"):  # any overflow in exp fails the test
        got = logreg.sigmoid(z)
    np.testing.assert_allclose(got, scipy.special.expit(z), rtol=1e-12, atol=1e-300)
    assert got.shape == z.shape
    assert logreg.sigmoid(np.zeros((2, 3))).shape == (2, 3)


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_logistic_gradient_descent_matches_torch(logreg: ModuleType, l2: float) -> None:
    rng = np.random.default_rng(0)
    X, y = _blobs(rng, 50, 3, gap=1.5)
    lr, n_iters = 0.2, 150
    model = logreg.LogisticRegression(lr=lr, n_iters=n_iters, l2=l2).fit(X, y)

    Xt, yt = torch.from_numpy(X), torch.from_numpy(y.astype(float))
    w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=lr)
    for _ in range(n_iters):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(Xt @ w + b, yt)
        loss = loss + 0.5 * l2 * (w * w).sum()  # the intercept is not penalised
        loss.backward()
        opt.step()
    np.testing.assert_allclose(model.coef_, w.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert model.intercept_ == pytest.approx(float(b.detach()), rel=1e-10, abs=1e-12)
    expected = torch.sigmoid(Xt @ w + b).detach().numpy()
    np.testing.assert_allclose(model.predict_proba(X), expected, rtol=1e-10, atol=1e-12)


def test_logistic_converges_to_sklearn_optimum(logreg: ModuleType) -> None:
    # mean log-loss + (l2/2)||w||^2 has the same minimiser as sklearn's
    # 0.5||w||^2 + C * sum log-loss when C = 1 / (n * l2)
    rng = np.random.default_rng(1)
    X, y = _blobs(rng, 120, 4, gap=1.0)
    X_train, y_train, X_test, y_test = X[:80], y[:80], X[80:], y[80:]
    l2 = 0.1
    ours = logreg.LogisticRegression(lr=1.0, n_iters=2000, l2=l2).fit(X_train, y_train)
    sk = SkLogisticRegression(C=1.0 / (len(X_train) * l2), tol=1e-12, max_iter=10_000)
    sk.fit(X_train, y_train)
    np.testing.assert_allclose(ours.coef_, sk.coef_[0], rtol=1e-6, atol=1e-8)
    assert ours.intercept_ == pytest.approx(sk.intercept_[0], rel=1e-6, abs=1e-8)
    p_ours, p_sk = ours.predict_proba(X_test), sk.predict_proba(X_test)[:, 1]
    np.testing.assert_allclose(p_ours, p_sk, rtol=1e-6, atol=1e-8)
    assert log_loss(y_test, p_ours) == pytest.approx(log_loss(y_test, p_sk), rel=1e-6)
    assert accuracy_score(y_test, ours.predict(X_test)) == accuracy_score(
        y_test, sk.predict(X_test)
    )


def test_logistic_zero_iterations_and_tie_rule(logreg: ModuleType) -> None:
    X = np.arange(6.0).reshape(3, 2)
    model = logreg.LogisticRegression(n_iters=0).fit(X, np.array([0, 1, 0]))
    np.testing.assert_array_equal(model.coef_, np.zeros(2))
    np.testing.assert_array_equal(model.predict_proba(X), np.full(3, 0.5))
    np.testing.assert_array_equal(model.predict(X), np.ones(3, dtype=int))


# ------------------------------------------------------------------- ridge regression


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [0.0, 0.5, 10.0])
def test_ridge_matches_sklearn(ridge: ModuleType, alpha: float, fit_intercept: bool) -> None:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 5)) * np.array([1.0, 3.0, 0.5, 2.0, 1.0]) + 2.0
    y = X @ rng.normal(size=5) + rng.normal(size=40) + 5.0
    coef, intercept = ridge.ridge_regression(X, y, alpha=alpha, fit_intercept=fit_intercept)
    if alpha == 0.0:
        sk: LinearRegression | Ridge = LinearRegression(fit_intercept=fit_intercept)
    else:
        sk = Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="cholesky")
    sk.fit(X, y)
    np.testing.assert_allclose(coef, sk.coef_, rtol=1e-8, atol=1e-10)
    assert intercept == pytest.approx(float(sk.intercept_), rel=1e-8, abs=1e-10)
    assert isinstance(intercept, float)


def test_ridge_more_features_than_samples(ridge: ModuleType) -> None:
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(8, 20)), rng.normal(size=8)
    coef, intercept = ridge.ridge_regression(X, y, alpha=0.5)
    sk = Ridge(alpha=0.5, solver="svd").fit(X, y)
    np.testing.assert_allclose(coef, sk.coef_, rtol=1e-8, atol=1e-10)
    assert intercept == pytest.approx(sk.intercept_, rel=1e-8, abs=1e-10)


def test_ridge_intercept_is_not_penalised(ridge: ModuleType) -> None:
    rng = np.random.default_rng(4)
    X = rng.normal(size=(30, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + rng.normal(size=30)
    coef, intercept = ridge.ridge_regression(X, y, alpha=25.0)
    coef_shift, intercept_shift = ridge.ridge_regression(X, y + 1000.0, alpha=25.0)
    np.testing.assert_allclose(coef_shift, coef, rtol=1e-10, atol=1e-10)
    assert intercept_shift - 1000.0 == pytest.approx(intercept, abs=1e-8)


# -------------------------------------------------------------------------------- PCA


@pytest.mark.parametrize("n_components", [1, 3, None])
def test_pca_matches_sklearn_up_to_sign(pca: ModuleType, n_components: int | None) -> None:
    rng = np.random.default_rng(5)
    q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    X = (rng.normal(size=(60, 5)) * np.array([5.0, 3.0, 2.0, 1.0, 0.5])) @ q.T + 3.0
    X_new = rng.normal(size=(7, 5)) * 2.0
    ours = pca.PCA(n_components=n_components).fit(X)
    sk = SkPCA(n_components=n_components, svd_solver="full").fit(X)
    signs = np.sign(np.sum(ours.components_ * sk.components_, axis=1))
    assert np.all(signs != 0)
    np.testing.assert_allclose(
        ours.components_ * signs[:, None], sk.components_, rtol=1e-7, atol=1e-10
    )
    np.testing.assert_allclose(ours.mean_, sk.mean_, rtol=1e-12)
    np.testing.assert_allclose(ours.explained_variance_, sk.explained_variance_, rtol=1e-10)
    np.testing.assert_allclose(
        ours.explained_variance_ratio_, sk.explained_variance_ratio_, rtol=1e-10
    )
    np.testing.assert_allclose(
        ours.transform(X_new) * signs, sk.transform(X_new), rtol=1e-7, atol=1e-10
    )
    np.testing.assert_allclose(
        ours.inverse_transform(ours.transform(X_new)),
        sk.inverse_transform(sk.transform(X_new)),
        rtol=1e-7,
        atol=1e-9,
    )


def test_pca_variances_are_covariance_eigenvalues(pca: ModuleType) -> None:
    rng = np.random.default_rng(6)
    X = rng.normal(size=(25, 4)) @ rng.normal(size=(4, 4))
    ours = pca.PCA().fit(X)
    eigenvalues = np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1]
    np.testing.assert_allclose(ours.explained_variance_, eigenvalues, rtol=1e-10)
    assert ours.explained_variance_ratio_.sum() == pytest.approx(1.0)


# ------------------------------------------------------------------------------- k-NN


@pytest.mark.parametrize("k", [1, 2, 4, 7])
def test_knn_matches_sklearn(knn: ModuleType, k: int) -> None:
    # continuous data: no distance ties, but vote ties are frequent for even k
    rng = np.random.default_rng(7 + k)
    labels = np.array([-5, 10, 42])
    y = labels[rng.integers(0, 3, size=80)]
    X = rng.normal(size=(80, 3)) + (y == 10)[:, None] * 1.0
    Q = rng.normal(size=(50, 3))
    sk = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X, y)
    got = knn.knn_predict(X, y, Q, k=k)
    np.testing.assert_array_equal(got, sk.predict(Q))
    assert got.dtype == y.dtype


def test_knn_tie_rules(knn: ModuleType) -> None:
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0]])
    y = np.array([7, 7, 3, 3, 3])
    assert knn.knn_predict(X, y, np.array([[0.1, 0.4]]), k=2).tolist() == [3]  # vote tie
    # three identical points: the lowest training index wins a distance tie
    X = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    assert knn.knn_predict(X, np.array([9, 2, 4]), np.array([[0.0, 0.0]]), k=1).tolist() == [9]


# ---------------------------------------------------------------- Gaussian naive Bayes


@pytest.mark.parametrize("var_smoothing", [1e-9, 0.3])
def test_gaussian_nb_matches_sklearn(gnb: ModuleType, var_smoothing: float) -> None:
    rng = np.random.default_rng(8)
    centres = np.array([[0.0, 0.0, 0.0], [2.0, 1.0, -1.0], [0.0, 3.0, 1.0]])
    y_codes = np.repeat([0, 1, 2], [20, 35, 15])
    X = centres[y_codes] + rng.normal(size=(70, 3)) * np.array([1.0, 2.0, 0.5])
    y = np.array([30, -1, 4])[y_codes]
    X_new = np.vstack([rng.normal(size=(10, 3)) * 2, [[1e3, -1e3, 50.0], [-400.0, 0.0, 0.0]]])
    ours = gnb.GaussianNB(var_smoothing=var_smoothing).fit(X, y)
    sk = SkGaussianNB(var_smoothing=var_smoothing).fit(X, y)
    np.testing.assert_array_equal(ours.classes_, sk.classes_)
    np.testing.assert_allclose(ours.class_prior_, sk.class_prior_, rtol=1e-12)
    np.testing.assert_allclose(ours.theta_, sk.theta_, rtol=1e-10)
    np.testing.assert_allclose(ours.var_, sk.var_, rtol=1e-10)
    np.testing.assert_allclose(
        ours.predict_log_proba(X_new), sk.predict_log_proba(X_new), rtol=1e-9, atol=1e-9
    )
    np.testing.assert_allclose(
        ours.predict_proba(X_new), sk.predict_proba(X_new), rtol=1e-9, atol=1e-12
    )
    np.testing.assert_array_equal(ours.predict(X_new), sk.predict(X_new))
    assert np.all(np.isfinite(ours.predict_log_proba(X_new)))


def test_gaussian_nb_constant_feature_is_smoothed(gnb: ModuleType) -> None:
    rng = np.random.default_rng(9)
    y = np.repeat([0, 1], 10)
    X = np.column_stack([rng.normal(size=20), np.where(y == 0, 1.0, 3.0)])
    X_new = np.array([[0.0, 1.0], [0.0, 3.0], [0.0, 2.0]])
    ours = gnb.GaussianNB().fit(X, y)
    sk = SkGaussianNB().fit(X, y)
    np.testing.assert_allclose(ours.var_, sk.var_, rtol=1e-10)
    np.testing.assert_allclose(
        ours.predict_proba(X_new), sk.predict_proba(X_new), rtol=1e-9, atol=1e-12
    )


# ---------------------------------------------------------------------- SGD + momentum


@pytest.mark.parametrize(
    ("momentum", "nesterov", "weight_decay"),
    [
        (0.0, False, 0.0),
        (0.9, False, 0.0),
        (0.9, True, 0.0),
        (0.5, False, 0.1),
        (0.8, True, 0.05),
    ],
)
def test_sgd_momentum_matches_torch(
    sgd: ModuleType, momentum: float, nesterov: bool, weight_decay: float
) -> None:
    rng = np.random.default_rng(10)
    q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    A = q @ np.diag([0.5, 1.0, 2.0, 4.0]) @ q.T
    b = rng.normal(size=4)
    x0 = rng.normal(size=4) * 3

    def grad_fn(x: np.ndarray) -> np.ndarray:
        return A @ x - b

    lr, n_steps = 0.05, 30
    path = sgd.sgd_momentum(
        grad_fn,
        x0,
        lr=lr,
        momentum=momentum,
        n_steps=n_steps,
        nesterov=nesterov,
        weight_decay=weight_decay,
    )

    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD(
        [p], lr=lr, momentum=momentum, nesterov=nesterov, weight_decay=weight_decay
    )
    expected = [p.detach().numpy().copy()]
    for _ in range(n_steps):
        opt.zero_grad()
        p.grad = torch.from_numpy(grad_fn(p.detach().numpy()))
        opt.step()
        expected.append(p.detach().numpy().copy())
    assert path.shape == (n_steps + 1, 4)
    np.testing.assert_allclose(path, np.stack(expected), rtol=1e-12, atol=1e-12)


def test_sgd_momentum_shapes_and_no_aliasing(sgd: ModuleType) -> None:
    x0 = np.array([[3, -1], [2, 0]])
    path = sgd.sgd_momentum(lambda x: 2 * x, x0, lr=0.1, momentum=0.9, n_steps=4)
    assert path.shape == (5, 2, 2) and path.dtype == np.float64
    np.testing.assert_array_equal(x0, [[3, -1], [2, 0]])
    np.testing.assert_array_equal(path[0], x0)
    assert sgd.sgd_momentum(lambda x: x, np.ones(3), n_steps=0).shape == (1, 3)
