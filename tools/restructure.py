"""Move store modules into packages and rewrite every reference to them (issue 12).

    python tools/restructure.py            # move, rewrite, compile every file, report
    python tools/restructure.py --dry-run  # only report what it would do

Replayable: run it on any tree (main after other branches were merged) and commit
the result as one pure move. It is safe to run twice: a module already at its new
place is left there, and a reference already rewritten is not rewritten again.

What it does, in order:
1. `git mv` every module of MAPPING that is still at its old place (through a
   temporary name, since `store/people.py` becomes the package `store/people/`),
   and writes each new package's `__init__.py` (PACKAGES) if it is missing.
2. Rewrites, in every .py file under REWRITE_ROOTS, each import statement (found
   with `ast`; module-level and inside functions; absolute `from store.x import`,
   `import store.x`, `from store import x`, relative `from .x import`,
   `from ..x import`) whose target moved, and each relative import of a moved file
   (its level changes even when its target stayed). Relative imports stay relative,
   absolute stay absolute.
3. Rewrites dotted names and paths elsewhere (strings such as
   `importlib.import_module("store.x")` or monkeypatch targets `"store.x.fn"`,
   `store.x.fn` after `import store.x`, comments, docstrings, and the Markdown /
   TOML text): `store.x` -> `store.pkg.y`, `store/x.py` -> `store/pkg/y.py`. A name
   that already starts with an existing module (`store.people.members.get_member`)
   is left alone, which is what makes a second run a no-op.
4. Compiles every rewritten file and prints what it could not handle.
5. Prints the top-level store modules that MAPPING does not name (new modules
   merged from other branches): add each to MAPPING (or to KEEP) and run again.

Modules not in MAPPING stay where they are; their imports of moved modules are
rewritten like any other file's.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# old dotted module -> new dotted module. Only modules (files), never packages.
MAPPING: dict[str, str] = {
    # the persistence core: knows no domain (see docs/architecture.md)
    "store.storage": "store.core.storage",
    "store.shard_lock": "store.core.shard_lock",
    "store.shard_commit": "store.core.shard_commit",
    "store.shard_heads": "store.core.shard_heads",
    "store.tinydb_views": "store.core.tinydb_views",
    "store.workspace": "store.core.workspace",
    "store.clock": "store.core.clock",
    "store.errors": "store.core.errors",
    "store.i18n": "store.core.i18n",
    "store.identity": "store.core.identity",
    "store.damage": "store.core.damage",
    "store.text_safety": "store.core.text_safety",
    "store.validate": "store.core.validate",
    "store.integrity": "store.core.integrity",
    "store.backup": "store.core.backup",
    # people and settings
    "store.people": "store.people.members",
    "store.settings": "store.people.settings",
    "store.preferences": "store.people.preferences",
    "store.who": "store.people.who",
    "store.workdays": "store.people.workdays",
    # cross-department projects (SPEC §1)
    "store.projects": "store.projects.project",
    "store.tasks": "store.projects.tasks",
    "store.plan": "store.projects.plan",
    "store.progress": "store.projects.progress",
    "store.delays": "store.projects.delays",
    "store.project_issues": "store.projects.issues",
    "store.resources": "store.projects.resources",
    "store.deliverables": "store.projects.deliverables",
    "store.retro": "store.projects.retro",
    "store.project_flow": "store.projects.flow",
    "store.kickoff": "store.projects.kickoff",
    "store.publication": "store.projects.publication",
    "store.lagging": "store.projects.lagging",
    "store.project_roles": "store.projects.roles",
    "store.project_reminders": "store.projects.reminder_rules",
    "store.my_work": "store.projects.my_work",
    # the incident war room (SPEC §2)
    "store.incidents": "store.warroom.incidents",
    "store.incident_core": "store.warroom.records",
    "store.incident_sla": "store.warroom.sla",
    "store.incident_reports": "store.warroom.reports",
    # meetings: standup, minutes, routine sync
    "store.standup": "store.meetings.standup",
    "store.standup_meetings": "store.meetings.standup_meetings",
    "store.minutes": "store.meetings.minutes",
    "store.routines": "store.meetings.routines",
    # onboarding (SPEC §4)
    "store.onboarding": "store.onboarding.checklists",
    "store.onboarding_templates": "store.onboarding.templates",
    "store.hostcheck": "store.onboarding.hostcheck",
    # knowledge base, customers
    "store.kb": "store.kb.entries",
    "store.customers": "store.customers.requests",
    # reminders: the record, schedules, the engine and the registry
    "store.reminders": "store.reminders.model",
    "store.schedules": "store.reminders.schedules",
    "store.reminder_engine": "store.reminders.engine",
    "store.domains": "store.reminders.registry",
    # interop: Taskwarrior, iCalendar
    "store.taskwarrior": "store.interop.taskwarrior",
    "store.exports.ics": "store.interop.ics",
    # words, not records: one label table per kind, one Markdown builder (escaping rule)
    "store.exports.labels": "store.labels",
    "store.exports.md": "store.core.markdown",
    # modules merged into main from other branches after the first plan (wip-plans,
    # wip-rules, wip-zh-content); a module missing from the tree is reported, not an error
    "store.counts": "store.core.counts",
    "store.punctuation": "store.core.punctuation",
    "store.relative_time": "store.core.relative_time",
    "store.team_language": "store.people.team_language",
    "store.kb_terms": "store.kb.terms",
    "store.lateness": "store.core.lateness",
    "store.plan_engine": "store.projects.plan_engine",
    "store.signoff": "store.projects.signoff",
    "store.standup_history": "store.meetings.standup_history",
}

# Top-level store modules that stay where they are on purpose.
KEEP: set[str] = {"store", "store.topics"}  # store.topics: change topics, above the domain

# Docstrings of the packages the moves create.
PACKAGES: dict[str, str] = {
    "store.core": "The persistence core: shards, locks, atomic commits, the parse cache, heads,\n"
                  "the change feed, the clock, errors and i18n. Imports nothing from the domain.",
    "store.people": "People and settings: members, departments, admins, the workspace's settings,\n"
                    "per-user preferences and the working-day calendar.",
    "store.projects": "Cross-department projects (SPEC §1): request, tasks, plan, progress, delays,\n"
                      "issues, resources, delivery, retrospective and their timed rules.",
    "store.warroom": "The incident war room (SPEC §2).",
    "store.meetings": "Meetings: the daily standup, minutes and routine sync.",
    "store.onboarding": "New-hire onboarding (SPEC §4): checklists, templates, host checks.",
    "store.kb": "The knowledge base (知识库).",
    "store.customers": "Customer requests (SPEC §5).",
    "store.reminders": "Reminders (SPEC §6): the record, schedules, the engine and the registry\n"
                       "of providers (the one module that imports every domain package).",
    "store.interop": "Interop with other tools: Taskwarrior and iCalendar.",
}

# Where Python files are rewritten, and which other text files name modules.
REWRITE_ROOTS = ("store", "tui", "themes", "tests", "bench", "docs", "tools")
TEXT_FILES = ("README.md", "pyproject.toml", "docs/*.md", ".ci/*")
SKIP_DIRS = {".venv", "__pycache__", ".git", "node_modules"}
THIS = Path(__file__).resolve()


def module_path(root: Path, dotted: str) -> Path:
    return root.joinpath(*dotted.split(".")).with_suffix(".py")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def python_files(root: Path) -> list[Path]:
    found = []
    for top in REWRITE_ROOTS:
        for path in sorted((root / top).rglob("*.py")):
            if not SKIP_DIRS.intersection(path.relative_to(root).parts) and path.resolve() != THIS:
                found.append(path)
    return found


def existing_modules(root: Path) -> set[str]:
    return {module_name(root, p) for p in python_files(root)}


# -- 1. moves ------------------------------------------------------------------

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def tracked(root: Path, path: Path) -> bool:
    out = subprocess.run(["git", "ls-files", "--error-unmatch", str(path.relative_to(root))],
                         cwd=root, capture_output=True)
    return out.returncode == 0


def move(root: Path, src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if tracked(root, src):
        git(root, "mv", str(src.relative_to(root)), str(dst.relative_to(root)))
    else:
        src.rename(dst)


def do_moves(root: Path, dry_run: bool) -> dict[Path, str]:
    """Moves what is still at its old place; returns {new path: old module name}."""
    moved: dict[Path, str] = {}
    pending = []
    for old, new in MAPPING.items():
        src, dst = module_path(root, old), module_path(root, new)
        if src.exists() and dst.exists():
            print(f"conflict: both {src.relative_to(root)} and {dst.relative_to(root)} exist; "
                  f"left as they are")
        elif src.exists():
            pending.append((old, src, dst))
        elif not dst.exists():
            print(f"not in this tree: {old} (neither {src.relative_to(root)} nor "
                  f"{dst.relative_to(root)}); nothing to move")
    for old, src, dst in pending:
        print(f"move: {src.relative_to(root)} -> {dst.relative_to(root)}")
        moved[dst] = old
    if dry_run:
        return moved
    staging = root / "store" / "_restructure_tmp"
    for index, (old, src, dst) in enumerate(pending):   # out of the way first: a file may
        move(root, src, staging / f"m{index}.py")          # become a package of the same name
    for index, (old, src, dst) in enumerate(pending):
        move(root, staging / f"m{index}.py", dst)
    if staging.exists():
        staging.rmdir()
    for package, doc in PACKAGES.items():
        init = root.joinpath(*package.split(".")) / "__init__.py"
        if init.parent.exists() and not init.exists():
            init.write_text(f'"""{doc}"""\n', encoding="utf-8")
            git(root, "add", str(init.relative_to(root)))
            print(f"create: {init.relative_to(root)}")
    return moved


# -- 2. import statements --------------------------------------------------------

def resolve(current: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute module a (relative) import names, from the importing module's name."""
    if not level:
        return module or ""
    parts = current.split(".") if is_package else current.split(".")[:-1]
    base = parts[:len(parts) - level + 1]
    return ".".join(base + ([module] if module else []))


def relative(current: str, is_package: bool, target: str) -> tuple[int, str]:
    """(level, module) of the shortest relative import of `target` from `current`."""
    here = current.split(".") if is_package else current.split(".")[:-1]
    there = target.split(".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return len(here) - common + 1, ".".join(there[common:])


MOVED_NOW: set[str] = set()   # old names whose file this run moved
MODULES: set[str] = set()     # every module of the tree once the files are in place


def renamed(name: str) -> str:
    """The new name of a module, or of anything inside it (`store.x.fn`).

    A name already inside an existing module (`store.people.members.fn`) stays: it
    was written for the new layout. An old module's exact name that is now a package
    (`store.people`) is renamed only when this run moved it: on a second run it
    names the package."""
    for old in sorted(MAPPING, key=len, reverse=True):
        if name == old:
            return MAPPING[old] if old in MOVED_NOW or name not in MODULES else name
        if name.startswith(old + "."):
            pieces = name.split(".")
            for n in range(len(old.split(".")) + 1, len(pieces) + 1):
                if ".".join(pieces[:n]) in MODULES:
                    return name
            return MAPPING[old] + name[len(old):]
    return name


def format_from(indent: str, level: int, module: str, names: list[str], comment: str = "") -> str:
    """`from module import names`, wrapped at 99 columns under the opening parenthesis."""
    head = f"{indent}from {'.' * level}{module} import "
    tail = f"  {comment}" if comment else ""
    line = head + ", ".join(names)
    if len(line + tail) <= 99:
        return line + tail
    lines, current = [], head + "("
    if comment:   # the comment stays on the line of the parenthesis
        lines, current = [head + "(" + tail], " " * len(head + "(")
    for i, name in enumerate(names):
        piece = name + (", " if i < len(names) - 1 else ")")
        if len(current) + len(piece.rstrip()) > 99 and not current.endswith("("):
            lines.append(current.rstrip())
            current = " " * len(head + "(")
        current += piece
    lines.append(current)
    return "\n".join(lines)


def alias_text(name: str, asname: str | None) -> str:
    return f"{name} as {asname}" if asname and asname != name else name


def rewrite_import(node: ast.stmt, indent: str, current: str, old_current: str,
                   is_package: bool, modules: set[str], relative_ok: bool,
                   comment: str = "") -> str | None:
    """The new text of one import statement, or None when it stays as it is."""
    if isinstance(node, ast.Import):
        changed, parts = False, []
        for alias in node.names:
            new = renamed(alias.name)
            if new != alias.name:
                changed = True
                # `import store.x` binds `store`; code names `store.x.fn`, rewritten by pass 3
                parts.append(alias_text(new, alias.asname))
            else:
                parts.append(alias_text(alias.name, alias.asname))
        return f"{indent}import {', '.join(parts)}" if changed else None
    assert isinstance(node, ast.ImportFrom)
    target = resolve(old_current, is_package, node.level, node.module)
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        if alias.name != "*" and (sub in MAPPING or sub in modules):
            # `from pkg import module`: the module may have moved to another package
            new_sub = renamed(sub)
            parent, _, leaf = new_sub.rpartition(".")
            text = alias_text(leaf, alias.asname or (alias.name if leaf != alias.name else None))
        else:
            parent, text = renamed(target), alias_text(alias.name, alias.asname)
        if parent not in groups:
            groups[parent] = []
            order.append(parent)
        groups[parent].append(text)
    same_place = current == old_current and order == [target] and renamed(target) == target
    if same_place:
        return None
    lines = []
    for parent in order:
        if node.level and relative_ok:
            level, module = relative(current, is_package, parent)
            lines.append(format_from(indent, level, module, groups[parent], comment))
        else:
            lines.append(format_from(indent, 0, parent, groups[parent], comment))
    text = "\n".join(lines)
    return text


# -- 3. dotted names and paths in text -----------------------------------------

def text_patterns(modules: set[str]) -> list[tuple[re.Pattern, callable]]:
    patterns = []
    for old in sorted(MAPPING, key=len, reverse=True):
        new = MAPPING[old]

        def dotted(match: re.Match) -> str:
            return renamed(match.group(0))
        patterns.append((re.compile(r"(?<![\w.])" + re.escape(old) + r"(?:\.\w+)*(?![\w])"), dotted))
        old_path, new_path = old.replace(".", "/") + ".py", new.replace(".", "/") + ".py"
        patterns.append((re.compile(r"(?<![\w/.])" + re.escape(old_path) + r"(?!\w)"),
                         lambda m, new_path=new_path: new_path))
    return patterns


def rewrite_text(text: str, patterns) -> str:
    for pattern, repl in patterns:
        text = pattern.sub(repl, text)
    return text


def import_spans(tree: ast.AST) -> list[ast.stmt]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]


def rewrite_python(root: Path, path: Path, old_name: str | None, modules: set[str],
                   patterns) -> str | None:
    source = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        print(f"skipped (does not parse): {path.relative_to(root)}: {exc}")
        return None
    current = module_name(root, path)
    is_package = path.name == "__init__.py"
    relative_ok = current.split(".")[0] in {"store", "tui", "themes", "bench"}
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []   # (start, end, new text)
    for node in import_spans(tree):
        start = offsets[node.lineno - 1] + node.col_offset
        end = offsets[node.end_lineno - 1] + node.end_col_offset
        indent = ""  # the statement starts at col_offset: its indentation is kept in place
        # a comment inside a parenthesised import (`(  # noqa: F401 …`) moves to its first line
        comment = "  ".join(re.findall(r"#[^\n]*", source[start:end]))
        new = rewrite_import(node, indent, current, old_name or current, is_package, modules,
                             relative_ok, comment)
        if new is not None:
            edits.append((start, end, new.replace("\n", "\n" + " " * node.col_offset)))
    # code inside a string (a probe run with `python -c`): its imports, rewritten the same way
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "import" in node.value:
            start = offsets[node.lineno - 1] + node.col_offset
            end = offsets[node.end_lineno - 1] + node.end_col_offset
            segment = source[start:end]
            prefix = re.match(r"[rRuU]?", segment).group(0)
            body = segment[len(prefix):]
            quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
            raw = prefix in ("r", "R")
            if body[len(quote):-len(quote)] != node.value or ("\\" in body and not raw):
                continue   # escapes or implicit concatenation: not worth the risk
            inner = string_code(node.value, modules)
            if inner is not None:
                edits.append((start, end, prefix + quote + inner + quote))
    # pass 3 on everything but the import statements
    spans = sorted({(offsets[n.lineno - 1] + n.col_offset,
                     offsets[n.end_lineno - 1] + n.end_col_offset) for n in import_spans(tree)}
                   | {(start, end) for start, end, _ in edits})
    out, cursor = [], 0
    replacements = {(s, e): t for s, e, t in edits}
    for start, end in spans:
        if start < cursor:
            continue
        out.append(rewrite_text(source[cursor:start], patterns))
        out.append(replacements.get((start, end), source[start:end]))
        cursor = end
    out.append(rewrite_text(source[cursor:], patterns))
    result = "".join(out)
    return result if result != source else None


def string_code(code: str, modules: set[str]) -> str | None:
    """`code` with its absolute imports rewritten, or None when it is not code or stays."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    lines = code.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    for node in import_spans(tree):
        new = rewrite_import(node, "", "__main__", "__main__", False, modules, False)
        if new is not None:
            edits.append((offsets[node.lineno - 1] + node.col_offset,
                          offsets[node.end_lineno - 1] + node.end_col_offset, new))
    for start, end, new in sorted(edits, reverse=True):
        code = code[:start] + new + code[end:]
    return code if edits else None


def text_files(root: Path) -> list[Path]:
    found = []
    for pattern in TEXT_FILES:
        found += [p for p in sorted(root.glob(pattern)) if p.is_file() and p.suffix != ".py"]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--root", type=Path, default=REPO)
    args = parser.parse_args(argv)
    root = args.root.resolve()

    moved = do_moves(root, args.dry_run)
    MOVED_NOW.update(moved.values())
    if args.dry_run:   # the tree as the moves would leave it
        pending = {old: MAPPING[old] for old in moved.values()}
        modules = existing_modules(root) - set(pending) | set(pending.values())
        modules |= {new.rsplit(".", 1)[0] for new in pending.values()}
    else:
        modules = existing_modules(root)
    MODULES.update(modules)
    patterns = text_patterns(modules)
    changed, broken = [], []
    for path in python_files(root):
        old_name = moved.get(path)
        if args.dry_run:
            continue
        new = rewrite_python(root, path, old_name, modules, patterns)
        if new is not None:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    for path in text_files(root):
        source = path.read_text(encoding="utf-8")
        new = rewrite_text(source, patterns)
        if new != source:
            changed.append(path)
            if not args.dry_run:
                path.write_text(new, encoding="utf-8")
    for path in python_files(root):
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        except SyntaxError as exc:
            broken.append(f"{path.relative_to(root)}:{exc.lineno}: {exc.msg}")
    print(f"rewrote {len(changed)} files")
    for line in broken:
        print(f"does not compile: {line}")

    unknown = sorted(module_name(root, p) for p in (root / "store").glob("*.py")
                     if module_name(root, p) not in set(MAPPING) | set(MAPPING.values()) | KEEP)
    known_packages = {m.rsplit(".", 1)[0] for m in MAPPING.values()} | set(PACKAGES)
    new_packages = sorted(f"store.{p.name}" for p in (root / "store").iterdir()
                          if (p / "__init__.py").exists() and f"store.{p.name}" not in known_packages
                          and p.name not in {"exports", "demo", "notify"})
    for name in unknown:
        print(f"unmapped module: {name} ({name.replace('.', '/')}.py): add it to MAPPING or KEEP")
    for name in new_packages:
        print(f"package not in the plan: {name} (stays where it is; its imports were rewritten)")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
