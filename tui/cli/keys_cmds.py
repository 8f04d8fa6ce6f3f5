"""`huddle keys [--json]`: every key binding of the app with the keys it has for you.

The keys are Huddle's defaults, remapped by your keymap.toml (tui/keymap.py:
`~/.config/huddle/keymap.toml`, or $HUDDLE_KEYMAP). A bad entry of that file is
reported on stderr with its line and left out, as the app does; the command
still lists the effective keys and exits 0. Needs no workspace.
"""

from __future__ import annotations

import click

from store.core.i18n import tr

from .common import print_json, print_table


@click.command("keys")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def keys_command(as_json: bool) -> None:
    """The app's key bindings: id, keys (after your keymap.toml), description."""
    # lazy: start-up time (the keymap imports every screen: only when asked)
    from ..keymap import effective_keys, load_keymap

    keymap, problems, path = load_keymap()
    for problem in problems:
        click.echo(f"huddle: {problem.describe(path)}", err=True)
    rows = effective_keys(keymap)
    if as_json:
        print_json({"keymap_file": str(path), "exists": path.exists(),
                    "problems": [{"line": p.line, "message": p.message} for p in problems],
                    "bindings": rows})
        return
    click.echo(tr("Keymap file: {path}", path=path)
               + ("" if path.exists() else "  " + tr("(none: the default keys)")))
    print_table([[row["id"], ",".join(row["keys"]) + (" *" if row["remapped"] else ""),
                  row["description"]] for row in rows],
                [tr("Binding id"), tr("Keys"), tr("What it does")])
    if any(row["remapped"] for row in rows):
        click.echo(tr("* remapped by the keymap file"))


def register(cli: click.Group) -> None:
    cli.add_command(keys_command)
