"""The one result of an analysis, and its versioned JSON form.

Every view (HTML report, JSON/CSV output, library users) reads this object.
All offsets are character offsets (Unicode code points, Python ``str``
indices) into the ORIGINAL text of a document, half-open ``[start, end)``.
The JSON Schema is ``compare/schema/results.schema.json``; its version is
`SCHEMA_VERSION` and changes whenever a field changes meaning or goes away.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, TextIO

from ..load import LoadProblem
from ..text.boilerplate import Excluded

if TYPE_CHECKING:
    from .passages import Passage

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisResult",
    "Cluster",
    "DocumentResult",
    "Edit",
    "Evidence",
    "Match",
    "PairResult",
    "Repetition",
    "compact_json",
    "json_record",
    "schema",
]

# 1.1: match kind "paraphrased"; 1.2: documents' found_in_sources, matches' quoted;
# 1.3: matches' attributed, relation "quotation", coverage without quotations, pairs' evidence.
# 2.0: a match's edits are its changed steps only, each [op, a_start, a_end, b_start, b_end];
#      one record per line.
# 2.1: passages (versions, earliest witness), pairs' earlier.
SCHEMA_VERSION = "2.1"


def schema() -> dict[str, Any]:
    """The JSON Schema of `AnalysisResult.to_json` output."""
    text = resources.files("compare").joinpath("schema/results.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class DocumentResult:
    index: int
    id: str
    source: str
    title: str
    url: str
    date: str
    path: str
    encoding: str
    metadata: dict[str, str]
    text: str
    n_words: int
    n_content_words: int
    excluded: list[Excluded]
    reused_share: float = 0.0
    """Share of the content words inside a verbatim, edited or paraphrased match with another document."""
    found_in_sources: dict[str, float] = field(default_factory=dict)
    """For each source with such a match: the share of the content words inside matches with its documents."""


@dataclass(slots=True)
class Edit:
    """One changed step of the word diff inside a match: ``replace``, ``delete``
    or ``insert`` (between the changed steps, the words are the same).

    `a` and `b` are original-text spans in the pair's first and second
    document; an insertion has an empty `a` span at the insertion point, a
    deletion an empty `b` span.
    """

    op: str
    a: tuple[int, int]
    b: tuple[int, int]


@dataclass
class Match:
    """A passage of document `a` matched with a passage of document `b`.

    kind: ``verbatim`` (the same words after normalization), ``edited``
    (aligned word by word, with insertions, deletions or substitutions),
    ``paraphrased`` (reworded: aligned sentence by sentence, sharing fewer
    words; see `compare.analysis.paraphrase`) or ``topical`` (one sentence making the
    same point in other words: similar TF-IDF vectors, not reuse). `edits`
    are the changed steps of the word diff of edited and paraphrased matches.
    """

    number: int
    kind: str
    a: tuple[int, int]
    b: tuple[int, int]
    words_a: int
    words_b: int
    shared_words: int
    similarity: float
    edits: list[Edit] = field(default_factory=list)
    quoted: str = ""
    """Which sides lie inside quotation marks: ``"both"`` (a shared quotation,
    not copying), ``"a"``, ``"b"`` or ``""`` (`compare.text.quotes`)."""
    attributed: bool = False
    """The one quoted side (`quoted` is ``"a"`` or ``"b"``) is attributed ("as
    the agency put it: “…”"): quoted with attribution, not copying."""

    @property
    def quotation(self) -> bool:
        """A quotation rather than copying: quoted in both texts, or quoted with attribution.
        Counted apart from reuse in coverage, shares and relations."""
        return self.quoted == "both" or self.attributed


@dataclass(frozen=True)
class Evidence:
    """Copied, or independently reported? (`compare.analysis.evidence`)

    rare_sequences: word 5-grams the two texts share that few groups of the
    collection hold (documents connected by reuse are one group); same_topic_pairs: how many same-topic
    pairs (``topical``) the collection has to compare with, and the median
    and high quantile of their rare sequences (None with too few of them);
    label: ``copied``, ``same-topic-like`` or ``undetermined``.
    """

    rare_sequences: int
    same_topic_pairs: int
    same_topic_median: float | None
    same_topic_high: float | None
    label: str


@dataclass
class PairResult:
    """Two documents and every verified score between them.

    jaccard: |S_a & S_b| / |S_a | S_b| over word-shingle sets (exact).
    containment_a_in_b: |S_a & S_b| / |S_a|, the share of a's shingles found in b.
    tfidf_cosine: cosine of the two documents' TF-IDF vectors.
    coverage_a / coverage_b: share of each document's content words inside
    verbatim, edited or paraphrased matches of this pair that are not
    quotations (`Match.quotation`).
    relation: ``near-duplicate``, ``excerpt``, ``partial-reuse``,
    ``quotation`` (the only shared passages are quotations), ``topical``.
    """

    a: int
    b: int
    same_source: bool
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    tfidf_cosine: float
    coverage_a: float
    coverage_b: float
    relation: str
    lsh_candidate: bool
    matches: list[Match]
    evidence: Evidence | None = None
    """Against the collection's same-topic pairs; None for a pair compared on its own."""
    earlier: str | None = None
    """Which document is dated earlier, ``"a"`` or ``"b"`` (who had the text
    first); None when a date is missing or unreadable, or both fall on one day."""


@dataclass
class Repetition:
    """A passage repeated inside one document: `first` occurs again as `second`."""

    document: int
    kind: str
    first: tuple[int, int]
    second: tuple[int, int]
    shared_words: int
    similarity: float


@dataclass
class Cluster:
    """Near-duplicate documents (connected through near-duplicate pairs)."""

    number: int
    members: list[int]


@dataclass
class AnalysisResult:
    """Documents, pairs, clusters, repetitions and problems of one analysis."""

    options: dict[str, Any]
    documents: list[DocumentResult]
    pairs: list[PairResult]
    clusters: list[Cluster]
    repetitions: list[Repetition]
    problems: list[LoadProblem]
    tool_version: str
    passages: list[Passage] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    seconds: dict[str, float] = field(default_factory=dict, compare=False)
    """Seconds each stage took; not in the JSON, which is the same bytes for the same input."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnalysisResult:
        """The result whose JSON form (`to_dict`) is `data`: what a written
        ``results.json`` holds, read back (`report --from`). ValueError when
        it is of another schema version.

        >>> from compare.analysis.pipeline import analyze
        >>> from compare.load import Document
        >>> text = "the council voted to close the old bridge for repairs after engineers found cracks"
        >>> result = analyze([Document("a", text, "A"), Document("b", text + " again", "B")])
        >>> AnalysisResult.from_dict(result.to_dict()).to_json() == result.to_json()
        True
        """
        from .passages import Passage, Version

        if data.get("schema_version") != SCHEMA_VERSION:
            found = data.get("schema_version")
            raise ValueError(f"results of schema version {found!r}; this version reads {SCHEMA_VERSION}")
        documents = [
            DocumentResult(**{**d, "excluded": [Excluded(**e) for e in d["excluded"]]})
            for d in data["documents"]
        ]
        pairs = [_pair_from_json(p) for p in data["pairs"]]
        passages = [
            Passage(p["number"], [Version(*v) for v in p["versions"]], p["quoted"], p["earliest"])
            for p in data["passages"]
        ]
        return cls(
            options=data["options"],
            documents=documents,
            pairs=pairs,
            clusters=[Cluster(**c) for c in data["clusters"]],
            repetitions=[
                Repetition(**{**r, "first": tuple(r["first"]), "second": tuple(r["second"])})
                for r in data["repetitions"]
            ],
            problems=[LoadProblem(**p) for p in data["problems"]],
            tool_version=data["tool_version"],
            passages=passages,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form as Python objects (`to_json` is it, written out)."""
        return json.loads(self.to_json())

    def json_lines(self) -> Iterator[str]:
        """`to_json`'s text, a record at a time: memory holds one document or
        pair's JSON, not the whole result's (hundreds of MB for thousands of
        near-duplicates)."""
        version, options = compact_json(self.schema_version), compact_json(self.options)
        yield f'{{"schema_version":{version},\n"options":{options}'
        sections: tuple[tuple[str, Sequence[Any]], ...] = (
            ("documents", self.documents),
            ("pairs", self.pairs),
            ("clusters", self.clusters),
            ("repetitions", self.repetitions),
            ("passages", self.passages),
            ("problems", self.problems),
        )
        for name, records in sections:
            yield f',\n"{name}":['
            for n, record in enumerate(records):
                yield ("\n" if n == 0 else ",\n") + compact_json(_PLAIN[name](record))
            yield "]"
        yield f',\n"tool_version":{compact_json(self.tool_version)}}}\n'

    def to_json(self) -> str:
        """Deterministic, compact JSON (one document, pair, cluster,
        repetition or problem per line): same result, same bytes. A match's
        ``edits`` are its word diff's changed steps, each ``[op, a_start,
        a_end, b_start, b_end]`` (what lies between them is the same in both
        texts): near-duplicates have hundreds each, and objects, or the
        equal steps too, would make them most of the file."""
        return "".join(self.json_lines())

    def write_json(self, out: TextIO) -> None:
        """Write `to_json`'s text to `out`, a record at a time."""
        for line in self.json_lines():
            out.write(line)


def compact_json(value: Any) -> str:
    """`value` as JSON without spaces, non-ASCII text as it is (the results
    file's records, and the report's data files)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _match_json(m: Match) -> dict[str, Any]:
    return {k: [[e.op, *e.a, *e.b] for e in v] if k == "edits" else v for k, v in vars(m).items()}


def _passage_json(p: Passage) -> dict[str, Any]:
    versions = [[v.document, v.start, v.end] for v in p.versions]
    return {"number": p.number, "versions": versions, "quoted": p.quoted, "earliest": p.earliest}


def json_record(section: str, record: Any) -> dict[str, Any]:
    """One record of a section of the JSON form (``documents``, ``pairs``,
    ``clusters``, ``repetitions``, ``passages``, ``problems``) as `to_dict`
    gives it, for a writer that has the records one at a time."""
    return json.loads(compact_json(_PLAIN[section](record)))


def _pair_from_json(data: dict[str, Any]) -> PairResult:
    matches = [
        Match(
            **{
                **m,
                "a": tuple(m["a"]),
                "b": tuple(m["b"]),
                "edits": [Edit(op, (a0, a1), (b0, b1)) for op, a0, a1, b0, b1 in m["edits"]],
            }
        )
        for m in data["matches"]
    ]
    evidence = Evidence(**data["evidence"]) if data["evidence"] is not None else None
    return PairResult(**{**data, "matches": matches, "evidence": evidence})


def _pair_json(p: PairResult) -> dict[str, Any]:
    data = dict(vars(p))
    data["matches"] = [_match_json(m) for m in p.matches]
    data["evidence"] = asdict(p.evidence) if p.evidence is not None else None
    return data


#: Each section's record as plain Python objects, for JSON.
_PLAIN: dict[str, Callable[[Any], dict[str, Any]]] = {
    "documents": asdict,
    "pairs": _pair_json,
    "clusters": asdict,
    "repetitions": asdict,
    "passages": _passage_json,
    "problems": asdict,
}
