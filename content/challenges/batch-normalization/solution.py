import numpy as np


class BatchNormalization:
    """Batch norm over the batch axis of (batch, num_features) inputs."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        """Learnable scale/shift plus the running statistics used at inference."""
        self.eps, self.momentum, self.num_features = eps, momentum, num_features
        shape = (num_features,)
        self.gamma, self.beta = np.ones(shape), np.zeros(shape)  # start as the identity map
        # Inference statistics: mean 0 and variance 1 until training has seen some batches.
        self.running_mean, self.running_var = np.zeros(shape), np.ones(shape)
        self._cache = None

    def forward(self, x, training=True):
        x = np.asarray(x, dtype=float)
        if not training:
            # Inference: a fixed affine map built from the running statistics.
            scale = self.gamma / np.sqrt(self.running_var + self.eps)
            return (x - self.running_mean) * scale + self.beta
        mean = x.mean(axis=0)
        var = x.var(axis=0)  # biased (divide by batch size), for normalising and for the update
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        m = self.momentum
        self.running_mean = (1 - m) * self.running_mean + m * mean
        self.running_var = (1 - m) * self.running_var + m * var
        self._cache = (x_hat, inv_std)
        return self.gamma * x_hat + self.beta

    def backward(self, dout):
        """Gradients of the last training-mode forward pass: (dx, dgamma, dbeta)."""
        x_hat, inv_std = self._cache
        dout = np.asarray(dout, dtype=float)
        dbeta = dout.sum(axis=0)
        dgamma = (dout * x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        # Every x_i also moves the batch mean and variance; folding those two paths in gives
        # dx = inv_std * (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)).
        dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))
        return dx, dgamma, dbeta
