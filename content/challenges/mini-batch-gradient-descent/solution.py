import numpy as np


def mini_batch_gradient_descent(X, y,  # training data, first axis = samples
                                model,  # dict: parameter name -> array
                                loss_fn, grad_fn,  # callables, see the prompt
                                learning_rate=0.01, batch_size=32, epochs=100):
    """Shuffled mini-batch gradient descent; returns (model, history), one history entry per epoch."""
    X = np.asarray(X)
    y = np.asarray(y)
    n_samples = len(X)
    rng = np.random.default_rng()
    history = []
    for _ in range(epochs):
        order = rng.permutation(n_samples)  # a fresh shuffle every epoch
        batch_losses = []
        for start in range(0, n_samples, batch_size):  # the last batch may be smaller
            idx = order[start:start + batch_size]
            xb, yb = X[idx], y[idx]
            # both are evaluated at the parameters *before* this batch's update
            batch_losses.append(float(loss_fn(model, xb, yb)))
            step = grad_fn(model, xb, yb)
            for name in model:
                model[name] = model[name] - learning_rate * step[name]
        history.append(float(np.mean(batch_losses)))
    return model, history
