"""Sessions: `report` (analyze corpus/ into reports/out/), `tests`, `lint`, `eval`, `bench`, `retrieval`,
`report_scale` (the report of generated collections without a manifest: time, memory, size),
`cluster` (the Spark engine on a standalone cluster started here).

Each session installs the project non-editably, so the tests exercise the
package as users get it (templates included).
"""

from __future__ import annotations

import os
import shutil

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True

PYTHON = "3.11"


@nox.session(python=PYTHON)
def report(session: nox.Session) -> None:
    """Analyze corpus/ (or the paths given after --) into reports/out/."""
    session.install(".")
    paths = session.posargs or ["corpus"]
    session.run("compare-sources", "report", *paths, "-o", "reports/out")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite against the installed package.

    The report's browser tests need Debian's Chromium (installed here with
    apt-get when missing; Playwright's own browser download does not work
    offline) and axe-core from npm (``npm ci`` in tests/browser). The Spark
    engine's tests need Java 17 or 21 (Debian's openjdk-17-jre-headless,
    installed when no java is found) and PySpark (a test extra).
    """
    _system_chromium(session)
    _system_java(session)
    session.run("npm", "ci", "--prefix", "tests/browser", "--no-audit", "--no-fund", external=True)
    session.install(".[test]")
    session.run("pytest", *session.posargs)
    # The examples in the docstrings, from the installed package.
    session.run("pytest", "--doctest-modules", "--pyargs", "compare", "-q", "-p", "no:cacheprovider")


def _system_chromium(session: nox.Session) -> None:
    if not shutil.which("chromium"):
        _apt_install(session, "chromium")


def _system_java(session: nox.Session) -> None:
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        session.log("no Java found: the Spark tests need Java 17 or 21; installing openjdk-17-jre-headless")
        _apt_install(session, "openjdk-17-jre-headless")


def _apt_install(session: nox.Session, package: str) -> None:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run(*sudo, "apt-get", "update", "-q", external=True, env=env)
    session.run(*sudo, "apt-get", "install", "-y", "-q", package, external=True, env=env)


@nox.session(python=PYTHON)
def eval(session: nox.Session) -> None:
    """Measure detection quality on the labeled corpora in ../shared/eval (never copied here).

    Prints the tables and writes eval/results.json (git-ignored). Arguments
    after -- are passed on, e.g. `nox -s eval -- --limit 50`.
    """
    session.install(".")
    session.run("compare-sources", "eval", "../shared/eval", "--json", "eval/results.json", *session.posargs)
    # A news-like collection with exact truth, analyzed as one collection (benchmarks/newslike.py).
    session.run("python", "benchmarks/newslike.py", "--eval-root", "../shared/eval")


@nox.session(python=PYTHON)
def retrieval(session: nox.Session) -> None:
    """How candidate retrieval grows with the collection (1,000, 5,000 and 20,000 documents):
    candidates and seconds, and the growth exponent. Arguments after -- go to benchmarks/retrieval.py."""
    session.install(".")
    session.run("python", "benchmarks/retrieval.py", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Speed and memory of dedup against datasketch, rensa and text-dedup on generated corpora,
    and of the Spark engine beside the local one; then the passage analysis on Spark beside the
    local engine on news-like collections (Java needed, as for the tests).

    Prints the tables and writes artifacts/bench.json and artifacts/analysis-bench.json
    (git-ignored). Arguments after -- go to benchmarks/run.py, those after `--analysis` to
    benchmarks/analysis_scale.py, e.g. `nox -s bench -- --sizes 10000 --analysis --docs 1000,2000`.
    """
    _system_java(session)
    session.install(".[bench]")
    args = list(session.posargs)
    split = args.index("--analysis") if "--analysis" in args else len(args)
    session.run("python", "benchmarks/run.py", *args[:split])
    session.run("python", "benchmarks/analysis_scale.py", *args[split + 1 :])


@nox.session(python=PYTHON)
def report_scale(session: nox.Session) -> None:
    """The HTML report of generated news-like collections without a manifest (600 and 5,000
    files): wall and CPU seconds, peak memory, folder and index size. Arguments after -- go to
    benchmarks/report_scale.py, e.g. `nox -s report_scale -- --docs 2000`."""
    session.install(".")
    session.run("python", "benchmarks/report_scale.py", *session.posargs)


@nox.session(python=PYTHON)
def cluster(session: nox.Session) -> None:
    """The README's spark-submit commands on a Spark standalone cluster started on this machine
    (a master and a worker, the environment packed with venv-pack): same result as the local engine."""
    _system_java(session)
    session.install(".[spark]", "venv-pack")
    session.run("python", "tests/standalone_cluster.py")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting check; mypy: the package's types (it ships py.typed)."""
    session.install("ruff>=0.6", "mypy>=1.10")
    session.run("ruff", "check", "compare", "tests", "benchmarks", "examples", "noxfile.py")
    session.run("ruff", "format", "--check", "compare", "tests", "benchmarks", "examples", "noxfile.py")
    session.run("mypy", "compare", "--ignore-missing-imports")
