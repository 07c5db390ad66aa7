"""Scoring against gold files and public data sets, and the benchmark."""
