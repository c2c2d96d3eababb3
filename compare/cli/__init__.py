"""The `compare-sources` command: argument parsing, output and exit status only.

`main` (in `compare.cli.main`) dispatches to one module per command. Only
this package prints to stdout or exits.
"""

from .main import main

__all__ = ["main"]
