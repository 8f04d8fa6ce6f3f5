"""`huddle keys`: the app's bindings after the user's keymap.toml; bad entries on stderr."""

from __future__ import annotations

import orjson


def _keys(run, keymap, *args):
    return run("keys", *args, ws=None, env={"HUDDLE_KEYMAP": str(keymap)})


def test_keys_without_a_keymap_lists_the_defaults(run, tmp_path):
    result = _keys(run, tmp_path / "none.toml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"Keymap file: {tmp_path / 'none.toml'}  (none: the default keys)"
    assert lines[1].split() == ["Binding", "id", "Keys", "What", "it", "does"]
    add = next(line for line in lines if line.startswith("projects.add "))
    assert add.split(None, 2)[1:] == ["a", "Add project"]


def test_keys_json_shows_the_remapped_keys_and_the_bad_entries(run, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nprojects.add = "n"\nno.such = "x"\n'
                      '"app.help" = ["f9", "question_mark"]\nkb.add = "ctrl+nope"\n')
    result = _keys(run, keymap, "--json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"huddle: {keymap}:3: 'no.such': no such binding (`huddle keys` lists them); ignored",
        f"huddle: {keymap}:5: 'kb.add': 'ctrl+nope' is not a key Textual knows "
        "(e.g. n, ctrl+n, f5, escape, question_mark); ignored"]
    data = orjson.loads(result.stdout)
    assert data["keymap_file"] == str(keymap) and data["exists"] is True
    assert [p["line"] for p in data["problems"]] == [3, 5]
    rows = {row["id"]: row for row in data["bindings"]}
    assert rows["projects.add"] == {"id": "projects.add", "keys": ["n"], "default": ["a"],
                                    "remapped": True, "description": "Add project",
                                    "where": ["ProjectsScreen"]}
    assert rows["app.help"]["keys"] == ["f9", "question_mark"]
    assert rows["kb.add"]["remapped"] is False  # its bad entry was left out


def test_keys_marks_what_the_keymap_changed(run, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nprojects.add = "n"\n')
    result = _keys(run, keymap)
    add = next(line for line in result.stdout.splitlines() if line.startswith("projects.add "))
    assert add.split()[1:3] == ["n", "*"]
    assert result.stdout.rstrip().endswith("* remapped by the keymap file")


def test_bad_toml_is_one_line_on_stderr(run, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nprojects.add = n\n')
    result = _keys(run, keymap)
    assert result.exit_code == 0
    [line] = result.stderr.splitlines()
    assert line.startswith(f"huddle: {keymap}:2: not valid TOML (")
    assert line.endswith("); no key was changed")
    assert "Traceback" not in result.output


def test_keys_in_chinese(run, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nno.such = "x"\n')
    result = run("--lang", "zh", "keys", ws=None, env={"HUDDLE_KEYMAP": str(keymap)})
    assert result.exit_code == 0, result.output
    assert "按键映射文件" in result.stdout
    assert "'no.such'：没有这个绑定" in result.stderr
