"""Helpers for the command-line tests (imported as `cli_helpers`)."""

from __future__ import annotations

import orjson

HOSTILE_TITLES = ["[bold]x", "[/]", "[link=file:///etc/passwd]y", "[red]红色[/red] {name} %s",
                  "长" * 120]
HOSTILE_IDS = ["bold", "close-tag", "link", "mixed", "long-cjk"]


def assert_user_error(result, *fragments: str, code: int = 1) -> None:
    """Exit `code`, `huddle: …` on stderr containing every fragment, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if code == 1:
        assert result.stderr.startswith("huddle: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def task_ids(result) -> list[str]:
    return [t["id"] for t in orjson.loads(result.stdout)]
