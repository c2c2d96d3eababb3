"""The Spark engine reads inputs as the local engine does (`compare.spark.read`):
the same names for document ids, BOMs, encodings, and the same problems for
files without text or records, on files read as many small blocks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from compare import cli
from compare.dedup.spark.job import spark_deduplicate
from compare.load import input_files
from compare.spark.read import list_files

pytestmark = pytest.mark.spark


def _records(first: int, n: int) -> str:
    return "".join(
        json.dumps({"text": f"record {i} " + "word " * 40}) + "\n" for i in range(first, first + n)
    )


@pytest.fixture(scope="module")
def odd(tmp_path_factory) -> Path:
    """A batch of the inputs the two engines once read differently."""
    root = tmp_path_factory.mktemp("odd") / "data"
    (root / "sub").mkdir(parents=True)
    (root / "other").mkdir()
    (root / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + _records(0, 60).encode())  # several 4 KB blocks
    (root / "double-bom.jsonl").write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + _records(100, 1).encode())
    cp1252 = '{"id": "c", "text": "café au lait"}\n'.encode("cp1252")
    (root / "sub" / "old.jsonl").write_bytes(cp1252 + _records(200, 2).encode())
    (root / "sub" / "x.txt").write_text("A text in a subfolder.", encoding="utf-8")
    (root / "other" / "x.txt").write_text("Another text, same file name.", encoding="utf-8")
    (root / "blank.jsonl").write_bytes(b" \n\t\n" * 3000)  # 12 KB of blank lines: several blocks
    (root / "late.jsonl").write_bytes(b"\n" * 9000 + _records(300, 1).encode())  # text only in a late block
    (root / "zero.jsonl").write_bytes(b"")
    (root / "deep.jsonl").write_text(
        '{"text": "t", "n": ' + "[" * 3000 + "]" * 3000 + "}\n", encoding="utf-8"
    )
    empty = pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
    pq.write_table(empty, root / "none.parquet")
    (root / "header.csv").write_text("id,text\n", encoding="utf-8")
    (root / "extra.csv").write_text("text\nfine row\nrow,with extra\n", encoding="utf-8")
    (root / "old.csv").write_bytes("id,text\nk,It’s a café.\n".encode("cp1252"))
    (root / "list.json").write_text('[{"text": "listed"}, 5]', encoding="utf-8")
    (root / "garbage.parquet").write_bytes(b"PAR1garbagePAR1")
    (root / "empty.txt").write_bytes(b"")
    (root / "spaces.txt").write_bytes(b"  \n\t \n")
    (root / os.fsdecode(b"bad\xff\xfename.txt")).write_text("A text nobody can name.", encoding="utf-8")
    (root / "brackets.jsonl").write_text('{"text": "fine"}\n' + "[" * 100_000 + "\n", encoding="utf-8")
    page = '<meta charset="windows-1251"><p>Городской совет утвердил бюджет.</p>'
    (root / "ru.html").write_bytes(page.encode("cp1251"))
    twice = '{"id": "same", "text": "one text"}\n{"id": "same", "text": "another text"}\n'
    (root / "twice.jsonl").write_text(twice, encoding="utf-8")
    return root


def _local(specs: list[str], out: Path) -> dict:
    status = cli.main(["dedup", *specs, "--format", "json", "-o", str(out), "--quiet"])
    assert status == 2  # the batch's problems
    return json.loads(out.read_text(encoding="utf-8"))


def _comparable(data: dict) -> dict:
    data = json.loads(json.dumps(data))
    data["summary"].pop("seconds")
    return data


def test_the_spark_engine_reads_what_the_local_engine_reads(spark, odd, tmp_path):
    extra = tmp_path / "single.jsonl"
    extra.write_text('{"text": "given directly"}\n', encoding="utf-8")
    specs = [str(odd), str(extra)]
    local = _local(specs, tmp_path / "local.json")
    assert _comparable(spark_deduplicate(specs, spark=spark).data()) == _comparable(local)

    ids = [d["id"] for d in local["documents"]]
    assert "data/bom.jsonl#1" in ids and "data/late.jsonl#9001" in ids and "single.jsonl#1" in ids
    assert {"data/sub/x.txt", "data/other/x.txt", "data/sub/old.jsonl#2", "data/list.json#1", "k"} <= set(ids)
    problems = {(Path(p["path"]).name, p["line"], p["message"]) for p in local["problems"]}
    assert problems == {
        ("blank.jsonl", None, "empty file (no text)"),
        ("zero.jsonl", None, "empty file (no text)"),
        ("none.parquet", None, "no records"),
        ("header.csv", None, "no records"),
        ("deep.jsonl", 1, "JSON nested too deeply"),
        ("double-bom.jsonl", 1, "malformed JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) (column 1)"),
        ("old.jsonl", 1, "not UTF-8 (byte 0xe9 at column 25)"),
        ("extra.csv", 3, "row has 1 more field(s) than the header names; skipped"),
        ("list.json", None, "record 2: record is a int, expected an object"),
        (
            "garbage.parquet",
            None,
            "malformed Parquet: Parquet file size is 15 bytes, smaller than the size "
            "reported by footer's (1701273954bytes)",
        ),
        ("empty.txt", None, "empty file (no text)"),
        ("spaces.txt", None, "empty file (no text)"),
        (
            "bad\\xff\\xfename.txt",
            None,
            "file name is not valid UTF-8; the file is skipped (rename it to read it)",
        ),
        ("brackets.jsonl", 2, "JSON nested too deeply"),
        ("twice.jsonl", 2, f"repeated id 'same' (first at {odd / 'twice.jsonl'}:1): this record is skipped"),
    }


def test_spark_names_files_as_the_local_engine_does(spark, odd, tmp_path):
    extra = tmp_path / "single.jsonl"
    extra.write_text('{"text": "given directly"}\n', encoding="utf-8")
    for specs in ([str(odd)], [str(odd), str(extra)]):
        local, _ = input_files(specs)
        by_path, _ = list_files(spark, specs)
        by_uri, _ = list_files(spark, [Path(s).as_uri() for s in specs])
        names = [f.id_name for f in local]
        assert [f.id_name for f in by_path] == names
        assert [f.id_name for f in by_uri] == names
        assert [f.name for f in by_path] == [f.path for f in local]
    assert names[0] == "data/blank.jsonl" and names[-1] == "single.jsonl"
    (glob_match,), _ = list_files(spark, [odd.as_uri() + "/sub/*.txt"])
    assert glob_match.id_name == glob_match.name and glob_match.name.endswith("/data/sub/x.txt")


def test_a_uri_batch_gives_the_local_ids(spark, odd, tmp_path):
    local = _local([str(odd)], tmp_path / "local.json")
    by_uri = spark_deduplicate([odd.as_uri()], spark=spark).data()
    assert [d["id"] for d in by_uri["documents"]] == [d["id"] for d in local["documents"]]
    # The same problems; a message naming a file names it as the run does (by URI here).
    assert [(p["line"], p["message"].replace("file:/", "/")) for p in by_uri["problems"]] == [
        (p["line"], p["message"]) for p in local["problems"]
    ]
