"""Sketches: stable hashes, MinHash signatures, LSH banding and exact shingle sets.

`hashing` (64-bit word, shingle and row hashes), `minhash` (one-permutation
MinHash), `lsh` (the one banding both the analysis and dedup use),
`shingles` (exact sets, Jaccard and containment), and `kernels` (the
compiled loops behind them). Imports nothing above `compare.text`.
"""
