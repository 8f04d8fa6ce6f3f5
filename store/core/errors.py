"""Errors the store raises. Every message is fit to show a user as it is."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the store raises on purpose."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(StoreError):
    """A record named by the caller does not exist."""


class InvalidValue(StoreError):
    """A value is refused; `field` names the input it came from."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class PermissionDenied(StoreError):
    """The acting user may not do this."""


class IllegalTransition(StoreError):
    """A state change the process does not allow."""


class WorkspaceError(StoreError):
    """The workspace folder or one of its files cannot be used."""


class WorkspaceUnreadable(WorkspaceError):
    """A folder or file cannot be read; `path` names the file when it is one shard (a file
    with mode 000, a folder where a file should be), None for the workspace folder itself."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path


class WorkspaceCorrupt(WorkspaceError):
    """A shard cannot be parsed. It is never overwritten."""

    def __init__(self, message: str, path: str):
        super().__init__(message)
        self.path = path


class WorkspaceNotWritable(WorkspaceError):
    pass


class WorkspaceConflict(WorkspaceError):
    """A shard changed outside Huddle (without its lock) while a transaction held it."""


class WorkspaceInsecure(WorkspaceError):
    """The folder is world-writable: anyone on the host could forge records."""
