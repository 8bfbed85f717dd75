import numpy as np


class BatchNormalization:
    """Batch normalization for inputs of shape (batch, num_features).

    Attributes: gamma, beta (learnable, shape (num_features,)), running_mean, running_var.
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        raise NotImplementedError("create gamma, beta, running_mean, running_var")

    def forward(self, x, training=True):
        """Normalise x with batch statistics (training) or running statistics (inference)."""
        raise NotImplementedError("implement the forward pass")

    def backward(self, dout):
        """dout: gradient of the loss w.r.t. the last training forward's output.

        Returns (dx, dgamma, dbeta).
        """
        raise NotImplementedError("implement the backward pass")
