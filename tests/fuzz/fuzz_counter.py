"""Counts the inputs Hypothesis generates, per property, and how many were accepted (valid results)
vs refused (typed CLI errors); reported by tests/fuzz/conftest.py."""
import collections

COUNTS = collections.Counter()
ACCEPTED = collections.Counter()
CURRENT = [None]  # name of the property running now
