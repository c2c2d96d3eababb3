"""Per-document preparation: everything later stages need from one text.

`prepare_document` is the per-document function of the pipeline (the unit
that a process pool or a Spark task runs): normalize, tokenize, drop the
boilerplate words, split sentences, hash words and shingles, sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..load import Document
from ..sketch.signatures import MinHasher, shingle_hashes, word_hashes
from ..text.boilerplate import Excluded
from ..text.normalize import normalize
from ..text.segment import Tokens, sentence_starts, tokenize

__all__ = ["PreparedDocument", "prepare_document"]


@dataclass(frozen=True)
class PreparedDocument:
    """A document ready for comparison.

    `tokens` are the content words (boilerplate excluded), `ids` their 64-bit
    hashes, `sentences` the token index where each sentence starts,
    `shingles` the sorted unique shingle hashes and `signature` the MinHash.
    """

    document: Document
    n_words: int
    excluded: tuple[Excluded, ...]
    tokens: Tokens
    ids: np.ndarray
    sentences: np.ndarray
    shingles: np.ndarray
    signature: np.ndarray

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original character span of content tokens ``[start, end)``."""
        return int(self.tokens.starts[start]), int(self.tokens.ends[end - 1])

    def sentence_ranges(self) -> list[tuple[int, int]]:
        """Token ranges ``[start, end)`` of the sentences."""
        bounds = [*self.sentences.tolist(), len(self.tokens)]
        return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _inside(starts: np.ndarray, spans: Sequence[Excluded]) -> np.ndarray:
    """Boolean mask: does each offset fall inside one of the (sorted) spans?"""
    if not spans:
        return np.zeros(len(starts), dtype=bool)
    lo = np.array([s.start for s in spans])
    hi = np.array([s.end for s in spans])
    k = np.searchsorted(lo, starts, side="right") - 1
    return (k >= 0) & (starts < hi[np.maximum(k, 0)])


def prepare_document(
    document: Document, excluded: Sequence[Excluded], minhasher: MinHasher
) -> PreparedDocument:
    """Normalize, tokenize, exclude boilerplate, segment, hash and sign one document."""
    normalized = normalize(document.text)
    all_tokens = tokenize(normalized)
    content = all_tokens.select(~_inside(all_tokens.starts, excluded))
    ids = word_hashes(content.words)
    shingles = np.unique(shingle_hashes(ids, minhasher.shingle_size))
    return PreparedDocument(
        document=document,
        n_words=len(all_tokens),
        excluded=tuple(excluded),
        tokens=content,
        ids=ids,
        sentences=sentence_starts(content, normalized, document.text),
        shingles=shingles,
        signature=minhasher.signature_of_hashes(shingles),
    )
