"""Build `examples/reuse/`: a small collection with reuse, constructed from the
real articles of `corpus/`, so that a first report shows what the tool finds.

Every constructed file is labelled as constructed in the folder's
`sources.toml`. The originals are copied unchanged. Run it again to rebuild
the folder; the output is the same bytes every time (no randomness).

    python examples/build_reuse.py
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
OUT = ROOT / "examples" / "reuse"

#: Light edits of a repost: a few words changed, as a copy editor would.
EDITS = [
    ("United States’ raid", "US raid"),
    ("continues to rise", "keeps rising"),
    ("at least 80 people", "at least eighty people"),
    ("has confirmed", "confirmed"),
    ("the picture is already grim", "the picture is already bleak"),
    ("What Washington portrays", "What the White House portrays"),
    ("a dramatic escalation", "a sharp escalation"),
]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()]


def _body(name: str, skip: int) -> list[str]:
    """The paragraphs of a corpus file, without its first `skip` (title, menus)."""
    return _paragraphs((CORPUS / name).read_text(encoding="utf-8"))[skip:]


def _between(name: str, start: str, end: str) -> str:
    """The text of a corpus file from `start` to `end` (included), its line breaks as spaces."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    first = text.index(start)
    return " ".join(text[first : text.index(end, first) + len(end)].split())


def build() -> dict[str, str]:
    blitz = [p for p in _body("004_3406ddb7cc3f7155.txt", 5) if len(p) > 40]
    havana = _body("000_a0bb5eff38de926d.txt", 2)
    social = _body("001_a52b92a0a50288ae.txt", 8)

    repost = "\n\n".join(blitz[:6])
    for old, new in EDITS:
        repost = repost.replace(old, new, 1)

    excerpt = "\n\n".join(
        [
            "Regional press review, January",
            "Several columnists in the region asked this month what the raid means for smaller countries."
            " One Chilean column, republished in English, put the argument this way:",
            havana[2],
            "Our own view is more cautious: the consequences for trade and migration will take months to"
            " show, and the debate in the Senate has barely started.",
        ]
    )

    quoted = _between(
        "003_34ba85bf82872920.txt", "President Michelle Bachelet", "after Brazil’s 981 soldiers."
    )
    attributed = "\n\n".join(
        [
            "Chile's long mission in Haiti",
            "The end of the peacekeeping mission was debated for years before it came. As Haiti Liberté"
            f" reported at the time: “{quoted}”",
            "Since then, the debate has moved from troop numbers to who pays for police training, and the"
            " ministry has not published its figures.",
        ]
    )

    speech = (
        "We will not accept that the fate of a nation is decided by the strongest army in the room; the"
        " rules we built after the war exist precisely so that small countries can sleep at night"
    )
    shared_a = "\n\n".join(
        [
            "Foreign ministers meet in Santiago",
            "The ministers met for three hours on Tuesday. Closing the meeting, the host minister said:"
            f" “{speech}.” Delegations from four countries left before the statement was read.",
        ]
    )
    shared_b = "\n\n".join(
        [
            "A speech that travelled",
            "By Wednesday the line was everywhere on regional radio: “"
            + speech
            + ".” Commentators disagreed on whether it was aimed at Washington or at Moscow.",
        ]
    )

    summary = "\n\n".join(
        [
            "In brief: a Ukrainian left group on the attack on Venezuela",
            "The Social Movement calls the US military operation of 3 January, in which President Nicolás"
            " Maduro was kidnapped, a widespread attack on democracy and peace in Latin America and part of"
            " an escalating imperialist confrontation.",
            "It rejects the fight against drug trafficking as a pretext: the share of drug trafficking"
            " through Venezuela is negligible, and Trump's amnesty for former Honduran President"
            " Hernández makes the excuse cynical; the real goal is control over oil and mineral resources.",
            "It also calls Maduro's regime authoritarian, repressive and deeply corrupt, responsible with the"
            " US sanctions for economic collapse and the mass emigration of millions of Venezuelans.",
        ]
    )
    del social  # the summary is of corpus/001, copied whole below
    return {
        "repost-blitz.txt": repost + "\n",
        "press-review.txt": excerpt + "\n",
        "haiti-mission.txt": attributed + "\n",
        "ministers-meet.txt": shared_a + "\n",
        "speech-travelled.txt": shared_b + "\n",
        "in-brief.txt": summary + "\n",
    }


MANIFEST = """# An example collection WITH reuse, constructed for the README's second command.
# The four files named like corpus/ are real articles, copied unchanged from
# corpus/ (see corpus/sources.toml). Every other file is CONSTRUCTED by
# examples/build_reuse.py from them: none of it was published.

[documents."000_a0bb5eff38de926d.txt"]
source = "Havana Times"
title = "Imperial Restoration, and Irregular Venezuelans in Chile"
date = "2026-01"

[documents."001_a52b92a0a50288ae.txt"]
source = "Social Movement (rev.org.ua)"
title = "What's wrong with US aggression against Venezuela?"
url = "https://rev.org.ua/shho-ne-tak-z-napadom-na-venesuelu/"
date = "2026-01-03"

[documents."003_34ba85bf82872920.txt"]
source = "Haiti Liberté"
title = "Under Guise of Troop Withdrawal Discussions"
date = "2017-03"

[documents."004_3406ddb7cc3f7155.txt"]
source = "Blitz (via QOSHE)"
title = "No one is safe: The US raid on Venezuela and the collapse of international restraint"
date = "2026-01"

[documents."repost-blitz.txt"]
source = "Repost site (constructed)"
title = "The first six paragraphs of the Blitz column, with a copy editor's changes"
date = "2026-01-08"
notes = "CONSTRUCTED: a repost with light edits"

[documents."press-review.txt"]
source = "Press review (constructed)"
title = "Regional press review, January"
date = "2026-01-20"
notes = "CONSTRUCTED: new text around an excerpt of the Havana Times column"

[documents."haiti-mission.txt"]
source = "Weekly (constructed)"
title = "Chile's long mission in Haiti"
date = "2026-01-15"
notes = "CONSTRUCTED: quotes a paragraph of Haiti Liberté with attribution"

[documents."ministers-meet.txt"]
source = "Wire (constructed)"
title = "Foreign ministers meet in Santiago"
date = "2026-01-13"
notes = "CONSTRUCTED: a fictional speech, quoted"

[documents."speech-travelled.txt"]
source = "Radio blog (constructed)"
title = "A speech that travelled"
date = "2026-01-14"
notes = "CONSTRUCTED: the same fictional speech, quoted (a shared quotation, not copying)"

[documents."in-brief.txt"]
source = "Digest (constructed)"
title = "In brief: a Ukrainian left group on the attack on Venezuela"
date = "2026-01-05"
notes = "CONSTRUCTED: a summary of the Social Movement statement"
"""


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for name in (
        "000_a0bb5eff38de926d.txt",
        "001_a52b92a0a50288ae.txt",
        "003_34ba85bf82872920.txt",
        "004_3406ddb7cc3f7155.txt",
    ):
        shutil.copyfile(CORPUS / name, OUT / name)
    for name, text in build().items():
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
    (OUT / "sources.toml").write_text(MANIFEST, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
