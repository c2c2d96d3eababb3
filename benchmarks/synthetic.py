"""News-like corpora with planted duplicates, generated deterministically.

The text comes from real English documents (by default the PAN 2013 source
documents in ``../shared/eval``, else the project's sample corpus): an
order-2 word Markov chain trained on them writes each base document, so the
vocabulary, word frequencies and sentence shapes are those of real text, yet
no two base documents share more than the odd stock phrase.

Planted on top, and recorded as the truth:

* **clusters** of near-duplicates: a base document and 1 to 3 copies, each an
  exact copy or an edited one (a share of words from `min_edit_rate` to
  `max_edit_rate`, 5-20% by default, replaced, deleted or inserted), as
  syndicated and reposted stories are; the truth records each edited copy's
  rate (``edit_rates``), so recall can be read per rate;
* **excerpts**: a run of 100 to 300 words of one document placed as a
  paragraph inside another, new document.

Everything is drawn from ``numpy.random.default_rng(seed)``: the same spec and
text give the same corpus, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

__all__ = ["CorpusSpec", "WordChain", "default_text_dirs", "generate", "read_texts", "write_corpus"]

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")


@dataclass(frozen=True)
class CorpusSpec:
    """What to generate. Shares are of the final number of documents."""

    n_docs: int
    seed: int = 20261123
    min_words: int = 400
    max_words: int = 800
    copy_share: float = 0.10
    excerpt_share: float = 0.05
    min_edit_rate: float = 0.05
    max_edit_rate: float = 0.20
    min_excerpt_words: int = 100
    max_excerpt_words: int = 300
    sources: int = 20


@dataclass
class WordChain:
    """An order-2 Markov chain over whitespace tokens, stored as flat arrays.

    State s is a pair of consecutive tokens; its successors are the entries
    ``offsets[s] : offsets[s + 1]`` of `next_word` (the token that followed)
    and `next_state` (the state that token leads to). A token is drawn with
    the frequency it followed that pair in the training text.
    """

    vocab: np.ndarray  # object array of tokens
    offsets: np.ndarray
    next_word: np.ndarray
    next_state: np.ndarray
    starts: np.ndarray  # states that begin a sentence

    @classmethod
    def train(cls, texts: Iterable[str]) -> WordChain:
        index: dict[str, int] = {}
        ids: list[int] = []
        for text in texts:
            for token in text.split():
                ids.append(index.setdefault(token, len(index)))
        if len(ids) < 3:
            raise ValueError("the training text has fewer than 3 words")
        vocab = np.empty(len(index), dtype=object)
        vocab[list(index.values())] = list(index.keys())
        t = np.asarray(ids, dtype=np.int64)
        keys = t[:-2] * len(index) + t[1:-1]
        _, state = np.unique(keys, return_inverse=True)
        n_states = int(state.max()) + 1
        # position i: state (t[i], t[i+1]) emits t[i+2] and moves to state i+1;
        # the last position wraps to the first state, so every state has a successor.
        following = np.append(state[1:], state[0])
        order = np.argsort(state, kind="stable")
        offsets = np.searchsorted(state[order], np.arange(n_states + 1))
        ends = np.array([bool(_SENTENCE_END.search(str(w))) for w in vocab])
        sentence_start = np.flatnonzero(ends[t[:-2]]) + 1
        starts = np.unique(state[sentence_start[sentence_start < len(state)]])
        return cls(
            vocab=vocab,
            offsets=offsets,
            next_word=t[2:][order],
            next_state=following[order],
            starts=starts if len(starts) else np.arange(n_states),
        )

    def walk(self, rng: np.random.Generator, n: int, length: int) -> np.ndarray:
        """`n` token-id sequences of `length` tokens, drawn in parallel."""
        state = rng.choice(self.starts, size=n)
        out = np.empty((n, length), dtype=np.int64)
        counts = self.offsets[1:] - self.offsets[:-1]
        for step in range(length):
            k = self.offsets[state] + (rng.random(n) * counts[state]).astype(np.int64)
            out[:, step] = self.next_word[k]
            state = self.next_state[k]
        return out


def default_text_dirs(project_root: Path) -> list[Path]:
    """The PAN source documents if ../shared/eval has them, else the sample corpus."""
    pan = project_root.parent / "shared" / "eval" / "pan13-train" / "src"
    return [pan] if pan.is_dir() else [project_root / "corpus"]


def read_texts(dirs: Sequence[Path]) -> list[str]:
    files = sorted(f for d in dirs for f in Path(d).rglob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no .txt files under {', '.join(map(str, dirs))}")
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def _edit(words: np.ndarray, rate: float, rng: np.random.Generator, vocab_size: int) -> np.ndarray:
    """Replace, delete and insert words, each at a third of `rate`."""
    u = rng.random(len(words))
    out = words.copy()
    replace = u < rate / 3
    out[replace] = rng.integers(0, vocab_size, int(replace.sum()))
    insert = (u >= rate / 3) & (u < 2 * rate / 3)
    keep = u >= rate  # the last third (rate*2/3 .. rate) is deleted
    pieces = []
    for i in range(len(out)):
        if insert[i]:
            pieces.append(int(rng.integers(0, vocab_size)))
        if keep[i] or u[i] < 2 * rate / 3:
            pieces.append(int(out[i]))
    return np.asarray(pieces, dtype=np.int64)


def generate(spec: CorpusSpec, chain: WordChain) -> tuple[list[dict], dict]:
    """Records ``{"id", "source", "date", "text"}`` in a shuffled order, and the truth."""
    rng = np.random.default_rng(spec.seed)
    n_copies = round(spec.n_docs * spec.copy_share)
    n_excerpts = round(spec.n_docs * spec.excerpt_share)
    n_base = spec.n_docs - n_copies - n_excerpts
    if n_base < 1:
        raise ValueError("copy_share + excerpt_share leave no base documents")

    lengths = rng.integers(spec.min_words, spec.max_words + 1, n_base + n_excerpts)
    walks = []
    for lo in range(0, len(lengths), 5000):
        block = lengths[lo : lo + 5000]
        tokens = chain.walk(rng, len(block), int(block.max()))
        walks += [tokens[i, : block[i]] for i in range(len(block))]
    base, hosts = walks[:n_base], walks[n_base:]

    docs: list[np.ndarray] = list(base)
    clusters: list[list[int]] = []
    edit_rates: dict[int, float] = {}
    originals = rng.permutation(n_base)
    o = 0
    while len(docs) - n_base < n_copies:
        original = int(originals[o % n_base])
        o += 1
        members = [original]
        for _ in range(min(int(rng.integers(1, 4)), n_copies - (len(docs) - n_base))):
            if rng.random() < 0.4:
                docs.append(docs[original].copy())
            else:
                rate = float(rng.uniform(spec.min_edit_rate, spec.max_edit_rate))
                docs.append(_edit(docs[original], rate, rng, len(chain.vocab)))
                edit_rates[len(docs) - 1] = round(rate, 4)
            members.append(len(docs) - 1)
        clusters.append(members)

    excerpts: list[tuple[int, int]] = []
    for host in hosts:
        donor = int(rng.integers(0, len(docs)))
        size = int(rng.integers(spec.min_excerpt_words, spec.max_excerpt_words + 1))
        size = min(size, len(docs[donor]))
        start = int(rng.integers(0, len(docs[donor]) - size + 1))
        at = int(rng.integers(0, len(host) + 1))
        docs.append(np.concatenate([host[:at], [-1], docs[donor][start : start + size], [-1], host[at:]]))
        excerpts.append((donor, len(docs) - 1))

    order = rng.permutation(len(docs))
    name = {int(old): f"d{new:07d}" for new, old in enumerate(order)}
    days = rng.integers(0, 365, len(docs))
    sources = rng.integers(0, spec.sources, len(docs))
    vocab = chain.vocab
    records = []
    for old in order.tolist():
        ids = docs[old]
        paragraphs = np.split(ids, np.flatnonzero(ids == -1))
        text = "\n\n".join(" ".join(vocab[p[p >= 0]]) for p in paragraphs if (p >= 0).any())
        records.append(
            {
                "id": name[old],
                "source": f"outlet-{int(sources[old]):02d}",
                "date": str(np.datetime64("2026-01-01") + int(days[old])),
                "text": text,
            }
        )
    truth = {
        "clusters": sorted(sorted(name[m] for m in c) for c in clusters),
        "excerpts": sorted([name[d], name[h]] for d, h in excerpts),
        "originals": {name[m]: name[c[0]] for c in clusters for m in c[1:]},
        "edit_rates": {name[i]: rate for i, rate in sorted(edit_rates.items())},
    }
    return records, truth


def write_corpus(spec: CorpusSpec, text_dirs: Sequence[Path], out_dir: Path) -> tuple[Path, Path]:
    """Generate once into `out_dir` (reused while spec and text are unchanged).

    Returns the JSONL path and the truth JSON path. Files are written under a
    temporary name and renamed, so an interrupted run leaves nothing half-written.
    """
    texts = read_texts(text_dirs)
    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(spec), sort_keys=True).encode())
    for t in texts:
        digest.update(hashlib.sha256(t.encode()).digest())
    key = f"news-{spec.n_docs}-{digest.hexdigest()[:12]}"
    out_dir.mkdir(parents=True, exist_ok=True)
    jsonl, truth_path = out_dir / f"{key}.jsonl", out_dir / f"{key}.truth.json"
    if jsonl.exists() and truth_path.exists():
        return jsonl, truth_path
    records, truth = generate(spec, WordChain.train(texts))
    truth["spec"] = asdict(spec)
    truth["text_dirs"] = [str(d) for d in text_dirs]
    for path, lines in (
        (jsonl, (json.dumps(r, ensure_ascii=False) + "\n" for r in records)),
        (truth_path, [json.dumps(truth, indent=1) + "\n"]),
    ):
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            f.writelines(lines)
        tmp.replace(path)
    return jsonl, truth_path
