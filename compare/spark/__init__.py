"""Spark plumbing shared by the engines that run on Spark (batch dedup and the analysis).

`session` (a quiet, repeatable SparkSession), `read` (inputs listed and
parsed as the local engines read them), `frames` (documents numbered in
reading order; pairs of documents sharing a bucket), `graph` (connected
components as joins). Nothing here knows what a duplicate is.
"""
