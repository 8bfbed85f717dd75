import numpy as np


class NeuralNetwork:
    """Fully connected network: ReLU on hidden layers, softmax on the output layer.

    Attributes the tests read and overwrite:
        weights: list of arrays, weights[i] has shape (layers[i], layers[i + 1]).
        biases:  list of arrays, biases[i] has shape (layers[i + 1],).
    """

    def __init__(self, layers):
        """layers: list of sizes [n_inputs, hidden_1, ..., hidden_k, n_classes]."""
        raise NotImplementedError("create self.weights and self.biases")

    def forward(self, X):
        """X: (n_samples, n_inputs) -> class probabilities of shape (n_samples, n_classes)."""
        raise NotImplementedError("compute the class probabilities")

    def backward(self, X, y, learning_rate=0.01):
        """One gradient-descent step on the mean cross-entropy of (X, y).

        y: integer class labels of shape (n_samples,). Updates self.weights and self.biases.
        """
        raise NotImplementedError("implement backpropagation and the update")
