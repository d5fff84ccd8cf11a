"""Command-line conventions shared by the tools.

Bad input exits with status 2 and one line on stderr that names the problem
and what is accepted, never a traceback: UsageError carries that line.
"""

import sys


class UsageError(Exception):
    """Bad input: the message is the one line the user sees (exit status 2)."""


def fail(tool, message, status=2):
    """Print "tool: message" on stderr and exit with status."""
    print(f"{tool}: {message}", file=sys.stderr)
    sys.exit(status)


def parse_options(argv, valued, flags, accepted):
    """Our own small parser, so that every error is one line naming the option.

    argparse would print a usage block and its own wording. Options with a
    value take it as "--name VALUE" or "--name=VALUE"; a following word that
    starts with "--" is never taken as a value (it is the next option). A
    value may be repeated: every option maps to the list of its values, a
    flag to True. Everything after "--" is returned as is.
    """
    options = {}
    rest = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest = argv[i + 1:]
            break
        name, has_value, inline = arg.partition("=")
        if name in flags:
            if has_value:
                raise UsageError(f"{name} takes no value (accepted: {name} alone)")
            options[name] = True
            i += 1
        elif name in valued:
            if has_value:
                value = inline
                i += 1
            elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                value = argv[i + 1]
                i += 2
            else:
                raise UsageError(f"{name} needs a value (accepted: {name} VALUE or {name}=VALUE)")
            options.setdefault(name, []).append(value)
        else:
            raise UsageError(f"unknown option '{arg}' (accepted: {accepted})")
    return options, rest


def last(options, name, default=None):
    """The last value given for an option (a later one wins, as in most tools)."""
    values = options.get(name)
    return values[-1] if values else default


def whole_number(text, name, low, high):
    """A whole number in [low, high], or a UsageError naming the option."""
    if not text.isdigit() or not low <= int(text) <= high:
        raise UsageError(f"{name} '{text}' is not a whole number in range (accepted: {low}..{high})")
    return int(text)


def positive_seconds(text, name, high):
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= high:  # also refuses nan
        raise UsageError(f"{name} '{text}' is not a duration (accepted: seconds, 0 < S <= {high:g})")
    return value
