"""PAN plagdet measures (Potthast et al., COLING 2010) on hand-made cases with known answers."""

from __future__ import annotations

import math

import pytest

from compare.evaluation.pan import Passage, read_cases, score

PAIR = ("susp.txt", "src.txt")


def p(this_offset, this_length, source_offset, source_length, pair=PAIR):
    return Passage(pair, this_offset, this_length, source_offset, source_length)


def test_perfect_detection():
    s = score([p(0, 100, 50, 100)], [p(0, 100, 50, 100)])
    assert (s.precision, s.recall, s.granularity, s.plagdet) == (1.0, 1.0, 1.0, 1.0)


def test_detection_covering_half_a_case_has_recall_half():
    s = score([p(0, 100, 0, 100)], [p(0, 50, 0, 50)])
    assert s.recall == 0.5
    assert s.precision == 1.0
    assert s.plagdet == pytest.approx(2 * 0.5 / 1.5)


def test_two_detections_for_one_case_have_granularity_two():
    s = score([p(0, 100, 0, 100)], [p(0, 50, 0, 50), p(50, 50, 50, 50)])
    assert s.granularity == 2.0
    assert s.recall == 1.0 and s.precision == 1.0
    assert s.plagdet == pytest.approx(1 / math.log2(3))


def test_detection_twice_as_long_has_precision_half():
    s = score([p(0, 100, 0, 100)], [p(0, 200, 0, 200)])
    assert s.precision == 0.5 and s.recall == 1.0


def test_overlap_on_one_side_only_is_no_detection():
    s = score([p(0, 100, 0, 100)], [p(0, 100, 500, 100)])
    assert s.recall == 0.0 and s.precision == 0.0


def test_other_pair_does_not_count():
    s = score([p(0, 100, 0, 100)], [p(0, 100, 0, 100, pair=("other.txt", "src.txt"))])
    assert s.recall == 0.0 and s.precision == 0.0


def test_no_cases_and_no_detections():
    s = score([], [])
    assert (s.precision, s.recall) == (1.0, 1.0)


def test_macro_averaging_over_cases():
    cases = [p(0, 100, 0, 100), p(1000, 300, 1000, 300)]
    s = score(cases, [p(0, 100, 0, 100)])
    assert s.recall == 0.5  # one case found fully, the other not at all, whatever their sizes


def test_read_cases(tmp_path):
    xml = tmp_path / "pair.xml"
    xml.write_text(
        '<document reference="susp.txt">'
        '<feature name="plagiarism" obfuscation="none" source_length="698" source_offset="1300" '
        'source_reference="src.txt" this_length="700" this_offset="3593"/>'
        '<feature name="about" language="en"/></document>',
        encoding="utf-8",
    )
    assert read_cases(xml) == [p(3593, 700, 1300, 698)]
