"""Per-document preparation: everything later stages need from one text.

`prepare_document` is the per-document function of the pipeline (the unit
that a process pool or a Spark task runs): normalize, tokenize, drop the
boilerplate words, split sentences, hash words and shingles, sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..load import Document
from ..sketch.hashing import shingle_hashes, word_hashes
from ..sketch.minhash import MinHasher
from ..text.boilerplate import Excluded, find_boilerplate
from ..text.normalize import normalize
from ..text.segment import Tokens, sentence_starts, tokenize
from ..util.parallel import map_in_order, shared, shared_value
from ..util.progress import Progress, counted

if TYPE_CHECKING:  # Options holds ParaphraseParams, whose module needs PreparedDocument
    from .options import Options

__all__ = ["PreparedDocument", "prepare_corpus", "prepare_document", "prepare_documents"]


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


_PREPARE_BATCH = 64  # documents per task of a worker process


def _prepare_batch(batch: range) -> list[PreparedDocument]:
    documents, excluded, minhasher = shared_value("prepare")
    return [prepare_document(documents[i], excluded[i], minhasher) for i in batch]


def prepare_documents(
    documents: Sequence[Document],
    excluded: Sequence[Sequence[Excluded]],
    minhasher: MinHasher,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[PreparedDocument]:
    """`prepare_document` for each document with its excluded spans, in `jobs`
    processes, reported to `progress` as the stage "prepare"."""
    batches = [
        range(s, min(s + _PREPARE_BATCH, len(documents))) for s in range(0, len(documents), _PREPARE_BATCH)
    ]
    with shared(prepare=(documents, excluded, minhasher)):
        done = map_in_order(_prepare_batch, batches, jobs)
        return [p for batch in counted(done, [len(b) for b in batches], "prepare", progress) for p in batch]


def prepare_corpus(
    documents: Sequence[Document], options: Options, jobs: int = 1, progress: Progress | None = None
) -> list[PreparedDocument]:
    """Boilerplate detection (needs the whole corpus), then per-document
    preparation, in `jobs` processes."""
    excluded = find_boilerplate([d.text for d in documents], [d.source for d in documents])
    return prepare_documents(documents, excluded, options.minhasher(), jobs, progress)
