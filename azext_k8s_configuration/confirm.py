"""Confirmation prompts: --yes skips them, and so does az's own `core.disable_confirm_prompt` setting (as in the
rest of az: `az config set core.disable_confirm_prompt=true`). Without a terminal, ``confirm`` fails with a typed
error that says to pass --yes, not a traceback; ``confirm_if_attended`` goes on (the warnings printed before it
have said what happens), for commands that Microsoft's tool runs without asking, so that its scripts still run."""
from azure.cli.core.azclierror import ArgumentUsageError, ManualInterrupt

PROMPTS_OFF = ("core", "disable_confirm_prompt")


def confirm(cmd, question, yes=False):
    """Ask `question` (y/n) unless --yes was given or prompts are off. 'n' cancels the command (nothing is sent)."""
    if not _ask(cmd, question, yes):
        raise ArgumentUsageError(f"{question} Cannot ask for confirmation: no terminal is attached.",
                                 "Pass --yes to confirm non-interactively (or set `az config set "
                                 "core.disable_confirm_prompt=true` for every command).")


def confirm_if_attended(cmd, question, yes=False):
    """As ``confirm`` when a terminal is attached; without one, go on without asking."""
    _ask(cmd, question, yes)


def _ask(cmd, question, yes):
    """True once confirmed (or not to be asked), False when no terminal is attached; 'n' raises ManualInterrupt."""
    if yes or cmd.cli_ctx.config.getboolean(*PROMPTS_OFF, fallback=False):
        return True
    from knack.prompting import NoTTYException, prompt_y_n
    try:
        accepted = prompt_y_n(question)
    except NoTTYException:
        return False
    if not accepted:
        raise ManualInterrupt("Cancelled: nothing was changed.")
    return True
