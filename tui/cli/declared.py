"""Commands declared once, for click and for the fast path (tui/cli/fast_path.py).

A `Declared` command lists its arguments and options as data. `click_params` turns them into
click's decorators, so the click command (its `--help`, its usage errors) is built from the
declaration; `parse` reads a command line with the same declaration for the fast path, and
only a plain one: anything click might read otherwise — `--help`, an unknown or repeated
option, `--`, a value that begins with `-`, a flag given a value, a missing or extra
argument, a missing required option — returns None, and click runs the command instead, with
its own messages and exit codes. So the two paths cannot drift: they read the same
declaration, and the fast one gives up where it would have to judge.
"""

from __future__ import annotations

from typing import Callable

_UNSET = object()  # an option declared without a default: click's own default (None)


# Plain classes, not dataclasses: making a dataclass costs an `exec`, and these load in
# every fast command's process.
class Arg:
    def __init__(self, name: str, metavar: str) -> None:
        self.name = name
        self.metavar = metavar


class Opt:
    def __init__(self, flag: str, dest: str, *, required: bool = False,
                 default: object = _UNSET, metavar: str | None = None,
                 help: str | None = None, is_flag: bool = False) -> None:
        self.flag = flag  # "--done"
        self.dest = dest  # the callback's parameter
        self.required = required
        self.default = default
        self.metavar = metavar
        self.help = help
        self.is_flag = is_flag

    def absent(self) -> object:
        """The value when the option is not given, as click passes it."""
        if self.is_flag:
            return False
        return None if self.default is _UNSET else self.default

    def click_decorator(self):
        import click  # lazy: the fast path runs without click
        kwargs: dict = {"required": self.required} if self.required else {}
        if self.default is not _UNSET:
            kwargs["default"] = self.default
        if self.metavar is not None:
            kwargs["metavar"] = self.metavar
        if self.is_flag:
            kwargs["is_flag"] = True
        return click.option(self.flag, self.dest, help=self.help, **kwargs)


# --workspace DIR and --as LOGIN, as common.workspace_options declares them for click (and the
# group for itself); tests/cli/test_cli_fast_path.py holds the two to the same names.
WORKSPACE_OPTIONS = (Opt("--workspace", "workspace"), Opt("--as", "as_login"))
JSON = Opt("--json", "as_json", is_flag=True, help="Print the record as JSON.")


class Declared:
    def __init__(self, path: tuple[str, ...], arguments: tuple[Arg, ...],
                 options: tuple[Opt, ...], *, workspace: bool = True) -> None:
        self.path = path  # ("task", "update")
        self.arguments = arguments
        self.options = options
        self.workspace = workspace  # takes --workspace and --as (common.workspace_options)

    def click_params(self, fn: Callable) -> Callable:
        """Decorate a click callback with the declared parameters, in the declared order
        (then --workspace and --as), as the same stack of decorators written out would."""
        import click  # lazy: the fast path runs without click

        from .common import workspace_options
        if self.workspace:
            fn = workspace_options(fn)
        for opt in reversed(self.options):
            fn = opt.click_decorator()(fn)
        for arg in reversed(self.arguments):
            fn = click.argument(arg.name, metavar=arg.metavar)(fn)
        return fn

    def parse(self, tokens: list[str]) -> dict[str, object] | None:
        """The callback's keyword arguments (and `workspace`/`as_login`) from the tokens after
        the command's name; None wherever click should read them instead (module docstring)."""
        options = {opt.flag: opt for opt in self.options}
        if self.workspace:
            options.update((opt.flag, opt) for opt in WORKSPACE_OPTIONS)
        values: dict[str, object] = {}
        positional: list[str] = []
        at = 0
        while at < len(tokens):
            token = tokens[at]
            at += 1
            if not token.startswith("-") or token == "-":
                positional.append(token)
                continue
            flag, equals, value = token.partition("=")
            opt = options.get(flag)
            if opt is None or opt.dest in values:
                return None
            if opt.is_flag:
                if equals:
                    return None
                values[opt.dest] = True
                continue
            if not equals:
                if at == len(tokens) or tokens[at].startswith("-"):
                    return None
                value = tokens[at]
                at += 1
            values[opt.dest] = value
        if len(positional) != len(self.arguments):
            return None
        for opt in options.values():
            if opt.dest not in values:
                if opt.required:
                    return None
                values[opt.dest] = opt.absent()
        values.update((arg.name, value) for arg, value in zip(self.arguments, positional))
        return values
