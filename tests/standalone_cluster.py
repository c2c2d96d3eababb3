"""The README's cluster commands on a real Spark standalone cluster on this machine.

    nox -s cluster        # or: python tests/standalone_cluster.py, in a venv with .[spark] and venv-pack

Starts a standalone master and one worker (separate JVMs, bound to
127.0.0.1), packs this virtual environment with venv-pack, submits
``compare/cli/spark_submit.py`` with ``--archives ENV.tar.gz#environment`` and
``PYSPARK_PYTHON=./environment/bin/python`` (so the executors run the
packed environment, not this one), and checks that the result equals the
local engine's on a batch with planted duplicates: the dedup, and the
passage analysis with a checkpoint directory (``spark.checkpoint.dir``, as
the README says to give one on a cluster). Exits non-zero if not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyspark

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from planted_corpus import write_planted  # noqa: E402


def _start(bin_dir: Path, env: dict, log: Path, *args: str) -> subprocess.Popen:
    out = log.open("w")
    return subprocess.Popen([str(bin_dir / "spark-class"), *args], env=env, stdout=out, stderr=out)


def _wait_for(log: Path, text: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise RuntimeError(
        f"{log.name}: no {text!r} after {seconds:.0f} s:\n{log.read_text(errors='replace')[-2000:]}"
    )


def main() -> int:
    bin_dir = Path(sys.executable).parent
    work = Path(tempfile.mkdtemp(prefix="compare-cluster-"))
    env = {**os.environ, "SPARK_HOME": str(Path(pyspark.__file__).parent), "SPARK_LOCAL_IP": "127.0.0.1"}
    batch = write_planted(work, stories=40)
    print(f"packing {sys.prefix} with venv-pack ...", flush=True)
    archive = work / "env.tar.gz"
    subprocess.run([str(bin_dir / "venv-pack"), "-q", "-o", str(archive)], check=True)
    master_log, worker_log = work / "master.log", work / "worker.log"
    master = _start(bin_dir, env, master_log, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", "7177", "--webui-port", "18180")  # fmt: skip
    worker = None
    try:
        _wait_for(master_log, "I have been elected leader")
        worker = _start(bin_dir, env, worker_log, "org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:7177",
                        "--host", "127.0.0.1", "--cores", "2", "--memory", "3g", "--webui-port", "18181",
                        "--work-dir", str(work / "executors"))  # fmt: skip
        _wait_for(worker_log, "Successfully registered with master")
        script = subprocess.run(
            [sys.executable, "-m", "compare.cli.spark_submit"], capture_output=True, text=True, check=True
        ).stdout.strip()
        submit_env = {
            **env,
            "PYSPARK_DRIVER_PYTHON": sys.executable,
            "PYSPARK_PYTHON": "./environment/bin/python",
        }
        spark_submit = [
            str(bin_dir / "spark-submit"), "--master", "spark://127.0.0.1:7177", "--deploy-mode", "client",
            "--archives", f"{archive}#environment", "--conf", "spark.executor.memory=2g",
            "--conf", "spark.ui.enabled=false",
        ]  # fmt: skip
        submit = [*spark_submit, script]
        out = work / "cluster.json"
        options = ["--containment", "0.3", "--keep", "longest", "--format", "json", "--quiet"]
        print("submitting dedup to spark://127.0.0.1:7177 ...", flush=True)
        done = subprocess.run(
            [*submit, "dedup", "--engine", "spark", str(batch), *options, "-o", str(out)],
            env=submit_env, capture_output=True, text=True, cwd=work,
        )  # fmt: skip
        if done.returncode != 2:  # 2: the batch's planted malformed lines
            print(done.stderr[-4000:], file=sys.stderr)
            return 1
        local = subprocess.run(
            [sys.executable, "-m", "compare", "dedup", str(batch), *options], capture_output=True, text=True
        )
        on_cluster, expected = json.loads(out.read_text(encoding="utf-8")), json.loads(local.stdout)
        for data in (on_cluster, expected):
            data["summary"].pop("seconds")
        executors = sorted((work / "executors").glob("app-*/*/environment"))
        print(f"executors that ran the packed environment: {len(executors)}")
        same = on_cluster == expected and bool(executors)
        print(f"summary: {json.dumps(on_cluster['summary'])}")
        print("dedup: same result as the local engine" if same else "dedup: DIFFERENT from the local engine")

        # The passage analysis, with the pair filter on, and its stages cut by
        # checkpoints in a checkpoint directory, as the README says for a cluster.
        analysis, local_analysis = work / "analysis.json", work / "local-analysis.json"
        checkpoints = work / "checkpoints"
        options = ["--within-days", "30", "--quiet"]
        print("submitting analyze to spark://127.0.0.1:7177 ...", flush=True)
        done = subprocess.run(
            [*spark_submit, "--conf", f"spark.checkpoint.dir={checkpoints.as_uri()}", script,
             "analyze", "--engine", "spark", str(batch), *options, "-o", str(analysis)],
            env=submit_env, capture_output=True, text=True, cwd=work,
        )  # fmt: skip
        if done.returncode != 2:
            print(done.stderr[-4000:], file=sys.stderr)
            return 1
        subprocess.run(
            [sys.executable, "-m", "compare", "analyze", str(batch), *options, "-o", str(local_analysis)],
            capture_output=True,
        )
        got = json.loads(analysis.read_text(encoding="utf-8"))
        want = json.loads(local_analysis.read_text(encoding="utf-8"))
        cut = len(list(checkpoints.glob("*/rdd-*")))
        same_analysis = got == want and bool(want["pairs"]) and cut > 0
        counts = {part: len(got[part]) for part in ("documents", "pairs", "passages")}
        print(f"analysis: {json.dumps(counts)}; checkpoints written to the checkpoint directory: {cut}")
        print(
            "analysis: same result as the local engine"
            if same_analysis
            else "analysis: DIFFERENT from the local engine"
        )
        return 0 if same and same_analysis else 1
    finally:
        for process in (worker, master):
            if process is not None:
                process.terminate()
                process.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
