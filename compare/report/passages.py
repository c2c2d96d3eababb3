"""What the report's passage pages need besides the passages themselves
(`compare.analysis.passages`, in the result): which passage a highlighted
span belongs to (`PassageIndex`), and each version's word diff against
the earliest (`word_diff`).
"""

from __future__ import annotations

import bisect
import difflib

from ..analysis.passages import Passage

__all__ = ["PassageIndex", "word_diff"]


class PassageIndex:
    """Which passage a reused span of a document belongs to: from any highlighted
    match, a link to every version of its passage.

    >>> from compare.analysis.passages import Version
    >>> index = PassageIndex([Passage(1, [Version(0, 10, 50), Version(2, 0, 40)], False)])
    >>> index.at(0, 12).number, index.at(2, 0).number, index.at(0, 60), index.at(1, 12)
    (1, 1, None, None)
    """

    def __init__(self, found: list[Passage]) -> None:
        spans: dict[int, list[tuple[int, int, Passage]]] = {}
        for passage in found:
            for v in passage.versions:
                spans.setdefault(v.document, []).append((v.start, v.end, passage))
        self._spans = {d: sorted(vs, key=lambda x: x[:2]) for d, vs in spans.items()}
        self._starts = {d: [s for s, _, _ in vs] for d, vs in self._spans.items()}

    def at(self, document: int, start: int) -> Passage | None:
        """The passage whose version in `document` holds character `start`, if any."""
        starts = self._starts.get(document)
        if not starts:
            return None
        k = bisect.bisect_right(starts, start) - 1
        if k < 0:
            return None
        s, e, passage = self._spans[document][k]
        return passage if s <= start < e else None


def word_diff(first: str, other: str) -> list[tuple[str, str, str]]:
    """``(op, words of first, words of other)`` steps turning `first` into
    `other`, word by word: ``equal``, ``replace``, ``delete``, ``insert``.

    >>> for step in word_diff("the old bridge closed", "the new bridge closed today"):
    ...     print(step)
    ('equal', 'the', 'the')
    ('replace', 'old', 'new')
    ('equal', 'bridge closed', 'bridge closed')
    ('insert', '', 'today')
    """
    a, b = first.split(), other.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [(op, " ".join(a[i0:i1]), " ".join(b[j0:j1])) for op, i0, i1, j0, j1 in matcher.get_opcodes()]
