"""Data across the sandbox boundary, without pickle.

Values are JSON; arrays and bytes are moved out into raw blobs. An array is its bytes plus a
dtype (numbers, bools, strings or dates: never objects) and a shape, checked against the blob's
length before anything is built. Bytes from hostile code can at worst fail to decode; they can
never run code in the judge. (Raw blobs rather than `.npy`: parsing `.npy` headers was most of
the cost of a case.)
"""

from __future__ import annotations

import json
import math
import struct
from typing import Any

import numpy as np

MAX_DEPTH = 32
MAX_DIMS = 32
ARRAY_KINDS = frozenset("biufcUSMm")  # bool, ints, floats, complex, str, bytes, datetimes


class WireError(ValueError):
    """Raised when a value cannot cross the boundary (unsupported type or damaged bytes)."""


def encode(value: Any) -> bytes:
    blobs: list[bytes] = []
    header = json.dumps(_to_json(value, blobs, 0), allow_nan=False).encode()
    parts = [struct.pack("<II", len(header), len(blobs)), header]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def decode(data: bytes) -> Any:
    try:
        header_len, n_blobs = struct.unpack_from("<II", data, 0)
        offset = 8
        if len(data) < offset + header_len:
            raise WireError("truncated header")
        header = json.loads(data[offset : offset + header_len])
        offset += header_len
        blobs = []
        for _ in range(n_blobs):
            (size,) = struct.unpack_from("<Q", data, offset)
            offset += 8
            blob = data[offset : offset + size]
            if len(blob) != size:
                raise WireError("truncated array")
            blobs.append(bytes(blob))
            offset += size
        if offset != len(data):
            raise WireError("unexpected bytes after the value")
        return _from_json(header, blobs, 0)
    except WireError:
        raise
    except Exception as exc:  # any damage in untrusted bytes is one kind of failure
        raise WireError(f"unreadable value: {type(exc).__name__}: {exc}") from None


def _to_json(value: Any, blobs: list[bytes], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer) and not isinstance(value, np.bool_):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else {"__float__": repr(number)}
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, bytes):
        blobs.append(value)
        return {"__bytes__": len(blobs) - 1}
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise WireError("arrays of Python objects cannot be returned; use numbers")
        if value.dtype.kind not in ARRAY_KINDS or value.dtype.itemsize == 0:
            raise WireError(f"arrays of dtype {value.dtype} cannot be returned; use numbers")
        blobs.append(np.asarray(value, order="C").tobytes())  # 0-d arrays stay 0-d
        return {"__nd__": [len(blobs) - 1, value.dtype.str, list(value.shape)]}
    if isinstance(value, list | tuple):
        items = [_to_json(v, blobs, depth + 1) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        return {
            "__dict__": [
                [_to_json(k, blobs, depth + 1), _to_json(v, blobs, depth + 1)]
                for k, v in value.items()
            ]
        }
    raise WireError(f"cannot return a value of type {type(value).__name__}")


def _from_json(value: Any, blobs: list[bytes], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if isinstance(value, list):
        return [_from_json(v, blobs, depth + 1) for v in value]
    if not isinstance(value, dict):
        return value
    if "__nd__" in value:
        return _array(value["__nd__"], blobs)
    if "__bytes__" in value:
        return blobs[_index(value["__bytes__"])]
    if "__float__" in value:
        return float(value["__float__"])
    if "__tuple__" in value:
        return tuple(_from_json(v, blobs, depth + 1) for v in value["__tuple__"])
    if "__dict__" in value:
        return {
            _hashable(_from_json(k, blobs, depth + 1)): _from_json(v, blobs, depth + 1)
            for k, v in value["__dict__"]
        }
    raise WireError("unknown tagged value")


def _index(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise WireError("bad blob index")
    return value


def _array(spec: Any, blobs: list[bytes]) -> np.ndarray[Any, Any]:
    """Rebuild an array from [blob index, dtype string, shape], checking every part first."""
    if not isinstance(spec, list) or len(spec) != 3 or not isinstance(spec[1], str):
        raise WireError("bad array description")
    blob = blobs[_index(spec[0])]
    dtype = np.dtype(spec[1])
    if dtype.hasobject or dtype.kind not in ARRAY_KINDS or dtype.itemsize == 0:
        raise WireError(f"arrays of dtype {dtype} are not accepted")
    shape = spec[2]
    if not isinstance(shape, list) or len(shape) > MAX_DIMS:
        raise WireError("bad array shape")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("bad array shape")
    if math.prod(shape) * dtype.itemsize != len(blob):
        raise WireError("array size does not match its data")
    return np.frombuffer(blob, dtype=dtype).reshape(shape).copy()


def _hashable(key: Any) -> Any:
    if isinstance(key, list | np.ndarray):
        raise WireError("dictionary keys must be numbers, strings or tuples")
    return key
