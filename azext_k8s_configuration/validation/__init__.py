"""Input validation: one small module per rule.

Every validator raises a typed azure-cli error (a subclass of ``AzCLIError``) whose message names the
option and that carries a recommendation. Nothing here imports heavy modules at import time: the
``cryptography``-based checks import it inside the function that needs it.
"""
