"""Versions of one event: near-duplicates, alignment and the three-layer diff."""
