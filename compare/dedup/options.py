"""The parameters of batch deduplication, shared by both engines and the index."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..sketch.lsh import optimal_bands
from ..sketch.minhash import MinHasher

__all__ = ["CHUNK_CHARACTERS", "SAMPLE_BELOW", "DedupOptions", "text_length"]

#: Shingles whose 64-bit hash is below this (one in 16) are each document's sample.
SAMPLE_BELOW = 2**60
#: A unit of work handed to a worker ends at this many characters of text, whatever
#: `DedupOptions.chunk_size` says: long texts make short units, so memory stays bounded.
CHUNK_CHARACTERS = 2**22


def text_length(item: tuple[object, str]) -> int:
    """The length of the text of a (key, text) item: what `CHUNK_CHARACTERS` counts."""
    return len(item[1])


@lru_cache(maxsize=4)
def _minhasher(num_perm: int, seed: int, shingle_size: int) -> MinHasher:
    """One hasher per process and parameters: building one costs a millisecond,
    as much as signing ten documents, and every chunk needs one."""
    return MinHasher(num_perm=num_perm, seed=seed, shingle_size=shingle_size)


@dataclass(frozen=True)
class DedupOptions:
    """Parameters of batch deduplication.

    shingle_size, num_perm, seed: as in `compare.Options` (the same defaults,
        so the signatures are the analysis's).
    threshold: verified shingle Jaccard at or above which two documents are
        near-duplicates.
    lsh_threshold: Jaccard the LSH bands are tuned for; below `threshold` so
        that pairs AT the threshold are proposed with high probability.
    jobs: threads for signing and verifying (1: this thread only); the
        compiled loops release the GIL, so they hash on separate cores.
    chunk_size: documents per unit of work handed to a worker (fewer when
        their texts pass `CHUNK_CHARACTERS`).
    max_bucket: an LSH bucket with more documents than this (many copies of
        one text) pairs its first document with each other one instead of
        all pairs with each other: linear, not quadratic, in the copies.
    coverage: two documents each of whose texts lies at least this much
        inside passages shared with the other (`compare.dedup.rules.passage_coverage`:
        shared shingles, gaps of up to 20 words bridged) are near-duplicates
        whatever their Jaccard: edited copies, which lose a shingle per
        edited word and shingle size. Candidates come from the shingle
        samples. None: near-duplicates by Jaccard only (faster; a copy with
        10% of its words edited has a Jaccard of about 0.4).
    containment: with a value, a document of which at least this share of
        shingles is in another document is an excerpt of it, and a
        duplicate (None: no excerpts).
    samples: keep each document's shingle sample even without
        `containment` or `coverage` (an index stores it, for later checks).
    hold_mb: memory (MiB) for holding the shingles of the first documents
        from signing to verification (8 bytes per word), so that they are
        not read and shingled a second time; candidates beyond are read
        again. 0: hold none (the least memory).
    """

    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1
    threshold: float = 0.5
    lsh_threshold: float = 0.3
    jobs: int = 1
    chunk_size: int = 256
    max_bucket: int = 50
    coverage: float | None = 0.7
    containment: float | None = None
    samples: bool = False
    hold_mb: float = 1024

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0 or not 0.0 < self.lsh_threshold <= 1.0:
            raise ValueError("threshold and lsh_threshold must be in (0, 1]")
        for name in ("coverage", "containment"):
            value = getattr(self, name)
            if value is not None and not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1]")
        if self.jobs < 1 or self.chunk_size < 1 or self.max_bucket < 2:
            raise ValueError("jobs and chunk_size must be >= 1, max_bucket >= 2")
        if self.num_perm < 2 or self.shingle_size < 1:
            raise ValueError("num_perm must be >= 2, shingle_size >= 1")
        if not self.hold_mb >= 0:
            raise ValueError(f"hold_mb must be >= 0, got {self.hold_mb}")

    @property
    def sample_below(self) -> int:
        """Shingle hashes below this are sampled (0: no sample kept)."""
        wanted = self.samples or self.containment is not None or self.coverage is not None
        return SAMPLE_BELOW if wanted else 0

    def minhasher(self) -> MinHasher:
        return _minhasher(self.num_perm, self.seed, self.shingle_size)

    def bands(self) -> tuple[int, int]:
        """(bands, rows) of the LSH for `lsh_threshold` (`compare.sketch.lsh.optimal_bands`)."""
        return optimal_bands(self.lsh_threshold, self.num_perm)
