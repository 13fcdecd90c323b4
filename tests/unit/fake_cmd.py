"""Kept for tests written against it: the shared fakes are in fakes.py."""
from fakes import FakeCmd  # noqa: F401
