"""Entry point for ``spark-submit``, which runs a file, not a module.

    spark-submit --master yarn [options] "$(python -m compare.cli.spark_submit)" dedup --engine spark ...

Run as a module, it prints its own path (for the command line above); run
by spark-submit, it is ``compare-sources`` with the arguments after it, on
the session spark-submit configured.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    here = str(Path(__file__).resolve().parent)
    # Run as a file, this folder heads sys.path, and its modules would shadow others of the same name.
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    if len(sys.argv) == 1:
        print(Path(__file__).resolve())
        sys.exit(0)
    from compare.cli.main import main

    sys.exit(main(sys.argv[1:]))
