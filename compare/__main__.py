"""`python -m compare` runs the `compare-sources` command."""

import sys

from .cli.main import main

sys.exit(main())
