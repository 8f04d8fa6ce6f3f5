"""store.core.validate: every refusal names its field; control characters never get in."""

from __future__ import annotations

from datetime import date

import pytest

from store.core import validate
from store.core.errors import InvalidValue

REFUSED_CONTROLS = [c for c in range(0x20) if c not in (0x09, 0x0A)] + [0x7F, 0x85, 0x9B]


@pytest.mark.parametrize("code", REFUSED_CONTROLS, ids=lambda c: f"U+{c:04X}")
def test_control_characters_are_refused_with_the_field_named(code):
    with pytest.raises(InvalidValue) as err:
        validate.text("title", f"ab{chr(code)}cd", multiline=True)
    assert err.value.field == "title"
    assert str(err.value).startswith("title:")
    if code != 0x0D:  # a lone CR is reported as a control character too
        assert f"U+{code:04X}" in str(err.value)


def test_ansi_escape_sequence_is_refused():
    with pytest.raises(InvalidValue, match="control character") as err:
        validate.text("name", "\x1b[31mred\x1b[0m")
    assert err.value.field == "name"
    assert "U+001B" in err.value.message


def test_tab_and_newline_are_kept_where_allowed():
    assert validate.text("body", "a\tb\nc", multiline=True) == "a\tb\nc"
    assert validate.text("body", "a\r\nb", multiline=True) == "a\nb"
    assert validate.text("title", "a\tb") == "a\tb"
    with pytest.raises(InvalidValue, match="single line") as err:
        validate.text("title", "a\nb")
    assert err.value.field == "title"


def test_markup_and_cjk_are_plain_data():
    for value in ("[bold]x", "[/]", "[link=file:///etc/passwd]y", "跨部门协作" * 50):
        assert validate.text("title", value, max_len=300) == value


def test_text_bounds_and_required():
    assert validate.text("title", "  padded  ") == "padded"
    assert validate.text("title", None) == ""
    with pytest.raises(InvalidValue, match="required") as err:
        validate.text("goal", "   ", required=True)
    assert err.value.field == "goal"
    with pytest.raises(InvalidValue, match="too long"):
        validate.text("title", "x" * 301, max_len=300)
    with pytest.raises(InvalidValue, match="expected text"):
        validate.text("title", 42)


@pytest.mark.parametrize("raw, expected", [
    ("2024-09-30", "2024-09-30"),
    ("２０２４－０９－３０", "2024-09-30"),        # full-width digits and hyphen (an IME)
    ("\u30002024-09-30\u3000", "2024-09-30"),       # ideographic spaces around it
    ("２０２４-02-29", "2024-02-29"),
    (date(2024, 10, 1), "2024-10-01"),
])
def test_dates_accept_full_width_digits(raw, expected):
    assert validate.day("due", raw) == expected


@pytest.mark.parametrize("raw", ["2024-02-30", "2023-02-29", "2024/09/30", "30-09-2024",
                                 "20240930", "2024-9-3", "tomorrow", "2024-09-30T10:00",
                                 "２０２４年９月３０日"])
def test_bad_dates_are_refused_with_the_field_named(raw):
    with pytest.raises(InvalidValue, match="YYYY-MM-DD") as err:
        validate.day("start", raw)
    assert err.value.field == "start"


def test_optional_and_required_dates():
    assert validate.day("target_date", "", required=False) is None
    with pytest.raises(InvalidValue, match="required"):
        validate.day("due", "")


@pytest.mark.parametrize("raw, expected", [(0, 0), (100, 100), ("50", 50), ("５０", 50),
                                           ("75%", 75), ("７５％", 75), (" 30 % ", 30), (40.0, 40)])
def test_percent_accepts_whole_numbers_0_to_100(raw, expected):
    assert validate.percent("percent", raw) == expected


@pytest.mark.parametrize("raw", [101, -1, "150%", "abc", "", None, 50.5, "12.5"])
def test_percent_refuses_the_rest(raw):
    with pytest.raises(InvalidValue) as err:
        validate.percent("percent", raw)
    assert err.value.field == "percent"


def test_login_and_choice():
    assert validate.login("owner", "zhang.wei") == "zhang.wei"
    for bad in ("Zhang", "张伟", "a b", "-x", ""):
        with pytest.raises(InvalidValue) as err:
            validate.login("owner", bad)
        assert err.value.field == "owner"
    assert validate.choice("priority", "HIGH", ("high", "medium", "low")) == "high"
    with pytest.raises(InvalidValue, match="not one of high, medium, low"):
        validate.choice("priority", "urgent", ("high", "medium", "low"))


def test_messages_translate_with_the_field(zh):
    with pytest.raises(InvalidValue) as err:
        validate.day("due", "not a date")
    assert err.value.field == "due"
    assert "截止日期" in err.value.message and "YYYY-MM-DD" in err.value.message
