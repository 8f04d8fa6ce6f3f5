"""glibc's malloc keeps big blocks in their own mappings once the app has fixed its
thresholds (tui/heap_settings.py), even after a bigger block freed would have raised them."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import ctypes, sys
    from tui.heap_settings import keep_heap_small

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in
                    "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks "
                    "keepcost".split()]

    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallInfo2
    big = bytearray(16 << 20)      # mapped on its own; freed, it raises glibc's thresholds
    del big
    if sys.argv[1] == "fixed":
        assert keep_heap_small()
    mapped = libc.mallinfo2().hblkhd
    block = bytearray(4 << 20)
    print(libc.mallinfo2().hblkhd - mapped >= 4 << 20)
""")


def _has_mallinfo2() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "mallinfo2")
    except OSError:
        return False


@pytest.mark.skipif(not _has_mallinfo2(), reason="needs glibc 2.33 or later (mallinfo2)")
@pytest.mark.parametrize("mode, own_mapping", [("as-is", False), ("fixed", True)])
def test_a_big_block_gets_its_own_mapping_once_fixed(mode, own_mapping):
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == str(own_mapping)


async def test_the_app_fixes_them_once_its_first_screen_is_drawn(workspace, monkeypatch):
    import tui.heap_settings as heap
    from tui.app import make_app
    called: list[bool] = []
    monkeypatch.setattr(heap, "keep_heap_small", lambda: called.append(True) or True)
    app = make_app(workspace)
    async with app.run_test() as pilot:
        while not app.first_painted:
            await pilot.pause(0.05)
        assert called == [True]
        await pilot.press("down")
    assert called == [True]
