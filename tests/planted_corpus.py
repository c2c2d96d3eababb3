"""A batch with planted duplicates in every input format, for comparing the engines.

Copies, edited copies (one word in 30 changed), excerpts (a story's first 60
words) and stories that contain another, spread over two JSONL files (one
with a space in its name, one without a final newline), a CSV, a JSON list,
a text file and a Parquet file; with blank lines, malformed lines, records
without an id and dates for ``--keep earliest``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from synthetic_corpora import prose


def _edit(text: str, every: int) -> str:
    words = text.split(" ")
    return " ".join("zzq" if i % every == 0 else w for i, w in enumerate(words))


def write_planted(root: Path, stories: int = 60) -> Path:
    """Write the batch into `root`/batch and return that folder."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(5)
    base = [prose(i, rng.randint(120, 400)) for i in range(stories)]
    lines = []
    for i, text in enumerate(base):
        lines.append(json.dumps({"id": f"d{i}", "text": text, "date": f"2026-01-{(i * 7) % 28 + 1:02d}"}))
        if i % 5 == 0:
            lines.append(json.dumps({"id": f"copy{i}", "text": text, "date": "2025-12-31"}))
        if i % 7 == 0:
            lines.append(json.dumps({"text": _edit(text, 30)}))  # no id: named by file and line
        if i % 9 == 0:
            lines.append(json.dumps({"id": f"ex{i}", "text": " ".join(text.split(" ")[:60])}))
        if i % 11 == 0:
            lines.append("")
        if i % 13 == 0:
            lines.append('{"id": "bad"')
        if i % 17 == 0:
            lines.append(json.dumps({"id": f"long{i}", "text": text + " " + base[(i + 1) % stories]}))
    folder = root / "batch"
    folder.mkdir(parents=True)
    half = len(lines) // 2
    (folder / "one.jsonl").write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
    (folder / "two words.jsonl").write_text("\n".join(lines[half:]), encoding="utf-8")
    (folder / "note.txt").write_text(base[3], encoding="utf-8")
    csv_text = base[4].replace('"', "")
    (folder / "t.csv").write_text(f'id,text\nc1,"{csv_text}"\nc2,"{prose(999, 200)}"\n', encoding="utf-8")
    (folder / "list.json").write_text(
        json.dumps([{"id": "j1", "text": base[5]}, {"id": 2}]), encoding="utf-8"
    )
    table = pa.table({"id": [f"p{i}" for i in range(5)], "text": base[:5], "date": ["2024-01-01"] * 5})
    pq.write_table(table, folder / "p.parquet", row_group_size=2)
    return folder
