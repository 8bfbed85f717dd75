import numpy as np


def cross_entropy_loss(logits, targets):
    """Mean over the batch of -log softmax(logits)[i, targets[i]]; returns a float."""
    z = np.asarray(logits, dtype=float)
    targets = np.asarray(targets, dtype=int)
    rows = np.arange(z.shape[0])
    # taking the log-probability directly never evaluates log(0), even when a
    # probability underflows to zero
    return float(-np.mean(_log_softmax(z)[rows, targets]))


def cross_entropy_gradient(logits, targets):
    """d loss / d logits = (softmax(logits) - one_hot(targets)) / batch_size."""
    z = np.asarray(logits, dtype=float)
    targets = np.asarray(targets, dtype=int)
    n = z.shape[0]
    grad = np.exp(_log_softmax(z))
    grad[np.arange(n), targets] -= 1.0
    return grad / n


def _log_softmax(logits):
    """log(softmax) per row, computed as z - logsumexp(z) with the row maximum shifted out."""
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
