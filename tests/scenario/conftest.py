"""Scenario tests reuse the unit tests' key generator and spec loader (tests/unit/keygen.py, spec_schema.py)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
for path in (HERE, os.path.join(os.path.dirname(HERE), "unit")):
    if path not in sys.path:
        sys.path.insert(0, path)
