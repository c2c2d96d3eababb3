"""Load: documents and records from files, directories, globs and stdin.

The first stage of every command. `load_paths` reads a collection whole
into `Document`s for the analysis and the report; `Inputs` streams the
`Record`s of a batch (re-readable, for dedup's two passes); the Spark
engine's workers parse with `jsonl_line`, `parquet_row` and `parse_file`.
All of them expand inputs by one rule (`files`) and parse each format
with one function (`records`), so a file reads the same way everywhere.
Nothing here imports from the later stages.

Modules: `document` (Document, LoadProblem, LoadedCorpus), `decode`
(bytes to text), `files` (input specs to files and their names),
`records` (the parser of each format), `html` (an HTML page's main text),
`manifest` (sources.toml), `collection` (load_paths), `stream` (Inputs).
"""

from .collection import load_paths
from .decode import DecodeError, decode_bytes
from .document import Document, LoadedCorpus, LoadProblem
from .files import REPORT_MARKER, STDIN, InputFile, expand, input_files, no_readable_files
from .manifest import MANIFEST_NAME
from .records import INPUT_SUFFIXES, Record, file_format, jsonl_line, parquet_row, parse_file
from .stream import Inputs

__all__ = [
    "INPUT_SUFFIXES",
    "MANIFEST_NAME",
    "REPORT_MARKER",
    "STDIN",
    "DecodeError",
    "Document",
    "InputFile",
    "Inputs",
    "LoadProblem",
    "LoadedCorpus",
    "Record",
    "decode_bytes",
    "expand",
    "file_format",
    "input_files",
    "jsonl_line",
    "load_paths",
    "no_readable_files",
    "parquet_row",
    "parse_file",
]
