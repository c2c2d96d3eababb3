"""Text: what the comparison sees of a document.

`normalize` (matching form, with a map back to the original offsets),
`segment` (words and sentences), `boilerplate` (lines repeated across a
source's documents, left out) and `quotes` (quoted passages, told apart
from copying). Imports nothing from the later stages.
"""
