"""Synthetic data at regional and national scale, and the benchmark suite
that measures the pages against it (see docs/running-at-scale.md)."""
