import numpy as np


def _accuracy(y_true, y_pred):
    return float(np.mean(np.asarray(y_pred) == np.asarray(y_true)))


def k_fold_cross_validation(X, y, model_fn,  # data, and a factory of fresh models
                            k=5, metric_fn=None):
    """Shuffle once, split into k folds, train a fresh model per fold; return the k scores."""
    X = np.asarray(X)
    y = np.asarray(y)
    metric = _accuracy if metric_fn is None else metric_fn
    order = np.random.default_rng().permutation(len(X))
    folds = np.array_split(order, k)  # fold sizes differ by at most one
    scores = []
    for i, val_idx in enumerate(folds):
        # train on every other fold: the validation rows never reach fit()
        train_idx = np.concatenate([fold for j, fold in enumerate(folds) if j != i])
        model = model_fn()
        model.fit(X[train_idx], y[train_idx])
        scores.append(float(metric(y[val_idx], model.predict(X[val_idx]))))
    return scores
