"""Reading the file behind a ``--...-file`` option, with errors that name the option and the path."""
import os

from azure.cli.core.azclierror import FileOperationError, InvalidArgumentValueError


def read_file_bytes(path, option):
    """Return the content of ``path``; missing, unreadable, directory or empty -> typed error."""
    if path is None or not str(path).strip():
        raise InvalidArgumentValueError(f"{option} needs a file path.", f"Pass {option} PATH.")
    full = os.path.expanduser(str(path))
    if not os.path.exists(full):
        raise FileOperationError(f"{option}: file '{path}' does not exist.",
                                 "Check the path (relative paths start from the current directory).")
    if os.path.isdir(full):
        raise FileOperationError(f"{option}: '{path}' is a directory, not a file.", "Pass the path of a file.")
    try:
        with open(full, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise FileOperationError(
            f"{option}: cannot read file '{path}': {err.strerror or err}.", "Check the file's permissions.") from None
    if not data.strip():
        raise InvalidArgumentValueError(f"{option}: file '{path}' is empty.",
                                        "Pass a file that holds the content the option expects.")
    return data

