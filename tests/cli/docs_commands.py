"""Every `huddle …` command that README.md and docs/*.md show, found for the docs test
(tests/cli/test_docs_commands.py): in code blocks (one command a line) and inline code.

A mention is **syntax** when it has placeholders (`ID`, `FILE`, `[--json]`, `add|edit`, `…`):
the test checks the commands and options it names exist and that it names every required
option. Otherwise it is **concrete**: the test runs it on a demo workspace."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
TOP_OPTIONS = {"--workspace", "--lang", "--as", "-h", "--help"}
_BLOCK = re.compile(r"^[ \t]*```([^\n]*)\n(.*?)^[ \t]*```", re.S | re.M)
_INLINE = re.compile(r"`([^`\n]*)`")
# `huddle` as a program: at the start, after a space, `(`, or at the end of a bin/ path
_PROGRAM = re.compile(r"(?:^|(?<=[\s(]))(?:\S*/bin/)?huddle(?=\s|$)")
_STOP = re.compile(r"\s(?:#|>>?|2>|\|\s|&&)|;|\s\|$")
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_\-.]*(?:…|\.\.\.)?$|…|\.\.\.|^\[|\]$|^<|\|")


@dataclass(frozen=True)
class Mention:
    doc: str
    line: int
    text: str          # from `huddle` on
    block: int | None  # the code block it is in (None: inline)

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"

    @property
    def args(self) -> list[str] | None:
        """The words after `huddle` (None when the quoting cannot be read)."""
        try:
            return shlex.split(self.text)[1:]
        except ValueError:
            return None

    @property
    def syntax(self) -> bool:
        args = self.args
        return args is None or any(_PLACEHOLDER.search(a) for a in args)


def mentions(known: set[str]) -> list[Mention]:
    """Every mention whose first word after `huddle` is a command in `known`, an option, or
    nothing (a plain `huddle` opens the app)."""
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        blocks = [(m.start(2), m.end(2)) for m in _BLOCK.finditer(text)]
        for number, (start, end) in enumerate(blocks):
            for offset, line in _lines(text, start, end):
                found += _in_line(path, text, offset, line, known, number)
        outside = _BLOCK.sub(lambda m: " " * len(m.group()), text)
        for m in _INLINE.finditer(outside):  # `a\|b` in a table cell is `a|b`
            found += _in_line(path, text, m.start(1), m.group(1).replace("\\|", "|"), known,
                              None)
    return found


def _lines(text: str, start: int, end: int):
    offset = start
    for line in text[start:end].splitlines(keepends=True):
        yield offset, line.rstrip("\n")
        offset += len(line)


def _in_line(path: Path, text: str, offset: int, line: str, known: set[str],
             block: int | None) -> list[Mention]:
    found = []
    for m in _PROGRAM.finditer(line):
        rest = line[m.start():]
        stop = _STOP.search(rest)
        command = (rest[:stop.start()] if stop else rest).strip().rstrip(",.:")
        while command.endswith(")") and command.count(")") > command.count("("):
            command = command[:-1]  # the closing parenthesis of the sentence around it
        command = re.sub(r"^\S*/bin/huddle", "huddle", command)
        words = command.split()
        first = words[1] if len(words) > 1 else None
        if first is None and (block is None or line[:m.start()].strip()):
            continue  # "huddle" not as a command line of its own: a group name, a path
        if first is not None and first not in known and first.split("|")[0] not in known \
                and first not in TOP_OPTIONS and not first.startswith("[--"):
            continue  # `chgrp huddle /srv/huddle`, `usermod -aG huddle alice`
        number = text.count("\n", 0, offset + m.start()) + 1
        found.append(Mention(path.name, number, command, block))
    return found
