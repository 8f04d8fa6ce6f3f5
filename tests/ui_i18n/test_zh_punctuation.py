"""Chinese sentences use full-width punctuation: no half-width `(` `)` `:` `,` `;` `!` `?`
next to a Chinese character in the catalogue (store/locales/zh/*.json).

Left alone: `{placeholders}`, `code in backquotes`, and command syntax such as
`project:编号` or `group:组名` (an ASCII word glued to the colon is something to type)."""

from __future__ import annotations

import re
from pathlib import Path

import orjson

LOCALES = Path(__file__).resolve().parents[2] / "store" / "locales" / "zh"
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef【】“”]"
CODE = re.compile(r"\{[^{}]*\}|`[^`]*`|[A-Za-z_]+:(?=\S)")
HALF_WIDTH_NEXT_TO_CJK = re.compile(rf"(?<={CJK}) ?[(),:;!?]|[(),:;!?] ?(?={CJK})")


BETWEEN_PLACEHOLDERS = re.compile(r"\}[:,;]\s?\{")  # "周会 {day}:{name}" in a Chinese sentence


def offenders(text: str) -> list[str]:
    plain = CODE.sub(lambda m: "\0" * len(m.group()), text)
    found = [text[max(0, m.start() - 4):m.end() + 4]
             for m in HALF_WIDTH_NEXT_TO_CJK.finditer(plain)]
    if re.search(CJK, text):
        found += [m.group() for m in BETWEEN_PLACEHOLDERS.finditer(text)]
    return found


def test_the_rule_catches_what_it_should():
    assert offenders("完成 85 %,计划 100 %") == ["85 %,计划 1"]
    assert offenders("(逾期)") and offenders("待您审批:{n}") and offenders("周会 {day}:{name}")
    assert not offenders("（逾期）") and not offenders("请使用 project:编号")
    assert not offenders("{field}：须为 `a,b`") and not offenders("17:00 前更新 {login!r}")


def test_no_half_width_punctuation_next_to_chinese():
    found = [f"{path.name}: {value!r} ({', '.join(map(repr, bad))})"
             for path in sorted(LOCALES.glob("*.json"))
             for entry in orjson.loads(path.read_bytes()).values()
             for value in (entry if isinstance(entry, list) else [entry])  # plural forms
             if (bad := offenders(value))]
    assert not found, "half-width punctuation in Chinese sentences:\n" + "\n".join(found)
