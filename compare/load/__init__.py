"""Load: documents and records from files, directories, globs and stdin.

The first stage of every command. `load_paths` reads a collection whole
into `Document`s for the analysis and the report; `Inputs` streams the
`Record`s of a batch (re-readable, for dedup's two passes); both parse
each format with the same functions, so a file reads the same way
everywhere. Nothing here imports from the later stages.
"""

from .document import MANIFEST_NAME, REPORT_MARKER, Document, LoadedCorpus, LoadProblem
from .inputs import STDIN, Inputs, Record
from .readers import DecodeError, decode_bytes, load_paths

__all__ = [
    "MANIFEST_NAME",
    "REPORT_MARKER",
    "STDIN",
    "DecodeError",
    "Document",
    "Inputs",
    "LoadProblem",
    "LoadedCorpus",
    "Record",
    "decode_bytes",
    "load_paths",
]
