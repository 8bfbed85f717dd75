import json

import numpy as np

from mlcoach.grading.calibration import Calibration, default_calibration
from mlcoach.grading.features import FEATURE_NAMES


def test_shipped_calibration_loads_and_matches_the_features() -> None:
    cal = default_calibration()
    assert cal.features == FEATURE_NAMES
    assert cal.coef.shape == (len(FEATURE_NAMES),)
    assert "SemEval" in cal.source
    assert 0 < cal.thresholds.cover < 1 and 0 < cal.thresholds.misconception < 1


def test_more_similar_and_more_overlap_means_more_likely_covered() -> None:
    cal = default_calibration()
    base = cal.mean.copy()
    for name in ("sim", "lex_novel"):
        higher = base.copy()
        higher[FEATURE_NAMES.index(name)] += cal.scale[FEATURE_NAMES.index(name)]
        assert cal.probability(higher[None])[0] > cal.probability(base[None])[0]


def test_round_trip_and_feature_mismatch_is_refused() -> None:
    cal = default_calibration()
    again = Calibration.from_dict(json.loads(json.dumps(cal.to_dict())))
    assert np.allclose(again.coef, cal.coef) and again.thresholds == cal.thresholds
    bad = cal.to_dict() | {"features": ["sim"]}
    try:
        Calibration.from_dict(bad)
    except ValueError as exc:
        assert "refit" in str(exc)
    else:
        raise AssertionError("a calibration for other features was accepted")
