"""Confirmation prompts: --yes skips them; without a terminal they fail with a typed error, not a traceback."""
from azure.cli.core.azclierror import ArgumentUsageError, ManualInterrupt


def confirm(question, yes=False):
    """Ask `question` (y/n) unless --yes was given. 'n' cancels the command (nothing is sent)."""
    if yes:
        return
    from knack.prompting import NoTTYException, prompt_y_n
    try:
        accepted = prompt_y_n(question)
    except NoTTYException:
        raise ArgumentUsageError(f"{question} Cannot ask for confirmation: no terminal is attached.",
                                 "Pass --yes to confirm non-interactively.") from None
    if not accepted:
        raise ManualInterrupt("Cancelled: nothing was changed.")
