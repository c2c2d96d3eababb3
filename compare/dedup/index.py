"""A persistent dedup index: signatures, LSH band keys, samples, metadata and texts in one SQLite file.

A nightly job checks today's documents against everything indexed before,
without reading the past inputs again. The index holds, per document, its id,
where it was read from, its number of shingles and its MinHash signature,
one row per LSH band: (band, 64-bit key of the band's rows, document),
one row per sampled shingle (`compare.dedup.options.SAMPLE_BELOW`): (hash,
document), and each document's text, compressed (zlib; about half its
UTF-8 size), so that matches are verified as exactly as pairs within a
batch.

Querying a batch: its band keys go into a temporary table (in memory, in the
order of the bands B-tree, so lookups walk it forwards) joined with the
indexed keys (one B-tree lookup per band and document), and every indexed
document sharing a band is a candidate; with `coverage` (edited copies) or
`containment` (excerpts), so is every indexed document sharing samples as
the batch engine's candidates do (`compare.dedup.local.sample_candidates`;
a sample held by more than `max_bucket` indexed documents, a stock phrase,
pairs with the first of them only).
A candidate is then scored like a pair of the batch (`compare.dedup.indexed`):
from both texts' shingles (`compare.dedup.rules.verified_pairs`), its
batch text read again and its indexed text from the index, so a run with
the index finds what one run over both batches finds. Documents indexed without their text
(by an index of format 2, before texts were kept) are matched by
estimates instead: the Jaccard from the signatures (the share of agreeing
positions; standard error sqrt(J(1 - J) / num_perm)), containments from
it and the two shingle counts (|A ∩ B| = J (|A| + |B|) / (1 + J)), or,
for excerpts, from the shared samples; edited copies are not matched.

Safety: the parameters the index was built with (shingle size,
permutations, seed, bands and rows, normalization and hash versions) are
stored in it, and opening it with other parameters is an error that names
them, never a silent wrong answer. Every change is one transaction: a run
killed at any moment leaves the index as before the run or as after it. A
second run that wants to write waits for the first (`timeout` seconds),
then fails with a message saying the index is busy.
"""

from __future__ import annotations

import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..sketch.lsh import band_keys
from ..text.normalize import NORMALIZATION_VERSION
from .indexed import IndexedMatch, agreements, chosen, estimated, verified
from .local import Signed
from .options import SAMPLE_BELOW, DedupOptions

__all__ = [
    "HASH_VERSION",
    "DedupIndex",
    "IndexBusy",
    "IndexMismatch",
    "IndexParams",
    "IndexedMatch",  # defined in compare.dedup.indexed
    "index_error",
]

#: Bumped whenever word, shingle or signature hashing changes.
HASH_VERSION = 1
#: 3: texts kept (an index of format 2 is upgraded when opened: its documents stay without text).
_FORMAT = 3
_UPGRADABLE = "2"


_TEXTS = "CREATE TABLE IF NOT EXISTS texts (doc INTEGER PRIMARY KEY, text BLOB NOT NULL)"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS documents (doc INTEGER PRIMARY KEY, id TEXT NOT NULL, path TEXT NOT NULL,"
    " line INTEGER, shingles INTEGER NOT NULL, signature BLOB NOT NULL, added TEXT NOT NULL,"
    " sample BLOB NOT NULL)",
    "CREATE INDEX IF NOT EXISTS documents_id ON documents (id)",
    # One B-tree ordered by (band, key): the lookups read it directly, with no separate index.
    "CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, key INTEGER NOT NULL, doc INTEGER NOT NULL,"
    " PRIMARY KEY (band, key, doc)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS samples (hash INTEGER NOT NULL, doc INTEGER NOT NULL,"
    " PRIMARY KEY (hash, doc)) WITHOUT ROWID",
    _TEXTS,
)


#: Pairs (batch document, indexed document) sharing two samples or more, with their
#: count; a sample held by more than ? indexed documents (a stock phrase) pairs with
#: the first of them only, its holders counted no further (the three ? are max_bucket).
_SHARED_SAMPLES = (
    "WITH probed AS (SELECT new, hash, (SELECT count(*) FROM (SELECT 1 FROM samples"
    " WHERE samples.hash = probe_samples.hash LIMIT ? + 1)) AS holders FROM probe_samples),"
    " shared AS (SELECT probed.new AS new, samples.doc AS doc FROM probed"
    " CROSS JOIN samples ON samples.hash = probed.hash WHERE probed.holders <= ?"
    " UNION ALL SELECT new, (SELECT min(doc) FROM samples WHERE samples.hash = probed.hash)"
    " FROM probed WHERE probed.holders > ?)"
    " SELECT m.new, m.doc, d.id, m.shared, length(d.sample) / 8, d.signature FROM"
    " (SELECT new, doc, count(*) AS shared FROM shared GROUP BY new, doc HAVING count(*) >= 2) AS m"
    " JOIN documents d ON d.doc = m.doc"
)


def _band_rows(keys: np.ndarray, first: int) -> Iterator[tuple[int, int, int]]:
    """(band, key, document) rows of band keys (one row of `keys` per document,
    numbered from `first`), in the order of the bands B-tree: inserted or
    looked up in that order, SQLite walks the tree forwards instead of
    jumping to a random page for each row."""
    n, bands = keys.shape
    band = np.tile(np.arange(bands), n)
    doc = np.repeat(np.arange(first, first + n), bands)
    key = keys.ravel()
    order = np.lexsort((doc, key, band))
    return zip(band[order].tolist(), key[order].tolist(), doc[order].tolist(), strict=True)


def _samples_wanted(options: DedupOptions) -> bool:
    return options.coverage is not None or options.containment is not None


def _agreeing_rows(signed: Signed, batch: set[tuple[str, bytes]], found: list[tuple]) -> list[tuple]:
    """Candidate rows (batch document, ..., stored signature) with the stored
    signature replaced by its agreement with the batch document's; rows of
    this very batch, indexed by an earlier try of the run, are left out."""
    found = [row for row in found if (row[2], bytes(row[-1])) not in batch]
    agree = agreements(signed.signatures, [row[0] for row in found], [row[-1] for row in found])
    return [(*row[:-1], a) for row, a in zip(found, agree, strict=True)]


class IndexMismatch(ValueError):
    """The index was built with other parameters, or is not an index."""


class IndexBusy(RuntimeError):
    """Another run holds the index for writing."""


@dataclass(frozen=True)
class IndexParams:
    """Everything that must agree between an index and the run using it."""

    shingle_size: int
    num_perm: int
    seed: int
    bands: int
    rows: int
    normalization_version: int = NORMALIZATION_VERSION
    hash_version: int = HASH_VERSION
    sample_below: int = SAMPLE_BELOW
    format: int = _FORMAT


def index_error(path: str | Path, exc: sqlite3.Error) -> str:
    """The message of an SQLite error met while using the index at `path`."""
    return f"{path}: {_why(exc)}"


def _why(exc: sqlite3.Error) -> str:
    """What an SQLite error opening an index means, for its message."""
    message = str(exc)
    if "not a database" in message:
        return "not an SQLite file, so not a compare-sources index"
    if "malformed" in message:
        return f"the index is corrupted ({message}); restore it from a backup, or build a new one"
    if "disk" in message or "full" in message or "readonly" in message or "unable to open" in message:
        return f"cannot use the index file ({message})"
    return f"not a compare-sources index ({message})"


class DedupIndex:
    """An open index file (created if missing). Use as a context manager."""

    def __init__(self, path: str | Path, params: IndexParams, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.params = params
        self.timeout = timeout
        self._db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        try:
            self._refuse_foreign()  # before journal_mode=WAL changes the file
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA temp_store=MEMORY")  # a query's probe rows
            self._db.execute(
                "PRAGMA cache_size=-262144"
            )  # 256 MB of pages: inserts land all over the B-trees
            self._check_or_create()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise IndexMismatch(f"{self.path}: {_why(exc)}") from None
        except BaseException:
            self._db.close()
            raise

    @classmethod
    def open_existing(cls, path: str | Path, timeout: float = 60.0) -> DedupIndex:
        """Open an index with the parameters stored in it (for listing and maintenance)."""
        if not Path(path).is_file():
            raise IndexMismatch(f"{path}: no such index file")
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
            try:
                stored = dict(db.execute("SELECT key, value FROM meta"))
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            raise IndexMismatch(f"{path}: {_why(exc)}") from None
        if stored.get("format") not in (str(_FORMAT), _UPGRADABLE):
            raise IndexMismatch(
                f"{path}: index format {stored.get('format')}, this version reads format {_FORMAT} "
                f"(and upgrades format {_UPGRADABLE}); build a new index"
            )
        try:
            fields = [k for k in IndexParams.__dataclass_fields__ if k != "format"]  # format 2 is upgraded
            params = IndexParams(**{k: int(stored[k]) for k in fields})
        except (KeyError, ValueError):
            raise IndexMismatch(f"{path}: not a compare-sources index") from None
        return cls(path, params, timeout)

    def __enter__(self) -> DedupIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _begin(self) -> None:
        """Start a write transaction, waiting up to `timeout` for another run's to end."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"{self.path}: another run is writing to this index; "
                        f"waited {self.timeout:.0f} s, try again when it is done"
                    ) from None
                time.sleep(0.05)

    @contextmanager
    def writing(self) -> Iterator[DedupIndex]:
        """One write transaction for the whole block: a run that queries, then
        adds, holds the index throughout, so a concurrent run waits and then
        sees this run's documents. Committed at the end, rolled back on error."""
        self._begin()
        try:
            yield self
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A transaction of its own, or a part of the one `writing` holds."""
        if self._db.in_transaction:
            yield
            return
        with self.writing():
            yield

    def _tables(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _refuse_foreign(self) -> None:
        """Refuse another application's SQLite file, without changing it."""
        tables = self._tables()
        if tables and "meta" not in tables:
            raise IndexMismatch(f"{self.path}: an SQLite file, but not a compare-sources index")

    def _check_or_create(self) -> None:
        tables = self._tables()
        wanted = {k: str(v) for k, v in asdict(self.params).items()}
        if "meta" not in tables:
            with self.writing():
                for statement in _SCHEMA:
                    self._db.execute(statement)
                self._db.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)", sorted(wanted.items()))
        stored = dict(self._db.execute("SELECT key, value FROM meta"))
        if stored.get("format") == _UPGRADABLE:
            with self.writing():
                self._db.execute(_TEXTS)
                self._db.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(_FORMAT),))
            stored["format"] = str(_FORMAT)
        differing = [f"{k} {stored.get(k)} (this run: {v})" for k, v in wanted.items() if stored.get(k) != v]
        if differing:
            raise IndexMismatch(
                f"{self.path} was built with other parameters: {', '.join(differing)}; "
                "use the same options, or another index"
            )

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def query(
        self,
        signed: Signed,
        options: DedupOptions,
        texts: Callable[[], Iterable[str]] | None = None,
    ) -> list[IndexedMatch]:
        """Indexed documents that are near-duplicates of a batch document, or
        (with `options.containment`) one inside the other (`IndexedMatch`),
        by batch document, then in the order indexed.

        `texts()` gives the batch's texts, in the order of `signed` (read
        once, for the documents with candidates): candidates whose indexed
        text is kept are scored from both texts, by the rules of a batch
        (`verified_pairs`). Without `texts`, or for documents indexed
        without their text, the scores are estimates (see the module).
        """
        if len(signed.ids) == 0 or self._db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None:
            return []
        # A document of this very batch, indexed by an earlier try of the same run (a retry):
        # it is not "seen before", neither by itself nor by the others of its batch.
        batch = set(zip(signed.ids, (s.tobytes() for s in signed.signatures), strict=True))
        bands = self._band_candidates(signed, batch)
        sampled = (
            self._sample_candidates(signed, batch, options.max_bucket) if _samples_wanted(options) else []
        )
        pairs = chosen(signed, options, bands, sampled)
        kept = self._kept_texts({doc for _, doc in pairs}) if texts is not None else {}
        scored = verified(options, {p: i for p, i in pairs.items() if p[1] in kept}, kept, texts)
        scored += estimated(signed, options, bands, sampled, kept)
        return [m for _, m in sorted(scored, key=lambda f: (f[1].a, f[0]))]

    def _band_candidates(self, signed: Signed, batch: set[tuple[str, bytes]]) -> list[tuple]:
        """(batch document, indexed doc, its id, its shingle count, agreement of the
        signatures) of every pair sharing a band."""
        p = self.params
        keys = band_keys(signed.signatures, p.bands, p.rows).view(np.int64)  # SQLite integers are signed
        # Pairs first, then each distinct pair's document: a pair sharing
        # many bands reads the document once.
        found = self._probe(
            "probe",
            "band INTEGER, key INTEGER, new INTEGER",
            _band_rows(keys, 0),
            "SELECT m.new, m.doc, d.id, d.shingles, d.signature FROM "
            "(SELECT DISTINCT probe.new AS new, bands.doc AS doc FROM probe "
            "CROSS JOIN bands ON bands.band = probe.band AND bands.key = probe.key) AS m "
            "JOIN documents d ON d.doc = m.doc",
        )
        return _agreeing_rows(signed, batch, found)

    def _sample_candidates(
        self, signed: Signed, batch: set[tuple[str, bytes]], max_bucket: int
    ) -> list[tuple]:
        """(batch document, indexed doc, its id, shared samples, its samples,
        agreement of the signatures) of every pair sharing two samples or more.

        As in a batch, a sample held by more than `max_bucket` indexed
        documents (a stock phrase) pairs only with the first of them: its
        holders are counted no further than that, and not read."""
        rows = zip(signed.samples.astype(np.int64).tolist(), signed.sampled.tolist(), strict=True)
        found = self._probe(
            "probe_samples",
            "hash INTEGER, new INTEGER",
            iter(sorted(rows)),
            _SHARED_SAMPLES,
            (max_bucket,) * 3,
        )
        return _agreeing_rows(signed, batch, found)

    def _kept_texts(self, docs: set[int]) -> dict[int, str]:
        """The texts kept of indexed documents `docs` (those that have one).
        A text that does not decompress is damage: IndexMismatch naming the
        file and the document."""
        found = self._probe(
            "probe_docs",
            "doc INTEGER",
            ((d,) for d in sorted(docs)),
            "SELECT texts.doc, texts.text, documents.id FROM probe_docs "
            "CROSS JOIN texts ON texts.doc = probe_docs.doc JOIN documents ON documents.doc = texts.doc",
        )
        out = {}
        for doc, blob, doc_id in found:
            try:
                out[doc] = zlib.decompress(blob).decode("utf-8")
            except (zlib.error, UnicodeDecodeError) as exc:
                raise IndexMismatch(
                    f"{self.path}: the index is corrupted (the text of indexed document {doc_id!r} "
                    f"cannot be read: {exc}); restore it from a backup, or build a new one"
                ) from None
        return out

    def _probe(
        self, table: str, columns: str, rows: Iterator[tuple], select: str, params: tuple = ()
    ) -> list[tuple]:
        """Rows of `select` over the temporary table `table` filled with `rows`.

        A savepoint makes the rows one transaction (alone, each insert would
        be its own); it nests inside `writing`'s, or stands alone."""
        db = self._db
        db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")
        db.execute("SAVEPOINT probe")
        try:
            db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * (columns.count(',') + 1))})", rows)
            return db.execute(select, params).fetchall()
        finally:
            db.execute(f"DELETE FROM {table}")
            db.execute("RELEASE probe")

    def changes(self, signed: Signed) -> list[str]:
        """What `add` would do with each document of the batch: ``"added"`` (a
        new id), ``"unchanged"`` (this id is indexed with the same text: a
        retried run; adding it again is a no-op) or ``"replaced"`` (this id is
        indexed with other text, which the new text replaces)."""
        out = []
        for doc_id, signature in zip(signed.ids, signed.signatures, strict=True):
            rows = self._db.execute("SELECT signature FROM documents WHERE id = ?", (doc_id,)).fetchall()
            if not rows:
                out.append("added")
            elif any(bytes(r[0]) == signature.tobytes() for r in rows):
                out.append("unchanged")
            else:
                out.append("replaced")
        return out

    def add(
        self,
        signed: Signed,
        paths: Sequence[str],
        lines: Sequence[int | None],
        texts: Iterable[str] | None = None,
    ) -> dict[str, int]:
        """Add a batch of documents, all of them or (on any failure) none, and
        say how many were ``added``, ``unchanged`` and ``replaced``
        (`changes`): adding a batch twice indexes it once. `signed` must hold
        their shingle samples (``DedupOptions.samples``), sorted by document
        as signing leaves them; `texts`, their texts in the same order, are
        kept compressed (read as they are stored; without them, the
        documents are matched by estimates later)."""
        with self._transaction():
            changes = self.changes(signed)
            replaced = sorted({i for i, c in zip(signed.ids, changes, strict=True) if c == "replaced"})
            if replaced:
                self.remove(replaced)
            fresh = [n for n, c in enumerate(changes) if c != "unchanged"]
            if fresh:
                rows = np.asarray(fresh, dtype=np.int64)
                wanted = set(fresh)
                kept = None if texts is None else (t for n, t in enumerate(texts) if n in wanted)
                self._insert(signed.take(rows), [paths[n] for n in fresh], [lines[n] for n in fresh], kept)
        return {c: changes.count(c) for c in ("added", "unchanged", "replaced")}

    def _insert(
        self,
        signed: Signed,
        paths: Sequence[str],
        lines: Sequence[int | None],
        texts: Iterable[str] | None,
    ) -> None:
        p = self.params
        keys = band_keys(signed.signatures, p.bands, p.rows).view(np.int64)  # SQLite integers are signed
        bounds = np.searchsorted(signed.sampled, np.arange(len(signed.ids) + 1))
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with self._transaction():
            first = self._db.execute("SELECT coalesce(max(doc), 0) + 1 FROM documents").fetchone()[0]
            self._db.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        first + i,
                        signed.ids[i],
                        paths[i],
                        lines[i],
                        int(signed.sizes[i]),
                        signed.signatures[i].tobytes(),
                        stamp,
                        signed.samples[bounds[i] : bounds[i + 1]].tobytes(),
                    )
                    for i in range(len(signed.ids))
                ),
            )
            self._db.executemany("INSERT INTO bands VALUES (?, ?, ?)", _band_rows(keys, first))
            samples = zip(
                signed.samples.astype(np.int64).tolist(), (signed.sampled + first).tolist(), strict=True
            )
            self._db.executemany("INSERT INTO samples VALUES (?, ?)", sorted(samples))
            if texts is not None:
                self._db.executemany(
                    "INSERT INTO texts VALUES (?, ?)",
                    ((first + i, zlib.compress(t.encode("utf-8"))) for i, t in enumerate(texts)),
                )

    def remove(self, ids: Sequence[str]) -> int:
        """Remove documents by id (every document with that id); how many were removed."""
        p = self.params
        removed = 0
        with self._transaction():
            for doc_id in ids:
                found = self._db.execute(
                    "SELECT doc, signature, sample FROM documents WHERE id = ?", (doc_id,)
                ).fetchall()
                for doc, blob, sample in found:
                    # The band rows are found by their keys, recomputed from the stored signature.
                    keys = band_keys(np.frombuffer(blob, dtype=np.uint32)[None, :], p.bands, p.rows)[0].view(
                        np.int64
                    )
                    self._db.executemany(
                        "DELETE FROM bands WHERE band = ? AND key = ? AND doc = ?",
                        ((b, int(k), doc) for b, k in enumerate(keys.tolist())),
                    )
                    self._db.executemany(
                        "DELETE FROM samples WHERE hash = ? AND doc = ?",
                        ((h, doc) for h in np.frombuffer(sample, dtype=np.uint64).astype(np.int64).tolist()),
                    )
                    self._db.execute("DELETE FROM texts WHERE doc = ?", (doc,))
                    self._db.execute("DELETE FROM documents WHERE doc = ?", (doc,))
                removed += len(found)
        return removed

    def documents(self) -> list[tuple[str, str, int | None, str]]:
        """(id, path, line, added) of every indexed document, in the order added."""
        return list(self._db.execute("SELECT id, path, line, added FROM documents ORDER BY doc"))

    def stats(self) -> dict[str, object]:
        """Size and parameters, after SQLite's quick check of every page (IndexMismatch
        naming the file when it finds damage: a corrupted index must not look fine)."""
        problems = [r[0] for r in self._db.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            found = "; ".join(problems).replace("\n", "; ")
            raise IndexMismatch(
                f"{self.path}: the index is corrupted ({found}); restore it from a backup, or build a new one"
            )
        return {
            "path": str(self.path),
            "documents": len(self),
            # with their text kept; the others (indexed by format 2) are matched by estimates
            "texts": self._db.execute("SELECT count(*) FROM texts").fetchone()[0],
            "bytes": self.path.stat().st_size,
            "parameters": asdict(self.params),
        }

    def vacuum(self) -> None:
        """Give the space of removed documents back to the file system."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.execute("VACUUM")
