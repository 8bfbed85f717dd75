import numpy as np


class EarlyStopping:
    """Signal a stop after `patience` calls in a row without an improvement of more than `min_delta`."""

    def __init__(self, patience=10, min_delta=0.001,  # patience counts calls
                 mode='min'):
        if mode not in ("min", "max"):
            raise ValueError("mode must be 'min' or 'max'")
        self.mode = mode
        self.patience = patience
        self.min_delta = min_delta
        self.best_score = None  # nothing seen yet
        self.best_weights = None
        self.counter = 0
        self.early_stop = False

    def _is_improvement(self, score):
        # improvements are measured from the best score seen, never from the previous one
        if self.mode == "min":
            return score < self.best_score - self.min_delta
        return score > self.best_score + self.min_delta

    def __call__(self, score, model=None):
        if self.best_score is not None and not self._is_improvement(score):
            self.counter += 1
            # sticky: once raised, the flag stays raised
            self.early_stop = self.early_stop or self.counter >= self.patience
            return self.early_stop
        # first call, or a real improvement
        self.counter = 0
        self.best_score = score
        if model is not None:
            # copy: the caller keeps training the same arrays in place
            self.best_weights = {name: np.array(value, copy=True)
                                 for name, value in model.items()}
        return self.early_stop
