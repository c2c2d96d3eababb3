"""Every parameter of an analysis, validated once, with what each threshold means."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sketch.minhash import MinHasher
from .align import AlignParams
from .furniture import FurnitureParams
from .paraphrase import ParaphraseParams

__all__ = ["Options"]


@dataclass(frozen=True)
class Options:
    """Every parameter of an analysis, with what each threshold means.

    Documents
        shingle_size: words per shingle for MinHash, Jaccard and containment.
        num_perm, seed: MinHash signature length and permutation seed.
        lsh_threshold: MinHash LSH proposes pairs whose estimated Jaccard is
            likely above this (candidates only; all reported scores are exact).
            It sits below `near_duplicate_jaccard` so that pairs AT that
            threshold are proposed with high probability (0.99 with the
            defaults; the result's options list the probabilities).
        near_duplicate_jaccard: exact shingle Jaccard at or above which two
            documents are near-duplicates.
        near_duplicate_coverage: share of BOTH texts inside verbatim/edited
            matches at or above which two documents are near-duplicates even
            if edits lowered their Jaccard.
        excerpt_coverage: share of ONE text inside matches at or above which
            the other contains an excerpt of it.
    Passages
        align: seed size, gap, minimum shared words and similarity of an
            word-aligned (verbatim or edited) passage; see `compare.analysis.align`.
        min_passage_chars: a reused passage (verbatim, edited or paraphrased)
            must span at least this many characters in BOTH documents (or
            half the shorter document, if that is less): about 25 English
            words, a long sentence. Shorter shared runs are mostly stock
            phrases, addresses, page furniture and quoted remarks; the value is
            the minimum passage length of Sanchez-Perez et al. (2014).
        topical_similarity: TF-IDF cosine at or above which two sentences
            that were not aligned as reuse make the same point (topical).
        topical_document_similarity: TF-IDF cosine of whole documents at or
            above which a candidate pair is reported as sharing a topic when
            no passage of it is reused.
        topical_neighbours: each document's this many most similar
            documents by TF-IDF cosine (collection-wide IDF; near-duplicate
            copies count once) are candidates, and are aligned: the way to
            reworded, translated and summarized reuse, which shares too few
            word 5-grams for LSH or the shingle index. At most this many
            candidates per document, so a large collection on one topic does
            not produce a pair for every two documents.
        retrieval_similarity: ...at a cosine of at least this; it only keeps
            neighbours that share almost nothing out (the ranking does the
            choosing).
        passage_words, passage_neighbours, passage_similarity: every
            document is also cut into passages of whole sentences holding
            at least `passage_words` words (each starting halfway into the
            previous), and each passage's `passage_neighbours` most similar
            documents (collection-wide IDF, near-duplicates counting once),
            at a cosine of at least `passage_similarity`, are candidates: a
            reworded passage of a few sentences inside a long document, or
            a summary of a whole text inside a longer one, is near its
            source while the documents as wholes are not. 60 words is two
            or three sentences, so a passage of up to 30 words lies whole
            in one window and longer ones fill most of one.
        min_sentence_words: shorter sentences are not compared for topic.
        max_topical_per_pair: keep the most similar topical sentence pairs.
        evidence_rare_groups, evidence_min_sequences, evidence_quantile,
        evidence_min_baseline: copied or independently reported
            (`compare.analysis.evidence`): a pair's rare shared sequences are
            the word 5-grams both texts hold that at most
            `evidence_rare_groups` groups of documents connected by reuse
            hold; it is
            ``copied`` with at least `evidence_min_sequences` of them (about
            two shared ten-word runs) and more than the `evidence_quantile`
            quantile of the collection's same-topic pairs, when it has
            `evidence_min_baseline` of them to compare with.
        furniture: page furniture shared across sites (lines at the top or
            bottom of pages that recur in many unrelated documents), excluded
            from matching like boilerplate; see `compare.analysis.furniture`.
            None turns it off.
        min_shared_shingles: pairs sharing this many shingles are aligned
            even when LSH did not propose them (excerpts).
        shingle_neighbours: a pair sharing fewer than
            `min_shared_frequent_shingles` shingles is a candidate only
            among either document's this many partners sharing the most
            (a few shared 5-grams may be reworded reuse, or stock phrases,
            which pair ever more documents as a collection grows).
        max_shingle_doc_frequency: a shingle in more documents (syndicated
            text, or a stock phrase) pairs only its first holder with the
            others, and such a pair needs `min_shared_frequent_shingles` of
            them (a copied passage has that many; two texts using the same
            idioms do not).
    Pairs (`compare.analysis.pair_filter`)
        max_days_apart: documents dated more than this many days apart are
            not compared (None: any); a document without a readable date
            is compared with all.
        across_sources: documents of the same source are not compared.
    """

    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1
    lsh_threshold: float = 0.3
    near_duplicate_jaccard: float = 0.5
    near_duplicate_coverage: float = 0.8
    excerpt_coverage: float = 0.2
    align: AlignParams = field(default_factory=AlignParams)
    min_passage_chars: int = 150
    paraphrase: ParaphraseParams | None = field(default_factory=ParaphraseParams)
    topical_similarity: float = 0.5
    topical_document_similarity: float = 0.15
    topical_neighbours: int = 10
    retrieval_similarity: float = 0.05
    passage_words: int = 60
    passage_neighbours: int = 5
    passage_similarity: float = 0.15
    min_sentence_words: int = 6
    max_topical_per_pair: int = 20
    evidence_rare_groups: int = 2
    evidence_min_sequences: int = 6
    evidence_quantile: float = 0.99
    evidence_min_baseline: int = 20
    furniture: FurnitureParams | None = field(default_factory=FurnitureParams)
    min_shared_shingles: int = 2
    shingle_neighbours: int = 10
    max_shingle_doc_frequency: int = 50
    min_shared_frequent_shingles: int = 20
    max_days_apart: int | None = None
    across_sources: bool = False

    def __post_init__(self) -> None:
        if self.shingle_size < 1:
            raise ValueError(f"shingle_size must be >= 1, got {self.shingle_size}")
        if self.num_perm < 2:
            raise ValueError(f"num_perm must be >= 2, got {self.num_perm}")
        if not 0 <= self.seed < 2**32:
            raise ValueError(f"seed must be in [0, 2**32), got {self.seed}")
        if self.min_passage_chars < 0:
            raise ValueError(f"min_passage_chars must be >= 0, got {self.min_passage_chars}")
        if (
            self.min_sentence_words < 1
            or self.passage_words < 1
            or min(
                self.max_topical_per_pair,
                self.topical_neighbours,
                self.shingle_neighbours,
                self.passage_neighbours,
            )
            < 0
        ):
            raise ValueError(
                "min_sentence_words and passage_words must be >= 1; max_topical_per_pair,"
                " topical_neighbours, shingle_neighbours, passage_neighbours >= 0"
            )
        for name in (
            "lsh_threshold",
            "near_duplicate_jaccard",
            "near_duplicate_coverage",
            "excerpt_coverage",
            "topical_similarity",
            "topical_document_similarity",
            "retrieval_similarity",
            "passage_similarity",
            "evidence_quantile",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {value}")
        if min(self.evidence_rare_groups, self.evidence_min_sequences, self.evidence_min_baseline) < 1:
            raise ValueError(
                "evidence_rare_groups, evidence_min_sequences, evidence_min_baseline must be >= 1"
            )
        if self.lsh_threshold <= 0.0:
            raise ValueError("lsh_threshold must be > 0")
        if self.max_days_apart is not None and self.max_days_apart < 0:
            raise ValueError(f"max_days_apart must be >= 0 or None, got {self.max_days_apart}")

    def minhasher(self) -> MinHasher:
        return MinHasher(num_perm=self.num_perm, seed=self.seed, shingle_size=self.shingle_size)
