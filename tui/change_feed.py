"""The app's live refresh: a thread waits for the store's changes, the UI thread shows them.

`ChangeFeed(app)` runs one daemon thread that loops on `ws.wait_changes(token, wait)` (the
backend interface, store/core/backend.py: inotify or polling on a folder, LISTEN on
PostgreSQL) and turns the changed shards into topics (store/topics.py). It never touches a
widget: it adds the topics to `pending` and posts `ChangesSeen` to the app (Textual's
`post_message` is thread-safe and, unlike `call_from_thread`, never blocks a thread on an
app that is closing). The app's handler calls `take()` on the UI thread and hands the
topics to `dispatch_changes`. While a `ChangesSeen` is on its way the thread does not look
again: changes that arrive while the screens redraw are shown together, once, and a burst
of writes costs one look per redraw, not one per write.

`poll_now()` (the tests, and anyone who must see a change at once) asks the store on the UI
thread with the same token, under the same lock, and takes what the thread had found but
not delivered: every change is delivered once, by whichever looked first.

The thread stops when the app unmounts or is suspended (ctrl+z, `App.suspend`) and starts
again on resume; it checks its stop event after each wait, so it may outlive `stop()` by
one wait (at most `WAIT_SECONDS`), doing nothing. An error in it (an unreadable folder, a
lost database connection) becomes one toast, and the thread tries again, waiting longer
each time; when it works again a second toast says so.
"""

from __future__ import annotations

import threading

from textual.message import Message

from store.core.i18n import tr
from store.topics import TopicReader

WAIT_SECONDS = 1.0         # longest single wait: then the thread looks anyway, and may stop
RETRY_SECONDS = (1, 2, 5, 10, 30)  # after an error, wait this long before trying again


class ChangesSeen(Message):
    """Posted by the feed's thread: `feed.take()` has topics (or the damage banner is due)."""


class FeedFailed(Message):
    """Posted by the feed's thread: waiting for changes failed (`text`), or works again."""

    def __init__(self, text: str, recovered: bool = False) -> None:
        super().__init__()
        self.text = text
        self.recovered = recovered


class ChangeFeed:
    def __init__(self, app, wait: float = WAIT_SECONDS) -> None:
        self.app = app
        self.wait = max(0.01, min(wait, WAIT_SECONDS))
        self._lock = threading.Lock()
        # the first token is made when first needed, after the first paint, as of the reads
        # made from here on (Backend.deferred_token): no change between a read and it is lost
        self._token: dict | None = None
        self._first_token = app.ws.deferred_token()
        self._topics = TopicReader(app.ws)  # used under the lock
        self._topics.prime()  # after the token's start, before any screen reads (TopicReader)
        self._pending: set[str] = set()
        self._posted = False
        self._taken = threading.Event()  # set when the UI takes what was posted
        self._stop: threading.Event | None = None
        self.thread: threading.Thread | None = None
        self._closed = False
        self._swept = False  # a dead writer's temp files removed (the thread's first start)
        self.deliveries = 0  # ChangesSeen handled (tests)

    # -- the thread -----------------------------------------------------------------
    def start(self) -> None:
        if self._closed:
            return
        if self.thread is not None and self._stop is not None and not self._stop.is_set():
            return
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(self._stop,), daemon=True,
                                       name="huddle-change-feed")
        self.thread.start()

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()
            self._taken.set()  # no longer waiting for the UI either

    def close(self) -> None:
        """Stop for good (the app unmounts): a later `start()` does nothing."""
        self._closed = True
        self.stop()

    @property
    def running(self) -> bool:
        return self._stop is not None and not self._stop.is_set()

    def _run(self, stop: threading.Event) -> None:
        ws, failures = self.app.ws, 0
        if not self._swept:  # the app opens the workspace without it (tui/launch.py): a
            self._swept = True  # scan of the folder the first screen does not need
            ws.sweep_stale_temp_files()
        while not stop.is_set():
            try:
                with self._lock:
                    start = self._current_token()
                found = ws.wait_changes(start, self.wait)
                post = not stop.is_set() and self._keep(start, found)
            except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
                if failures == 0:
                    self._post(stop, FeedFailed(str(exc) or type(exc).__name__))
                stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
                continue
            if failures:
                failures = 0
                self._post(stop, FeedFailed("", recovered=True))
            if post:
                self._post(stop, ChangesSeen())
            # until the UI has taken what is on its way, another look would only add to it
            # (a burst of writes costs one scan per redraw, not one per write)
            while self._posted and not stop.is_set():
                self._taken.wait(self.wait)

    def _keep(self, start, found) -> bool:
        """Keep what `wait_changes(start)` found for the UI; whether to post ChangesSeen."""
        with self._lock:
            if self._token is not start:
                return False  # poll_now looked meanwhile and delivered up to its token
            self._token = found.token
            self._pending |= self._topics.topics(found.changed)
            due = bool(self._pending) or bool(getattr(self.app.ws, "damage", None))
            post = due and not self._posted
            if post:
                self._posted = True
                self._taken.clear()
        return post

    def _post(self, stop: threading.Event, message: Message) -> None:
        if stop.is_set():
            return
        try:
            delivered = self.app.post_message(message)
        except RuntimeError:  # its event loop is closed
            delivered = False
        if not delivered:
            stop.set()  # the app is closing

    def _current_token(self) -> dict:
        """The token to look from (call under the lock); the first one is made now."""
        if self._token is None:
            self._token = self._first_token()
        return self._token

    # -- the UI thread ----------------------------------------------------------------
    def take(self) -> set[str]:
        """The topics found and not yet delivered (UI thread)."""
        with self._lock:
            found, self._pending, self._posted = self._pending, set(), False
            self._taken.set()
            self.deliveries += 1
        return found

    def poll_now(self) -> set[str]:
        """Ask the store now (UI thread): what changed since the last delivery."""
        with self._lock:
            changes = self.app.ws.changes(self._current_token())
            self._token = changes.token
            found = self._pending | self._topics.topics(changes.changed)
            self._pending = set()
        return found


def failure_text(message: FeedFailed) -> str:
    if message.recovered:
        return tr("Changes made elsewhere are shown again as they happen.")
    return tr("Changes made elsewhere are not shown until this is fixed: {reason}",
              reason=message.text)
