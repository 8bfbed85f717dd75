import numpy as np


class EarlyStopping:
    """Decide when to stop training from a stream of validation scores.

    Call the instance once per epoch: stopper(score, model=None) -> bool (True means stop).
    Attributes: best_score, counter, best_weights (see the prompt).
    """

    def __init__(self, patience=10, min_delta=0.001,  # see the prompt
                 mode='min'):
        raise NotImplementedError("implement __init__")

    def __call__(self, score, model=None):
        raise NotImplementedError("implement __call__")
