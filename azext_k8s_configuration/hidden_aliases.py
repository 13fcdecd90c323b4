"""Option names az accepts but help does not list in its option column: Microsoft's long synonyms.

knack lays the help of a command out in two columns, the option names (all of an option's names on one line) and
the description; the description starts after the longest names line of the page. A 96-character line of synonyms
left a description column of a few characters (a page of 2,000 lines). knack leaves out of that column any option
string whose ``deprecate_info`` says not to show it in help (knack's help.py, CommandHelpFile._add_parameter_help,
the same in the knack of az 2.70 and 2.91); az's parser still accepts it. Unlike az's ``c.deprecate(hide=True)``,
which does the same through knack's Deprecated, nothing is printed when the name is used: knack adds its warning
only for Deprecated instances (knack's arguments.py, _handle_deprecations), and scripts written for Microsoft's
tools must run unchanged, stderr included. The option's help text names the hidden names instead (``also_accepted``).

Imports nothing: _params.py reads it when az asks for a command's options.
"""


class _NotInHelp:
    """The ``deprecate_info`` of a hidden name: knack asks it only whether to show the name in help."""
    tag = ""
    message = ""

    @staticmethod
    def show_in_help():
        return False

    @staticmethod
    def expired():
        return False

    def __repr__(self):
        return "not shown in help"


class HiddenAlias(str):
    """An option name (a str, as argparse wants it) that help leaves out of the option column."""
    deprecate_info = _NotInHelp()


def options_list(shown, hidden=()):
    """The ``options_list`` of an option: the names help lists, then the hidden ones."""
    return [*shown, *(HiddenAlias(name) for name in hidden)]


def also_accepted(hidden):
    """The sentence an option's help ends with to name its hidden names ("" when there are none)."""
    return " Also accepted: {}.".format(", ".join(hidden)) if hidden else ""
