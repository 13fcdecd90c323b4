"""The names messages give the source options: as the user typed them (typed_names.py), e.g. --interval for the
option whose own name is --sync-interval, --service-principal-client-id for --sp-client-id."""
from ...typed_names import as_typed
from .table import option_name as own_name


def option_name(key):
    """The name of the option of handler parameter ``key`` the user typed (its own name when not typed)."""
    return as_typed(own_name(key))


def typed_name(row):
    """The name of the option of ``row`` the user typed."""
    return as_typed(row.name)


def typed_file_name(row):
    """The name of the -file twin of ``row`` the user typed (None when it has none)."""
    return as_typed(row.file_name) if row.file_name else None
