"""A news-like collection with exact truth, not kinder than real data.

Built from real web text (the PAN 2013 source documents, and the
suspicious documents of its no-plagiarism pairs, which are independent
texts written on the same topics; else the sample corpus), then:

* **base stories**: real documents, kept only when they share no run of
  `RUN_WORDS` words with any other kept document, so that planted text is
  the only reuse there is. Documents of one PAN topic stay together:
  independent stories on the same subject;
* **syndication**: a story and up to `max_copies` copies on other sites,
  each with 0 to `max_edit_rate` of its words replaced, deleted or inserted
  (most copies edited 5-20%, some verbatim);
* **excerpts**: a run of 60 to 300 words of one story set as a paragraph
  inside another;
* **borrowed sentences**: two separate sentences of one story (each at
  least `BORROWED_CHARS` long, the analysis's minimum passage) pasted at
  two places of another;
* **attributed quotations**: a sentence of one story quoted in another,
  with an attribution ("As Site put it at the time: “…”"): journalism,
  not copying;
* **page furniture**: every site has a header and a footer; the footers of
  a few publishing systems (a WordPress entry line, a comment form, a
  share bar, a newsletter prompt) recur across many sites, with dates and
  categories that vary;
* **bad files**: an empty file and a binary one.

Every file is its own source (no manifest, one folder), as a scraped
collection arrives. The truth lists the planted pairs by file name:
``copy`` (both texts of one syndicated story), ``excerpt``, ``borrowed``,
``common`` (two hosts of the same donor's text; the reuse a reader must
be shown), and ``quotation`` (attributed: not to be counted as copying).
A pair not listed shares no run of `RUN_WORDS` words outside page
furniture.

``python benchmarks/newslike.py`` generates the collection, analyzes it
as one collection (the tool finds the pairs) and prints recall and
precision by kind; then deduplicates it as ``compare-sources dedup`` does
(defaults, and with ``--containment 0.5``) and prints the recall of the
copies per share of words edited, the relation given to excerpts, and
the pairs no planted copy explains; then in two runs with a persistent
index (every other file on the second day), and prints how many of one
run's pairs the two runs find, across the days too; ``nox -s eval`` runs it after the
labeled corpora.
Everything is drawn from ``numpy.random.default_rng(seed)``: the same spec
and texts give the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

__all__ = ["NewsSpec", "Story", "generate", "read_stories", "score", "write_collection"]

RUN_WORDS = 8
BORROWED_CHARS = 160  # a passage the analysis promises to find spans 150 characters (min_passage_chars)
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]+[\"”’)]*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")

SECTIONS = ["World", "Politics", "Business", "Science", "Health", "Sports", "Local", "Opinion"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

#: Footers of publishing systems, each used by many sites ({site}, {date}, {day}, {section} vary).
SYSTEM_FOOTERS = [
    [
        "This entry was posted on {day}, {date} and is filed under {section}. You can follow any"
        " responses to this entry through the RSS 2.0 feed. You can leave a response, or trackback"
        " from your own site.",
        "Leave a Reply Cancel reply. Your email address will not be published. Required fields are marked *",
    ],
    [
        "Share this: Click to share on Twitter (Opens in new window) Click to share on Facebook"
        " (Opens in new window) Click to email a link to a friend (Opens in new window)",
        "Like this: Like Loading... Related",
    ],
    [
        "Get the best of {site} delivered to your inbox every morning. Sign up for our free daily"
        " newsletter and never miss a story from our reporters.",
        "Copyright {year} {site}. All rights reserved. This material may not be published,"
        " broadcast, rewritten or redistributed.",
    ],
    [
        "The views and opinions expressed in this article are those of the author and do not"
        " necessarily reflect the official policy or position of {site} or its editors.",
    ],
]

ATTRIBUTIONS = [
    "As {outlet} put it at the time: “{quote}”",
    "“{quote}” {outlet} reported.",
    "According to {outlet}, “{quote}”",
    "{outlet} wrote at the time that “{quote}”",
]


@dataclass(frozen=True)
class Story:
    """A base text: `name` (its file), `topic` (stories of one topic are independent, same subject)."""

    name: str
    topic: str
    text: str


@dataclass(frozen=True)
class NewsSpec:
    """What to generate. Counts are of base stories used in each way."""

    n_docs: int = 600
    seed: int = 20261206
    syndicated: int = 40
    max_copies: int = 20
    max_edit_rate: float = 0.20
    excerpts: int = 20
    borrowed: int = 15
    quotations: int = 15
    min_words: int = 200
    max_words: int = 1200
    split_long: bool = False  # cut texts over max_words into parts (more stories for big collections)
    generated: bool = False  # when the real stories run out, more from a Markov chain (`generated_stories`)

    @classmethod
    def scaled(cls, n_docs: int, seed: int = 20261206) -> NewsSpec:
        """A spec for `n_docs` files with the default's mix (its counts are for 600 files),
        long texts cut into parts so that there are stories enough for 5,000 files,
        and generated ones beyond that."""
        k = n_docs / cls.n_docs
        return cls(
            n_docs=n_docs,
            seed=seed,
            syndicated=round(cls.syndicated * k),
            excerpts=round(cls.excerpts * k),
            borrowed=round(cls.borrowed * k),
            quotations=round(cls.quotations * k),
            split_long=True,
            generated=True,
        )


def read_stories(eval_root: Path, fallback: Path) -> list[Story]:
    """PAN 2013's texts that hold no reuse of another: every source document, and the
    suspicious documents that appear in no-plagiarism pairs only; a suspicious
    document and its sources are one topic. Else `fallback`'s .txt files."""
    pan = eval_root / "pan13-train"
    if not (pan / "pairs").is_file():
        files = sorted(fallback.glob("*.txt"))
        return [Story(f.name, "corpus", f.read_text(encoding="utf-8")) for f in files]
    sources: dict[str, list[str]] = defaultdict(list)
    for line in (pan / "pairs").read_text(encoding="utf-8").split("\n"):
        if line.strip():
            susp, src = line.split()
            sources[susp.removesuffix(".txt")].append(src.removesuffix(".txt"))
    reused = {
        xml.name.split("-source")[0]
        for folder in pan.iterdir()
        if folder.is_dir() and folder.name[:2].isdigit() and folder.name != "01-no-plagiarism"
        for xml in folder.glob("*.xml")
    }
    stories, seen = [], set()
    for susp, srcs in sorted(sources.items()):
        names = [(s, "src") for s in sorted(srcs)]
        if susp not in reused:
            names.insert(0, (susp, "susp"))
        for name, folder in names:
            if name not in seen:
                seen.add(name)
                text = (pan / folder / f"{name}.txt").read_text(encoding="utf-8")
                stories.append(Story(name, susp, text))
    return stories


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _runs(text: str) -> set[str]:
    words = _words(text)
    return {" ".join(words[i : i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)}


def _parts(story: Story, spec: NewsSpec) -> list[Story]:
    """`story`, or with `spec.split_long` and over `spec.max_words`, its runs of whole
    lines of about half `max_words` each (one topic; a short remainder joins the last)."""
    if not spec.split_long or len(story.text.split()) <= spec.max_words:
        return [story]
    chunks: list[list[str]] = [[]]
    count = 0
    for line in story.text.split("\n"):
        chunks[-1].append(line)
        count += len(line.split())
        if count >= spec.max_words // 2:
            chunks.append([])
            count = 0
    if count < spec.min_words and len(chunks) > 1:
        tail = chunks.pop()
        chunks[-1] += tail
    texts = ["\n".join(c).strip("\n") for c in chunks]
    return [Story(f"{story.name}#{i}", story.topic, t) for i, t in enumerate(texts, 1)]


def independent(stories: Sequence[Story], spec: NewsSpec) -> list[Story]:
    """The stories (or their parts, `_parts`) of the asked length that share no run
    of `RUN_WORDS` words with an earlier kept one."""
    kept, seen = [], set()
    for story in (part for whole in stories for part in _parts(whole, spec)):
        if not spec.min_words <= len(story.text.split()) <= spec.max_words:
            continue
        runs = _runs(story.text)
        if runs & seen:
            continue
        seen |= runs
        kept.append(story)
    return kept


def generated_stories(real: Sequence[Story], n: int, spec: NewsSpec, rng: np.random.Generator) -> list[Story]:
    """`n` stories an order-2 word Markov chain trained on the `real` ones writes
    (`synthetic.WordChain`): their vocabulary, word frequencies and sentence
    shapes, a title line, paragraphs of two to four sentences; each its own
    topic. Unlike the real stories they are not checked for runs shared with
    others: a chain may repeat a stock phrase of its training text."""
    from synthetic import WordChain

    if n <= 0:
        return []
    chain = WordChain.train(s.text for s in real)
    lengths = rng.integers(spec.min_words, spec.max_words + 1, n)
    out: list[Story] = []
    for lo in range(0, n, 2000):
        block = lengths[lo : lo + 2000]
        walks = chain.walk(rng, len(block), int(block.max()))
        for k, length in enumerate(block.tolist()):
            words = chain.vocab[walks[k, :length]].tolist()
            title, lines, line, sentences = " ".join(words[:8]), [], [], 0
            for word in words[8:]:
                line.append(word)
                if _SENTENCE_END.search(word):
                    sentences += 1
                    if sentences >= int(rng.integers(2, 5)):
                        lines.append(" ".join(line))
                        line, sentences = [], 0
            lines += [" ".join(line)] if line else []
            number = lo + k
            out.append(Story(f"generated-{number}", f"generated-{number}", "\n".join([title, *lines])))
    return out


def _edit(text: str, rate: float, rng: np.random.Generator, vocabulary: Sequence[str]) -> str:
    """Replace, delete and insert words (a third of `rate` each), keeping the lines."""
    lines = []
    for line in text.split("\n"):
        out = []
        for word in line.split():
            u = rng.random()
            if u < rate / 3:
                out.append(vocabulary[int(rng.integers(len(vocabulary)))])
            elif u < 2 * rate / 3:
                out += [word, vocabulary[int(rng.integers(len(vocabulary)))]]
            elif u >= rate:
                out.append(word)
        lines.append(" ".join(out))
    return "\n".join(lines)


def _sentences(text: str, lo: int, hi: int, min_chars: int = 0) -> list[str]:
    """Sentences of `lo` to `hi` words and at least `min_chars` characters, in order."""
    found = (m.group().strip() for m in _SENTENCE.finditer(text))
    return [s for s in found if lo <= len(s.split()) <= hi and len(s) >= min_chars]


def _insert_paragraph(text: str, paragraph: str, rng: np.random.Generator) -> str:
    """`paragraph` between two lines of `text`, not first nor last."""
    lines = text.split("\n")
    at = int(rng.integers(1, max(2, len(lines))))
    return "\n".join([*lines[:at], paragraph, *lines[at:]])


class _Sites:
    """Site names, each with a header and a footer (a publishing system's, shared by many sites)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.count = 0

    def new(self) -> str:
        self.count += 1
        return f"The {['Daily', 'Evening', 'Weekly', 'Morning'][self.count % 4]} Courier {self.count:03d}"

    def dress(self, site: str, body: str, title: str) -> str:
        number = int(site.split()[-1])
        rng = self.rng
        day, month = DAYS[int(rng.integers(7))], MONTHS[int(rng.integers(8))]
        fields = {
            "site": site,
            "day": day,
            "date": f"{month} {int(rng.integers(1, 29))}, 2026",
            "section": SECTIONS[int(rng.integers(len(SECTIONS)))],
            "year": 2026,
        }
        header = [site, f"Home > {fields['section']} > {title[:40]}"]
        if number % 3 == 0:
            header.append(f"Updated {int(rng.integers(1, 12))} hours ago")
        footer = [line.format(**fields) for line in SYSTEM_FOOTERS[number % len(SYSTEM_FOOTERS)]]
        return "\n".join([*header, "", body, "", *footer]) + "\n"


def generate(stories: Sequence[Story], spec: NewsSpec) -> tuple[dict[str, bytes], dict]:
    """The collection's files (name -> bytes) and its truth."""
    rng = np.random.default_rng(spec.seed)
    base = independent(stories, spec)
    extra = []  # used after every real story, in order: a file uses at most one story
    if spec.generated:
        extra = generated_stories(base, spec.n_docs - len(base), spec, np.random.default_rng(spec.seed + 1))
    needed = spec.syndicated + spec.excerpts + spec.borrowed + spec.quotations
    if len(base) + len(extra) < needed + 10:
        raise ValueError(f"{len(base) + len(extra)} independent stories; {needed + 10} are needed")
    vocabulary = sorted({w for s in base[:200] for w in s.text.split() if w.isalpha()})
    sites = _Sites(rng)
    texts: dict[str, str] = {}  # file name -> body (before dressing)
    origin: dict[str, str] = {}  # file name -> base story name
    groups: dict[str, list[str]] = {}  # base story -> its files (the story and its copies)
    order = rng.permutation(len(base)).tolist() + list(range(len(base), len(base) + len(extra)))
    base = [*base, *extra]
    roles = iter(order)
    pairs: list[dict] = []
    borrowed_text: dict[str, tuple[str, str, list[str]]] = {}  # host -> (donor, kind, inserted texts)
    edit_rates: dict[str, float] = {}  # copy's file name -> share of its words edited

    def add(story: Story, body: str, kind: str) -> str:
        name = f"{len(texts):04d}-{kind}.txt"
        texts[name] = body
        origin[name] = story.name
        groups.setdefault(story.name, []).append(name)
        return name

    by_name = {s.name: s for s in base}
    for _ in range(spec.syndicated):
        story = base[next(roles)]
        add(story, story.text, "story")
        copies = int(min(spec.max_copies, 1 + rng.zipf(1.6)))
        for _ in range(copies):
            rate = 0.0 if rng.random() < 0.2 else float(rng.uniform(0.05, spec.max_edit_rate))
            name = add(story, _edit(story.text, rate, rng, vocabulary), "copy")
            edit_rates[name] = round(rate, 4)
    donors = sorted(groups)

    def host() -> Story:
        return base[next(roles)]

    for _ in range(spec.excerpts):
        donor = by_name[donors[int(rng.integers(len(donors)))]]
        words = donor.text.split()
        size = min(len(words) - 1, int(rng.integers(60, 301)))
        start = int(rng.integers(0, len(words) - size))
        h = host()
        passage = " ".join(words[start : start + size])
        name = add(h, _insert_paragraph(h.text, passage, rng), "excerpt")
        borrowed_text[name] = (donor.name, "excerpt", [passage])
        pairs += [{"a": name, "b": f, "kind": "excerpt"} for f in groups[donor.name]]
    for kind, count in (("borrowed", spec.borrowed), ("quotation", spec.quotations)):
        for _ in range(count):
            donor = by_name[donors[int(rng.integers(len(donors)))]]
            sentences = _sentences(donor.text, 15, 45, BORROWED_CHARS if kind == "borrowed" else 0)
            h = host()
            if len(sentences) < 2:
                add(h, h.text, "story")
                continue
            if kind == "borrowed":
                first, second = sentences[0], sentences[-1]
                body = _insert_paragraph(_insert_paragraph(h.text, first, rng), second, rng)
                inserted = [first, second]
            else:
                quote = sentences[int(rng.integers(len(sentences)))]
                outlet = f"the {donor.topic[-5:]} Wire"
                form = ATTRIBUTIONS[int(rng.integers(len(ATTRIBUTIONS)))]
                body = _insert_paragraph(h.text, form.format(outlet=outlet, quote=quote), rng)
                inserted = [quote]
            name = add(h, body, kind)
            borrowed_text[name] = (donor.name, kind, inserted)
            pairs += [{"a": name, "b": f, "kind": kind} for f in groups[donor.name]]
    while len(texts) < spec.n_docs - 2:
        story = next(roles, None)
        if story is None:
            break
        add(base[story], base[story].text, "story")

    pairs += _common_source(borrowed_text)
    for members in groups.values():
        pairs += [{"a": a, "b": b, "kind": "copy"} for i, a in enumerate(members) for b in members[i + 1 :]]
    files = {}
    for name, body in texts.items():
        title = body.strip().split("\n", 1)[0]
        files[name] = sites.dress(sites.new(), body, title).encode("utf-8")
    files[f"{len(files):04d}-empty.txt"] = b""
    files[f"{len(files):04d}-binary.txt"] = bytes(rng.integers(0, 256, 2000, dtype=np.uint8))
    topics = {name: by_name[origin[name]].topic for name in texts}
    same_topic = sum(
        n * (n - 1) // 2 for n in Counter(topics.values()).values()
    )  # pairs of files on one PAN topic (copies included)
    truth = {
        "spec": asdict(spec),
        "files": len(files),
        "topics": topics,
        "same_topic_pairs": same_topic,
        "edit_rates": edit_rates,
        "pairs": sorted((p for p in pairs if p["a"] != p["b"]), key=lambda p: (p["a"], p["b"], p["kind"])),
    }
    return files, truth


def _common_source(borrowed: dict[str, tuple[str, str, list[str]]]) -> list[dict]:
    """Two hosts of text from one donor share it where their inserted texts share a run:
    ``common`` reuse (a quotation if both hold it as one)."""
    out = []
    hosts = sorted(borrowed)
    for i, x in enumerate(hosts):
        for y in hosts[i + 1 :]:
            (dx, kx, tx), (dy, ky, ty) = borrowed[x], borrowed[y]
            if dx == dy and _runs(" ".join(tx)) & _runs(" ".join(ty)):
                kind = "quotation" if "quotation" in (kx, ky) else "common"
                out.append({"a": x, "b": y, "kind": kind})
    return out


def write_collection(files: dict[str, bytes], truth: dict, out: Path) -> None:
    """The files in `out/docs/`, the truth in `out/truth.json`."""
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for old in docs.iterdir():
        old.unlink()
    for name, data in files.items():
        (docs / name).write_bytes(data)
    (out / "truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")


REUSE = ("near-duplicate", "excerpt", "partial-reuse")


def score(result, truth: dict) -> dict:
    """Recall of planted pairs by kind, precision of the reuse pairs the analysis reports."""
    ids = [Path(d.id).name for d in result.documents]
    reported = {frozenset((ids[p.a], ids[p.b])): p for p in result.pairs}
    planted: dict[frozenset, str] = {}
    for p in truth["pairs"]:
        key = frozenset((p["a"], p["b"]))
        if planted.get(key) != "copy":  # a copy that also holds an excerpt is a copy
            planted[key] = p["kind"]
    out: dict = {"recall": {}, "relations": {}}
    for kind in ("copy", "excerpt", "borrowed", "common", "quotation"):
        keys = [k for k, v in planted.items() if v == kind]
        relations = Counter(reported[k].relation if k in reported else "not reported" for k in keys)
        found = (
            sum(relations[r] for r in REUSE)
            if kind != "quotation"
            else sum(relations[r] for r in (*REUSE, "quotation"))
        )
        out["recall"][kind] = {"planted": len(keys), "found": found}
        out["relations"][kind] = dict(sorted(relations.items()))
    claimed = [k for k, p in reported.items() if p.relation in REUSE]
    wrong = [k for k in claimed if planted.get(k) not in ("copy", "excerpt", "borrowed", "common")]
    why = Counter(planted.get(k, "unplanted") for k in wrong)
    out["precision"] = {"claimed": len(claimed), "wrong": len(wrong), "wrong_by_truth": dict(why)}
    rows = [[*sorted(k), reported[k].relation] for k in wrong]
    out["wrong_examples"] = sorted(rows)[:20]
    return out


#: Edit-rate bins of the copies, for recall per rate: (label, low, high).
EDIT_BINS = (("verbatim", 0.0, 0.0), ("5-10%", 0.05, 0.10), ("10-15%", 0.10, 0.15), ("15-20%", 0.15, 0.2001))


def score_dedup(run, truth: dict) -> dict:
    """How a dedup run (`compare.dedup.DedupRun`) did: the copies of each
    story found in its cluster, per edit rate (against the story's own
    file); the relation of each planted pair it reports; the pairs it
    reports that no planted copy or excerpt explains."""
    cluster = {Path(d.path).name: d.cluster for d in run.documents}
    rates = truth["edit_rates"]
    stories = {}
    for p in truth["pairs"]:
        if p["kind"] == "copy":
            for name in (p["a"], p["b"]):
                if "-story" in name:
                    stories.setdefault(name, set()).add(p["b"] if name == p["a"] else p["a"])
    recall = {label: [0, 0] for label, _, _ in EDIT_BINS}
    for story, copies in stories.items():
        for copy in copies:
            rate = rates.get(copy, 0.0)
            label = next(lbl for lbl, lo, hi in EDIT_BINS if lo <= rate < hi or rate == hi == 0.0)
            recall[label][0] += 1
            recall[label][1] += cluster.get(copy) is not None and cluster.get(copy) == cluster.get(story)
    planted = {}
    for p in truth["pairs"]:
        key = frozenset((p["a"], p["b"]))
        if planted.get(key) != "copy":
            planted[key] = p["kind"]
    relations: Counter = Counter()
    unexplained = []
    for p in run.pairs:
        key = frozenset((Path(p.a_id).name, Path(p.b_id).name))
        kind = planted.get(key)
        relations[(kind or "unplanted", p.relation)] += 1
        if kind not in ("copy", "excerpt", "common"):
            unexplained.append(sorted(key))
    return {
        "recall_by_edit": recall,
        "relations": {f"{k} as {r}": n for (k, r), n in sorted(relations.items())},
        "unexplained": len(unexplained),
        "unexplained_examples": sorted(unexplained)[:10],
        "duplicates": sum(not d.representative for d in run.documents),
    }


def score_index(docs: Path, options, work: Path) -> dict:
    """Deduplicate the collection in two runs with a persistent index (every
    other file on the second day), against one run over all of it: the
    pairs one run finds that the two runs find too (inside a day, or as a
    match of the second day with the index), those across the two days
    among them, and the pairs only the two runs find."""
    from compare.dedup.batch import run as run_dedup

    files = sorted(p for p in docs.iterdir() if p.is_file())
    days = [[str(f) for f in files[0::2]], [str(f) for f in files[1::2]]]
    day_of = {Path(f).name: n for n, day in enumerate(days) for f in day}

    def key(a: str, b: str) -> frozenset:
        return frozenset((Path(a).name, Path(b).name))

    at_once = {key(p.a_id, p.b_id) for p in run_dedup([str(docs)], options).pairs}
    index = work / "index.sqlite"
    for stale in work.glob("index.sqlite*"):
        stale.unlink()
    first = run_dedup(days[0], options, index=index)
    second = run_dedup(days[1], options, index=index)
    matches = {key(m.a_id, m.indexed_id): m for m in second.indexed_matches}
    two = {key(p.a_id, p.b_id) for run in (first, second) for p in run.pairs} | set(matches)
    across = {k for k in at_once if len({day_of.get(name) for name in k}) == 2}
    return {
        "one_run_pairs": len(at_once),
        "found_by_two_runs": len(at_once & two),
        "across_days": len(across),
        "across_found": len(across & set(matches)),
        "across_verified": sum(matches[k].verified for k in across & set(matches)),
        "only_two_runs": len(two - at_once),
    }


def main(argv: Sequence[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-root", type=Path, default=root.parent / "shared" / "eval")
    parser.add_argument("--docs", type=int, default=NewsSpec.n_docs)
    parser.add_argument("--seed", type=int, default=NewsSpec.seed)
    parser.add_argument("--out", type=Path, default=root / "artifacts" / "newslike")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)

    from compare.analysis.pipeline import analyze
    from compare.load import load_paths

    spec = NewsSpec(n_docs=args.docs, seed=args.seed)
    files, truth = generate(read_stories(args.eval_root, root / "corpus"), spec)
    write_collection(files, truth, args.out)
    start = time.perf_counter()
    loaded = load_paths([args.out / "docs"])
    result = analyze(loaded.documents, problems=loaded.problems, jobs=args.jobs)
    seconds = time.perf_counter() - start
    figures = score(result, truth)
    figures.update(files=truth["files"], problems=len(result.problems), seconds=round(seconds, 1))
    print(
        f"news-like collection: {truth['files']} files, {len(result.documents)} documents read,"
        f" {len(result.problems)} problems, {len(result.pairs)} pairs reported, {seconds:.1f} s"
    )
    for kind, r in figures["recall"].items():
        relations = figures["relations"][kind]
        print(f"  {kind:10} planted {r['planted']:5}  found {r['found']:5}  relations {relations}")
    pr = figures["precision"]
    precision = 1 - pr["wrong"] / pr["claimed"] if pr["claimed"] else 1.0
    wrong = f"wrong {pr['wrong']} {pr['wrong_by_truth']}"
    print(f"  reuse pairs claimed {pr['claimed']}, {wrong}: precision {precision:.3f}")
    from compare.dedup.batch import run as run_dedup
    from compare.dedup.options import DedupOptions

    for label, options in (
        ("defaults", DedupOptions()),
        ("--containment 0.5", DedupOptions(containment=0.5)),
    ):
        start = time.perf_counter()
        found = score_dedup(run_dedup([str(args.out / "docs")], options), truth)
        seconds = time.perf_counter() - start
        figures[f"dedup {label}"] = found
        cells = "  ".join(f"{b} {f}/{n}" for b, (n, f) in found["recall_by_edit"].items())
        print(f"dedup ({label}), {seconds:.1f} s: copies found with their story: {cells}")
        print(f"  pairs by planted kind and relation: {found['relations']}")
        print(f"  pairs no planted copy or excerpt explains: {found['unexplained']}")
    start = time.perf_counter()
    split = score_index(args.out / "docs", DedupOptions(), args.out)
    seconds = time.perf_counter() - start
    figures["dedup in two runs with an index"] = split
    print(
        f"dedup in two runs with an index (every other file the second day), {seconds:.1f} s: "
        f"{split['found_by_two_runs']}/{split['one_run_pairs']} of one run's pairs, across the days "
        f"{split['across_found']}/{split['across_days']} ({split['across_verified']} verified from the "
        f"kept texts); pairs one run does not find: {split['only_two_runs']}"
    )
    (args.out / "figures.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
