"""Confirmation prompts: --yes skips them, and so does az's own `core.disable_confirm_prompt` setting (as in the
rest of az: `az config set core.disable_confirm_prompt=true`); without a terminal they fail with a typed error
that says to pass --yes, not a traceback."""
from azure.cli.core.azclierror import ArgumentUsageError, ManualInterrupt

PROMPTS_OFF = ("core", "disable_confirm_prompt")


def confirm(cmd, question, yes=False):
    """Ask `question` (y/n) unless --yes was given or prompts are off. 'n' cancels the command (nothing is sent)."""
    if yes or cmd.cli_ctx.config.getboolean(*PROMPTS_OFF, fallback=False):
        return
    from knack.prompting import NoTTYException, prompt_y_n
    try:
        accepted = prompt_y_n(question)
    except NoTTYException:
        raise ArgumentUsageError(f"{question} Cannot ask for confirmation: no terminal is attached.",
                                 "Pass --yes to confirm non-interactively (or set `az config set "
                                 "core.disable_confirm_prompt=true` for every command).") from None
    if not accepted:
        raise ManualInterrupt("Cancelled: nothing was changed.")
