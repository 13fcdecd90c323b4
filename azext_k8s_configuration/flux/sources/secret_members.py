"""The secret members of the flux source blocks, registered with arm/redaction.py (which imports nothing above it).

Imported, for this side effect, by every flux module that sends or prints a configuration's body (payload.py,
handler_steps.py, read_handlers.py): importing it costs no table; the tables (kinds.secret_members) are read when a
body is first looked at.
"""
from ...arm import redaction


def _secret_members():
    from .kinds import secret_members
    return secret_members()


redaction.register_secret_members(_secret_members)
