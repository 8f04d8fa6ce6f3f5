"""`python -m tui.cli …`: the same as the `huddle` command."""

from tui.cli import main

main()
