import numpy as np


class NeuralNetwork:
    """Multi-layer perceptron: ReLU hidden layers, softmax output, mean cross-entropy loss."""

    def __init__(self, layers):
        self.layers = [int(n) for n in layers]
        rng = np.random.default_rng()
        # He initialisation (std = sqrt(2 / fan_in)) keeps ReLU activations from shrinking or
        # exploding layer after layer; random values also break the symmetry between units.
        self.weights = [rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
                        for n_in, n_out in zip(self.layers[:-1], self.layers[1:])]
        self.biases = [np.zeros(n_out) for n_out in self.layers[1:]]

    def _logits(self, X):
        """Run the layers; remember every layer's input for the backward pass."""
        a = np.asarray(X, dtype=float)
        self._inputs = []
        last = len(self.weights) - 1
        for i, (W, b) in enumerate(zip(self.weights, self.biases)):
            self._inputs.append(a)
            z = a @ W + b
            a = z if i == last else np.maximum(z, 0.0)
        return a

    def forward(self, X):
        z = self._logits(X)
        z = z - z.max(axis=1, keepdims=True)  # softmax is shift-invariant; this avoids overflow
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def backward(self, X, y, learning_rate=0.01):
        """One gradient-descent step on the mean cross-entropy; returns the loss before it."""
        y = np.asarray(y, dtype=int)
        n = y.shape[0]
        z = self._logits(X)
        z = z - z.max(axis=1, keepdims=True)
        log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(n), y].mean()

        # Softmax followed by cross-entropy has the gradient (p - onehot(y)) w.r.t. the logits;
        # the 1/n comes from averaging the loss over the batch.
        delta = np.exp(log_probs)
        delta[np.arange(n), y] -= 1.0
        delta /= n

        grads = [None] * len(self.weights)
        for i in range(len(self.weights) - 1, -1, -1):
            a_in = self._inputs[i]
            grads[i] = (a_in.T @ delta, delta.sum(axis=0))
            if i > 0:
                # Through W_i (the pre-update weights), then through the previous ReLU:
                # its input a_in = relu(z) is positive exactly where z > 0.
                delta = (delta @ self.weights[i].T) * (a_in > 0)

        # Update only after every gradient is known, so backprop used the old weights.
        self.weights = [W - learning_rate * dW for W, (dW, _) in zip(self.weights, grads)]
        self.biases = [b - learning_rate * db for b, (_, db) in zip(self.biases, grads)]
        return float(loss)
