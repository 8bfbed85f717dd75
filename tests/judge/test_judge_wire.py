"""The wire format: values cross the sandbox boundary and come back equal, without pickle."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlcoach.judge import wire

DTYPES = [
    "float64",
    "float32",
    "float16",
    "int8",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "bool",
    "complex128",
    "<U5",
]


def same(a: Any, b: Any) -> bool:
    """Equal values with equal types (nan equals nan; arrays compare dtype, shape, contents)."""
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        )
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def roundtrip(value: Any) -> Any:
    return wire.decode(wire.encode(value))


@pytest.mark.parametrize("dtype", DTYPES)
def test_arrays_of_each_dtype_roundtrip(dtype: str) -> None:
    rng = np.random.default_rng(0)
    array = (rng.normal(size=(3, 4)) * 10).astype(dtype)
    back = roundtrip(array)
    assert same(array, back)
    assert back.flags.writeable or back.size == 0


def test_special_arrays_roundtrip() -> None:
    for array in (
        np.zeros((0, 3)),
        np.array(2.5),
        np.arange(12).reshape(3, 4)[:, ::2],
        np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    ):
        assert same(np.asarray(array, order="C"), roundtrip(array))
    assert roundtrip(np.array(2.5)).shape == ()  # a 0-d array stays 0-d


def test_nan_and_inf_survive_in_floats_and_arrays() -> None:
    value = (math.nan, math.inf, -math.inf, np.array([math.nan, math.inf, -math.inf, 1.0]))
    back = roundtrip(value)
    assert math.isnan(back[0]) and back[1] == math.inf and back[2] == -math.inf
    assert same(value[3], back[3])


def test_nested_containers_keep_their_shape() -> None:
    value = {
        "pair": (1, 2.5),
        "list": [None, True, "text", b"\x00\xffbytes"],
        (1, "key"): {"inner": (np.ones(2), [np.int64(3)])},
        7: [],
        "empty": (),
    }
    back = roundtrip(value)
    assert isinstance(back["pair"], tuple) and isinstance(back["list"], list)
    assert same(back[(1, "key")]["inner"][0], np.ones(2))
    assert back[(1, "key")]["inner"][1] == [3] and type(back[(1, "key")]["inner"][1][0]) is int
    assert back["list"] == [None, True, "text", b"\x00\xffbytes"]
    assert back[7] == [] and back["empty"] == ()


def test_numpy_scalars_become_python_numbers() -> None:
    back = roundtrip([np.float32(1.5), np.int16(-3), np.bool_(True), np.float64("nan")])
    assert [type(v) for v in back] == [float, int, bool, float]
    assert back[:3] == [1.5, -3, True] and math.isnan(back[3])


@pytest.mark.parametrize(
    "value",
    [
        lambda: 1,
        object(),
        {1, 2},
        np.array([object()]),
        range(3),
        1 + 2j,
        np.zeros(2, dtype=[("a", "f8"), ("b", "i4")]),
        np.zeros(2, dtype="V4"),
    ],
)
def test_values_that_cannot_cross_are_refused(value: Any) -> None:
    with pytest.raises(wire.WireError):
        wire.encode(value)


def test_nesting_is_bounded() -> None:
    deep: list[Any] = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(wire.WireError, match="nested too deeply"):
        wire.encode(deep)


leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=10)
    | st.binary(max_size=10)
    | hnp.arrays(
        st.sampled_from(["float64", "int32", "bool", "uint8"]),
        hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
    )
)
nested = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested)
def test_anything_supported_roundtrips(value: Any) -> None:
    assert same(value, roundtrip(value))
