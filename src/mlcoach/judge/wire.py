"""Data across the sandbox boundary, without pickle.

Values are JSON with arrays moved out into `.npy` blobs read with `allow_pickle=False`, so bytes
from hostile code can at worst fail to decode; they can never run code in the judge.
"""

from __future__ import annotations

import io
import json
import math
import struct
from typing import Any

import numpy as np

MAX_DEPTH = 32


class WireError(ValueError):
    """Raised when a value cannot cross the boundary (unsupported type or damaged bytes)."""


def encode(value: Any) -> bytes:
    arrays: list[np.ndarray[Any, Any]] = []
    header = json.dumps(_to_json(value, arrays, 0), allow_nan=False).encode()
    parts = [struct.pack("<II", len(header), len(arrays)), header]
    for array in arrays:
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        blob = buffer.getvalue()
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def decode(data: bytes) -> Any:
    try:
        header_len, n_arrays = struct.unpack_from("<II", data, 0)
        offset = 8
        if len(data) < offset + header_len:
            raise WireError("truncated header")
        header = json.loads(data[offset : offset + header_len])
        offset += header_len
        arrays = []
        for _ in range(n_arrays):
            (size,) = struct.unpack_from("<Q", data, offset)
            offset += 8
            blob = data[offset : offset + size]
            if len(blob) != size:
                raise WireError("truncated array")
            arrays.append(np.load(io.BytesIO(blob), allow_pickle=False))
            offset += size
        if offset != len(data):
            raise WireError("unexpected bytes after the value")
        return _from_json(header, arrays, 0)
    except WireError:
        raise
    except Exception as exc:  # any damage in untrusted bytes is one kind of failure
        raise WireError(f"unreadable value: {type(exc).__name__}: {exc}") from None


def _to_json(value: Any, arrays: list[np.ndarray[Any, Any]], depth: int) -> Any:
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
        arrays.append(np.frombuffer(value, dtype=np.uint8))
        return {"__bytes__": len(arrays) - 1}
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            raise WireError("arrays of Python objects cannot be returned; use numbers")
        arrays.append(np.asarray(value, order="C"))  # keeps 0-d arrays 0-d
        return {"__nd__": len(arrays) - 1}
    if isinstance(value, list | tuple):
        items = [_to_json(v, arrays, depth + 1) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        return {
            "__dict__": [
                [_to_json(k, arrays, depth + 1), _to_json(v, arrays, depth + 1)]
                for k, v in value.items()
            ]
        }
    raise WireError(f"cannot return a value of type {type(value).__name__}")


def _from_json(value: Any, arrays: list[np.ndarray[Any, Any]], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if isinstance(value, list):
        return [_from_json(v, arrays, depth + 1) for v in value]
    if not isinstance(value, dict):
        return value
    if "__nd__" in value:
        return arrays[int(value["__nd__"])]
    if "__bytes__" in value:
        return arrays[int(value["__bytes__"])].astype(np.uint8).tobytes()
    if "__float__" in value:
        return float(value["__float__"])
    if "__tuple__" in value:
        return tuple(_from_json(v, arrays, depth + 1) for v in value["__tuple__"])
    if "__dict__" in value:
        return {
            _hashable(_from_json(k, arrays, depth + 1)): _from_json(v, arrays, depth + 1)
            for k, v in value["__dict__"]
        }
    raise WireError("unknown tagged value")


def _hashable(key: Any) -> Any:
    if isinstance(key, list | np.ndarray):
        raise WireError("dictionary keys must be numbers, strings or tuples")
    return key
