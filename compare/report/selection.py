"""A part of a large result, small enough to read as a report (`report --from`).

An archive-scale analysis has millions of pairs; a reader looks at some of
them: the pairs involving a source, a date range, a relation, a minimum
score, or one document. `select` keeps those pairs, the documents they
join, and the passages among those documents (each passage's earliest
witness stays in, so the page can say who had it first); everything is
numbered anew, and the options record what was selected. A document's
reused share, and its shares by source (of the sources in the part), are
those of the whole analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..analysis.pair_filter import document_day
from ..analysis.passages import Passage, Version
from ..analysis.result import AnalysisResult, Cluster, PairResult

__all__ = ["Selection", "select"]


@dataclass(frozen=True)
class Selection:
    """Which pairs to keep; every given criterion must hold.

    sources: a pair with a document of one of these sources.
    since, until: both documents dated within (``YYYY-MM-DD``, inclusive;
        an undated document is outside any range).
    relations: a pair of one of these relations.
    min_score: a pair whose Jaccard or either coverage reaches this.
    document: a pair with the document of this id.
    """

    sources: frozenset[str] = field(default_factory=frozenset)
    since: str | None = None
    until: str | None = None
    relations: frozenset[str] = field(default_factory=frozenset)
    min_score: float = 0.0
    document: str | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and document_day(value) is None:
                raise ValueError(f"{name}: not a date (YYYY-MM-DD): {value!r}")


def select(result: AnalysisResult, selection: Selection) -> AnalysisResult:
    """The part of `result` that `selection` keeps (see the module).

    >>> from compare.analysis.pipeline import analyze
    >>> from compare.load import Document
    >>> text = "the council voted to close the old bridge for repairs after engineers found cracks"
    >>> docs = [Document(f"d{i}", f"{text} {i}", s) for i, s in enumerate("AAB")]
    >>> part = select(analyze(docs), Selection(sources=frozenset("B")))
    >>> [d.id for d in part.documents], [(p.a, p.b) for p in part.pairs]
    (['d0', 'd1', 'd2'], [(0, 2), (1, 2)])
    """
    docs = result.documents
    days = [document_day(d.date) for d in docs]
    low = document_day(selection.since) if selection.since else None
    high = document_day(selection.until) if selection.until else None

    def in_range(i: int) -> bool:
        day = days[i]
        return day is not None and (low is None or day >= low) and (high is None or day <= high)

    def kept(p: PairResult) -> bool:
        return (
            (not selection.sources or bool({docs[p.a].source, docs[p.b].source} & selection.sources))
            and ((low is None and high is None) or (in_range(p.a) and in_range(p.b)))
            and (not selection.relations or p.relation in selection.relations)
            and max(p.jaccard, p.coverage_a, p.coverage_b) >= selection.min_score
            and (selection.document is None or selection.document in (docs[p.a].id, docs[p.b].id))
        )

    pairs = [p for p in result.pairs if kept(p)]
    chosen = {i for p in pairs for i in (p.a, p.b)}
    chosen |= {d.index for d in docs if d.id == selection.document}
    found = [p for p in result.passages if len({v.document for v in p.versions} & chosen) >= 2]
    chosen |= {p.earliest for p in found if p.earliest is not None}
    order = sorted(chosen)
    new = {old: n for n, old in enumerate(order)}
    passages = [
        Passage(
            n,
            [Version(new[v.document], v.start, v.end) for v in p.versions if v.document in new],
            p.quoted,
            new.get(p.earliest) if p.earliest is not None else None,
        )
        for n, p in enumerate(found, start=1)
    ]
    clusters = [[new[m] for m in c.members if m in new] for c in result.clusters]
    sources = {docs[i].source for i in order}
    documents = [
        replace(
            docs[i],
            index=new[i],
            found_in_sources={s: v for s, v in docs[i].found_in_sources.items() if s in sources},
        )
        for i in order
    ]
    return replace(
        result,
        options={**result.options, "selection": _record(selection)},
        documents=documents,
        pairs=[replace(p, a=new[p.a], b=new[p.b]) for p in pairs],
        clusters=[Cluster(n, m) for n, m in enumerate((m for m in clusters if len(m) > 1), start=1)],
        repetitions=[replace(r, document=new[r.document]) for r in result.repetitions if r.document in new],
        passages=passages,
    )


def _record(selection: Selection) -> dict:
    return {
        "sources": sorted(selection.sources),
        "since": selection.since,
        "until": selection.until,
        "relations": sorted(selection.relations),
        "min_score": selection.min_score,
        "document": selection.document,
    }
