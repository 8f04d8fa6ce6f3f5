"""`huddle kb …`: the knowledge base (知识库, SPEC §7): search, show, add, edit, tag."""

from __future__ import annotations

import click

from store.kb import entries as kb
from store.people import members as people
from store.core.i18n import tr

from .common import print_json, print_table, read_utf8, session, workspace_options
from .task_cmds import clip, print_fields


def entry_json(entry: dict, body: bool = False) -> dict:
    """The stable --json shape of an entry (documented in docs/onboarding.md)."""
    data = {"id": entry["id"], "title": entry["title"], "kind": entry["kind"],
            "tags": list(entry.get("tags", [])), "source": entry.get("source"),
            "version": entry["version"], "created_at": entry["created_at"],
            "created_by": entry["created_by"], "updated_at": entry["updated_at"],
            "updated_by": entry["updated_by"]}
    if "match" in entry:
        data["match"] = entry["match"]
        data["snippet"] = entry["snippet"]
    if body:
        data["body"] = entry["body"]
    return data


def parse_source(value: str | None) -> dict | None:
    """"project:3" or "incident:INC-2" → {"kind": …, "id": …}."""
    if not value:
        return None
    kind, sep, ident = value.partition(":")
    if not sep or kind not in ("project", "incident") or not ident.strip():
        raise click.BadParameter(tr("use project:ID or incident:ID"), param_hint="--source")
    ident = ident.strip()
    return {"kind": kind, "id": int(ident) if ident.isdigit() else ident}


def print_entries(ws, items: list[dict], with_snippet: bool = False) -> None:
    headers = [tr("ID"), tr("Kind"), tr("Title"), tr("Tags"), tr("Source"), tr("Updated")]
    rows = [[f"K{e['id']}", tr(kb.KIND_LABELS[e["kind"]]), clip(e["title"], 40),
             clip(", ".join(e.get("tags", [])), 24), kb.source_label(e.get("source")),
             e["updated_at"][:10]] for e in items]
    if with_snippet:
        headers.append(tr("Found in"))
        for row, entry in zip(rows, items):
            row.append(clip(entry["snippet"], 40) if "body" in entry["match"] else
                       ", ".join(tr(m) for m in entry["match"]))
    print_table(rows, headers)


@click.group("kb")
def kb_group() -> None:
    """Knowledge base: search, show, add, edit, tag."""


@kb_group.command("search")
@click.argument("words", nargs=-1, required=True, metavar="TEXT")
@click.option("--kind", type=click.Choice(kb.KINDS), default=None, help="Only this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def kb_search(words: tuple[str, ...], kind: str | None, as_json: bool) -> None:
    """Find entries whose title, tags or body hold every word of TEXT."""
    ws = session().open()
    found = kb.search(ws, " ".join(words), kind=kind)
    if as_json:
        print_json([entry_json(e) for e in found])
        return
    if not found:
        click.echo(tr("Nothing found."))
        return
    print_entries(ws, found, with_snippet=True)


@kb_group.command("list")
@click.option("--kind", type=click.Choice(kb.KINDS), default=None, help="Only this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def kb_list(kind: str | None, as_json: bool) -> None:
    """Every entry, the most recently changed first."""
    ws = session().open()
    found = sorted(kb.list_entries(ws, kind), key=lambda e: (e["updated_at"], e["id"]),
                   reverse=True)
    if as_json:
        print_json([entry_json(e) for e in found])
        return
    print_entries(ws, found)


@kb_group.command("show")
@click.argument("entry_id", metavar="ID")
@click.option("--version", "version", type=int, default=None, help="An older version (1 = first).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def kb_show(entry_id: str, version: int | None, as_json: bool) -> None:
    """Show an entry and its Markdown body, e.g. `huddle kb show 4`."""
    ws = session().open()
    entry = kb.get_entry(ws, entry_id)
    if version is not None:
        old = kb.get_version(entry, version)
        entry = {**entry, "body": old["body"], "title": old.get("title", entry["title"])}
    if as_json:
        data = entry_json(entry, body=True)
        data["versions"] = [{"n": i, "at": v["at"], "by": v["by"]}
                            for i, v in enumerate(entry["versions"], 1)]
        print_json(data)
        return
    shown = version or entry["version"]
    print_fields([
        (tr("Entry"), f"K{entry['id']}"),
        (tr("Title"), entry["title"]),
        (tr("Kind"), tr(kb.KIND_LABELS[entry["kind"]])),
        (tr("Tags"), ", ".join(entry.get("tags", []))),
        (tr("Source"), kb.source_label(entry.get("source"))),
        (tr("Version"), tr("{n} of {total}, {at} by {who}", n=shown, total=entry["version"],
                           at=entry["versions"][shown - 1]["at"],
                           who=people.display_name(ws, entry["versions"][shown - 1]["by"]))),
    ])
    click.echo("")
    click.echo(entry["body"])


@kb_group.command("add")
@click.option("--title", required=True, help="The entry's title.")
@click.option("--kind", type=click.Choice(kb.KINDS), default="page", show_default=True)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--source", default=None, metavar="project:ID|incident:ID",
              help="Where the entry comes from.")
@click.argument("file", metavar="FILE.md")
@workspace_options
def kb_add(title: str, kind: str, tags: tuple[str, ...], source: str | None, file: str) -> None:
    """Archive FILE.md ("-" for standard input) as a new entry; prints its id."""
    src = parse_source(source)
    ws = session().open()
    entry = kb.add_entry(ws, title, kind, read_utf8(file), tags=list(tags), source=src)
    click.echo(f"K{entry['id']}")


@kb_group.command("edit")
@click.argument("entry_id", metavar="ID")
@click.argument("file", metavar="FILE.md")
@click.option("--title", default=None, help="A new title.")
@workspace_options
def kb_edit(entry_id: str, file: str, title: str | None) -> None:
    """Save FILE.md as the entry's new version (the old versions are kept)."""
    ws = session().open()
    entry = kb.save_version(ws, entry_id, read_utf8(file), title=title)
    click.echo(tr("K{id} is now at version {n}", id=entry["id"], n=entry["version"]))


@kb_group.command("tag")
@click.argument("entry_id", metavar="ID")
@click.argument("tags", nargs=-1)
@workspace_options
def kb_tag(entry_id: str, tags: tuple[str, ...]) -> None:
    """Replace the entry's tags (none given: remove them all)."""
    ws = session().open()
    entry = kb.set_tags(ws, entry_id, list(tags))
    click.echo(", ".join(entry["tags"]))


def register(cli: click.Group) -> None:
    cli.add_command(kb_group)
