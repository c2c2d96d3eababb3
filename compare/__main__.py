"""`python -m compare` runs the `compare-sources` command."""

import sys

from .cli import main

sys.exit(main())
