"""Every character a command prints reaches the terminal escaped (store.core.text_safety.visible).

Commands print through click.echo, print_table, print_json and click's own messages (usage
errors quote the arguments as given). Rather than trust each of those call sites, a command
runs with `sys.stdout` and `sys.stderr` replaced by `VisibleText` streams
(`HuddleGroup.main` in tui/cli/group.py; the fast path, tui/cli/fast_path.py): whatever is
written as text goes through `visible()`. That is complete by construction for text:

- click.echo writes to `sys.stdout` / `sys.stderr` as they are when it runs; it would wrap
  the stream's binary buffer instead only if the stream had an ASCII encoding *and* a
  `buffer`, and `VisibleText` has no `buffer`;
- bytes cannot slip through: `write` refuses them, so click treats the stream as text;
- the app does not draw through these streams (Textual writes to `sys.__stderr__`).

What is deliberately not escaped: a file's exact bytes on standard output (`huddle export
ics > team.ics` keeps its CRLF line ends), written with `data_output()`.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import BinaryIO, Iterator, TextIO

from store.core.text_safety import visible


class VisibleText:
    """A text stream that writes through to `target` with control characters escaped."""

    def __init__(self, target: TextIO) -> None:
        self.unescaped = target

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # also tells click this is a text stream
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.unescaped.write(visible(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.unescaped.flush()

    def isatty(self) -> bool:
        return self.unescaped.isatty()

    def fileno(self) -> int:
        return self.unescaped.fileno()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self.unescaped.closed

    @property
    def encoding(self) -> str:
        return self.unescaped.encoding

    @property
    def errors(self) -> str | None:
        return getattr(self.unescaped, "errors", None)

    @property
    def name(self) -> str:
        return getattr(self.unescaped, "name", "<stdout>")


@contextmanager
def visible_output() -> Iterator[None]:
    """Run a command with stdout and stderr escaping what they print."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, VisibleText) and sys.stdout is not None:
        sys.stdout = VisibleText(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, VisibleText) and sys.stderr is not None:
        sys.stderr = VisibleText(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def data_output() -> BinaryIO:
    """Standard output's binary stream, for a file's exact bytes (after flushing the text)."""
    out = sys.stdout
    out.flush()
    raw = out.unescaped if isinstance(out, VisibleText) else out
    return raw.buffer  # type: ignore[union-attr]


def echo(text: str) -> None:
    """`click.echo(text)` for a command the fast path runs (tui/cli/fast_path.py): the same
    characters, without importing click. Text with an escape character goes to click itself,
    which strips ANSI sequences when the output is not a terminal."""
    if "\x1b" in text:
        import click  # lazy: the fast path runs without click
        click.echo(text)
        return
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
