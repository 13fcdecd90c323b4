"""The property every fuzz test checks: a typed azure-cli error with a recommendation, or a valid result."""
import functools

from azure.cli.core.azclierror import AzCLIError
from fuzz_counter import ACCEPTED, COUNTS, CURRENT


def counted(test):
    """Count every example Hypothesis runs through ``test`` (reported at the end of the session)."""
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        COUNTS[test.__name__] += 1
        CURRENT[0] = test.__name__
        return test(*args, **kwargs)
    return wrapper


def outcome(call, *args, **kwargs):
    """Run ``call``; return (result, None) or (None, error) for a typed CLI error; anything else fails."""
    try:
        result = call(*args, **kwargs)
    except AzCLIError as err:
        assert isinstance(err.error_msg, str) and err.error_msg.strip(), "empty error message"
        assert err.recommendations, f"no recommendation for: {err.error_msg}"
        return None, err
    ACCEPTED[CURRENT[0]] += 1
    return result, None
