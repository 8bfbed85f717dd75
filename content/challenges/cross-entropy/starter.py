import numpy as np


def cross_entropy_loss(logits, targets):
    """Mean softmax cross-entropy.

    Args:
        logits: array of shape (batch, n_classes), raw scores.
        targets: integer array of shape (batch,), class indices in 0..n_classes-1.
    Returns:
        float: the loss averaged over the batch.
    """
    raise NotImplementedError("implement cross_entropy_loss")


def cross_entropy_gradient(logits, targets):
    """Gradient of cross_entropy_loss with respect to logits; shape (batch, n_classes)."""
    raise NotImplementedError("implement cross_entropy_gradient")
