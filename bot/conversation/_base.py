"""What every part of :class:`~bot.conversation.Conversation` shares: the file, the clock.

The conversation's tables live in the store's database file (one file to back up), but they
are the bot's: the store never reads them, and they are reached only through here. Every
call opens its own connection (:func:`recon.read_transaction` /
:func:`recon.write_transaction`, the store's own units of work), so one conversation object
may be shared by Bolt's listener threads and the scheduler. A conversation call must not run
inside :meth:`recon.Store.transaction` on the same thread (it would wait for that lock); the
bot never opens one.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from recon import read_transaction, write_transaction


def to_text(when: datetime) -> str:
    """A time as the tables keep it: UTC ISO 8601 to the microsecond, one fixed width, so
    text order is time order (the store's own format, so rows it once wrote read the same)."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    """A time column back as an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


class ConversationBase:
    """The database file and the clock of a conversation."""

    path: Path

    def __init__(self, path: Path, clock: Callable[[], datetime]) -> None:
        self.path = path
        self._clock = clock

    def __repr__(self) -> str:
        return f"<Conversation {self.path}>"

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def _read(self) -> AbstractContextManager[Database]:
        return read_transaction(self.path)

    def _write(self) -> AbstractContextManager[Database]:
        return write_transaction(self.path)
