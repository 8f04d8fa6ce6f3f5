"""The garbage collector kept out of a key's answer (the app's `IdleCollector` mixin).

Once the first screen is up, what exists (modules, classes, the app) lives as long as the
app: it is frozen, so the collector stops walking it. The command line turns the collector
off for the start (tui/cli); `_settle_gc` turns it on again.

A key press (or a click) holds the collections of the middle generation until the app has
had HOLD_SECONDS without input: building a screen makes thousands of objects that live on,
and each of those collections walked all of them in the middle of the answer (two a
standup's opening, ~4 ms). They run in the pause after it instead, as one. The youngest
generation is still collected as usual, so short-lived garbage goes at once, and while held
the middle one is still collected after HELD_AT_MOST young collections (Python's own
threshold, 3× its usual 10): a long answer or someone typing on and on keeps memory bounded
(with no bound, the benchmark's peak memory rose by 4–11 MB; with 50, by 3).

When the warm-up has done its work (tui/warm_up.py: the other screens' imports, the data read
ahead), what it made is frozen too (`_freeze_warmed_up`), once, after one collection, and
only while every area shows its first screen alone (a dialog, a project or an incident open
then, or kept for F2–F8, would never be collected once closed): a full collection then no
longer walks the ~50,000 objects of a company's workspace it read (~30–50 ms of each). The
store's data among them is still freed when the store lets it go (freezing keeps nothing
alive; only a cycle made before that moment would stay, and none of the warm-up's is one
that ends). That one collection is the warm-up's last step, in a quiet moment like the
others, and longer than they are (~30–50 ms).

A full collection walks everything the screens hold (with a company's workspace open: a
tenth of a second and more), so it waits for IDLE_GC_SECONDS without input rather than come
in the middle of a key press, but not past GC_PUT_OFF_AT_MOST of those Python would have
made. A screen closed leaves its widgets in reference cycles (each knows its parent), which
only a full collection frees: a 1,000-task project's screen is ~1.5 MB. So once one of
Huddle's screens has closed (`_note_screen_closed`; a dialog is small), the first quiet
moment after a middle collection makes one too, instead of waiting for the ten Python
would, so the next screen is built in the memory the closed one held (docs/architecture.md,
peak memory), in a pause the person makes anyway.
"""

from __future__ import annotations

import gc
import time

from textual import events

HOLD_SECONDS = 0.25      # collections wait this long after the last key press or click
HELD_AT_MOST = 30        # … but not past this many young collections (gen-1's count)
NEVER = 1_000_000        # a threshold never reached
IDLE_GC_SECONDS = 1.0    # a full collection waits for this long without a key press
GC_PUT_OFF_AT_MOST = 5   # … but not for more than five that Python would have made


class IdleCollector:
    """Mixin for the App: `_settle_gc()` once the first screen is painted; `on_event` notes
    each key press and click; `_restore_gc()` when the app unmounts."""

    _last_input = 0.0
    _gc_threshold: tuple[int, int, int] | None = None
    _gc_held = False
    _warm_frozen = False
    _screen_closed = False  # since the last full collection

    def _settle_gc(self) -> None:
        gc.freeze()
        gc.enable()
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(self._gc_threshold[0], self._gc_threshold[1], NEVER)
        self.set_interval(IDLE_GC_SECONDS, self._collect_when_idle)

    def _freeze_warmed_up(self) -> None:
        """The warm-up is done: freeze what exists now (see the module docstring)."""
        if self._warm_frozen or self._gc_threshold is None or not self._first_screens_only():
            return
        self._warm_frozen = True
        gc.collect()
        gc.freeze()

    def _first_screens_only(self) -> bool:
        """No screen over an area's first one, in any area, and none kept for F2–F8's
        second press (tui/area_keys.py): such a screen is closed some day."""
        for mode in self.MODES:
            try:
                if len(self.get_screen_stack(mode)) > 1:
                    return False
            except KeyError:  # an area not opened yet
                pass
        area_keys = getattr(self, "area_keys", None)
        return not (area_keys and any(area_keys.parked.values()))

    def _hold_gc(self) -> None:
        """A key press or click: the middle generation waits until its answer is out."""
        if self._gc_threshold is None or self._gc_held:
            return  # before `_settle_gc` (the start's own setting), or held already
        gc.set_threshold(self._gc_threshold[0], HELD_AT_MOST, NEVER)
        self._gc_held = True
        self.set_timer(HOLD_SECONDS, self._release_gc)

    def _release_gc(self) -> None:
        quiet_for = time.monotonic() - self._last_input
        if quiet_for < HOLD_SECONDS:
            self.set_timer(HOLD_SECONDS - quiet_for, self._release_gc)  # typing on
            return
        self._gc_held = False
        gc.set_threshold(self._gc_threshold[0], self._gc_threshold[1], NEVER)
        gc.collect(1)  # the middle generation, as Python would have while the key ran

    def _note_screen_closed(self) -> None:
        self._screen_closed = True

    def _collect_when_idle(self) -> None:
        # when Python would have made one (its gen-1 collections have run up), or a closed
        # screen's garbage waits, but only once the screen has answered the last key; someone
        # typing on and on still gets one when five were put off, so memory stays bounded
        due = gc.get_count()[2]
        wanted = due >= self._gc_threshold[2] or (self._screen_closed and due > 0)
        if (wanted and time.monotonic() - self._last_input > IDLE_GC_SECONDS) \
                or due >= GC_PUT_OFF_AT_MOST * self._gc_threshold[2]:
            self._screen_closed = False
            gc.collect()

    def _note_input(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self._last_input = time.monotonic()
            self._hold_gc()

    def _restore_gc(self) -> None:
        """The process goes on (tests): the collector as it was."""
        if self._gc_threshold is not None:
            self._gc_held = False
            gc.set_threshold(*self._gc_threshold)
            gc.unfreeze()
