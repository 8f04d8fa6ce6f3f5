"""Host checks against this machine's real accounts, and against a pretend host."""

from __future__ import annotations

import grp
import os
import pwd
from pathlib import Path

from ob_helpers import ENGINEER_STEPS, FakeHost

from store.onboarding import hostcheck
from store.onboarding import checklists as ob
from store.onboarding import templates
from store.core.identity import os_login
from store.people.members import add_member

ME = os_login()
MISSING = "huddle-no-such-user"


def test_a_real_account_exists():
    result = hostcheck.account_exists(ME)
    assert result.ok, result.why
    entry = pwd.getpwnam(ME)
    assert f"uid {entry.pw_uid}" in result.why and entry.pw_dir in result.why


def test_a_missing_account_is_not_verified():
    result = hostcheck.account_exists(MISSING)
    assert not result.ok
    assert result.why == f"no account {MISSING} on this host"


def test_a_real_account_is_in_its_primary_group_and_not_in_a_missing_one():
    primary = grp.getgrgid(pwd.getpwnam(ME).pw_gid).gr_name
    result = hostcheck.in_group(ME, primary)
    assert result.ok, result.why
    assert hostcheck.in_group(ME, "huddle-no-such-group").why == \
        "no group huddle-no-such-group on this host"
    assert not hostcheck.in_group(MISSING, primary).ok


def test_group_membership_agrees_with_the_os():
    """Every group the OS says the account is in verifies; one it is not in does not."""
    entry = pwd.getpwnam(ME)
    mine = {grp.getgrgid(g).gr_name for g in os.getgrouplist(ME, entry.pw_gid)}
    for name in mine:
        assert hostcheck.in_group(ME, name).ok, name
    others = [g.gr_name for g in grp.getgrall() if g.gr_name not in mine]
    if others:
        assert not hostcheck.in_group(ME, others[0]).ok


def test_a_real_authorized_keys_file_is_read_or_its_absence_explained():
    path = Path(pwd.getpwnam(ME).pw_dir) / ".ssh" / "authorized_keys"
    result = hostcheck.has_authorized_key(ME)
    if path.exists():
        assert str(path) in result.why
    else:
        assert not result.ok and result.why == f"{path} does not exist"
    assert hostcheck.has_authorized_key(MISSING).why == f"no account {MISSING} on this host"


def test_authorized_keys_contents(tmp_path):
    fake = FakeHost(accounts={"lin": (1001, 1001, str(tmp_path))})
    keys = tmp_path / ".ssh" / "authorized_keys"
    keys.parent.mkdir()
    keys.write_text("# only a comment\n\n")
    assert hostcheck.has_authorized_key("lin", fake.run).why == f"{keys} holds no public key"
    keys.write_text('from="10.0.0.0/8" ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ lin@x\n'
                    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAA\n")
    result = hostcheck.has_authorized_key("lin", fake.run)  # the real file reader
    assert result.ok and result.why == f"{keys} holds 2 public keys"
    keys.chmod(0)
    if os.getuid() != 0:  # root reads anything
        assert "permission denied" in hostcheck.has_authorized_key("lin", fake.run).why


def test_unhappy_runners_give_reasons_not_errors():
    assert hostcheck.account_exists("x", lambda argv: (127, "")).why == \
        "cannot check: getent is not installed"
    assert "exit code 124" in hostcheck.account_exists("x", lambda argv: (124, "")).why
    assert not hostcheck.account_exists("x", lambda argv: (0, "garbage\n")).ok
    assert hostcheck.run_check({"kind": "nope"}, "x").why == "unknown check 'nope'"


def test_checklist_checks_on_the_real_host(workspace):
    """The OS account running the tests is a member; a made-up login is not on the host."""
    ws = workspace
    add_member(ws, "alice-missing", "缺席的人", "Product")
    templates.save_template(ws, "engineer", "研发工程师", ENGINEER_STEPS)
    primary = grp.getgrgid(pwd.getpwnam(ME).pw_gid).gr_name
    templates.edit_template_step(ws, "engineer", 2, check={"kind": "group", "group": primary})
    real = ob.start_onboarding(ws, ME, template="engineer", start="2024-09-13", buddy="alice",
                               manager="bob")
    real = ob.run_checks(ws, real["id"])
    assert real["steps"][0]["verified"]["ok"] and real["steps"][0]["done_by"] == ob.HOST
    assert real["steps"][1]["verified"]["ok"]
    ghost = ob.start_onboarding(ws, "alice-missing", template="engineer", start="2024-09-13",
                                buddy="alice", manager="bob")
    ghost = ob.run_checks(ws, ghost["id"])
    for n in (0, 1, 4):
        step = ghost["steps"][n]
        assert step["verified"] == {"ok": False, "why": "no account alice-missing on this host",
                                    "at": "2024-09-02T02:00:00+00:00"}
        assert not step["done_at"]
