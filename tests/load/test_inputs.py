"""The batch inputs' record parsing, which both engines use (`compare.load.inputs`)."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq

from compare.load.document import LoadProblem
from compare.load.inputs import Inputs, csv_records, jsonl_line, whole_file_records


def test_parquet_rows_are_records_numbered_from_one(tmp_path):
    path = tmp_path / "b.parquet"
    table = pa.table({"id": ["a", None, "c"], "text": ["one two", "three four", ""], "n": [1, 2, 3]})
    pq.write_table(table, path, row_group_size=2)
    inputs = Inputs([str(tmp_path)])
    records = list(inputs.records())
    assert [(r.id, r.line, r.fields["n"]) for r in records] == [("a", 1, 1), ("b.parquet#2", 2, 2)]
    assert inputs.problems == [LoadProblem(str(path), "record field 'text' is empty", 3)]


def test_a_broken_parquet_file_is_a_problem_naming_it(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    inputs = Inputs([str(path)])
    assert list(inputs.records()) == []
    (problem,) = inputs.problems
    assert problem.path == str(path) and problem.message.startswith("malformed Parquet")


def test_a_jsonl_error_column_is_on_its_own_line():
    with_newline = jsonl_line("a.jsonl", 2, b'{"id": 1, "text"\n')
    without = jsonl_line("a.jsonl", 2, b'{"id": 1, "text"')
    assert with_newline == without
    assert isinstance(without, LoadProblem) and without.message.endswith("(column 17)")


def test_a_csv_read_whole_gives_what_it_gives_streamed():
    data = b'id,text\nx,"first, with a\nline break"\ny,second\nz\n'
    streamed = list(csv_records("t.csv", io.BytesIO(data)))
    whole = list(whole_file_records("t.csv", data))
    assert whole == streamed
    assert [getattr(r, "line", None) for r in whole] == [2, 4, 5]
