"""`python -m compare` runs the `compare-sources` command."""

from .cli.main import entry

entry()
