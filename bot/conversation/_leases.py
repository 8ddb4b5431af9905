"""Leases: exactly one bot process runs the scheduler for a database.

APScheduler keeps its jobs in memory, so two bot processes on one database would both run
every job (two DMs for every gap). A process takes the lease before starting its scheduler,
renews it while alive, and releases it on shutdown; a second process started by mistake
finds it held and runs without a scheduler. A holder that died stops renewing, and its
lease expires so another process can take over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.conversation._base import ConversationBase, from_text, to_text


@dataclass(frozen=True, slots=True)
class Lease:
    """Who holds a named lease, and until when (UTC)."""

    name: str
    holder: str
    expires_at: datetime


class LeasesMixin(ConversationBase):
    """Take, renew and release leases."""

    def acquire_lease(self, name: str, holder: str, *, ttl: timedelta) -> tuple[bool, Lease]:
        """Take (or renew) a lease unless another live holder has it.

        Args:
            name: the lease (``"scheduler"``).
            holder: who asks (host, process id and a random part).
            ttl: how long it lasts without renewal.

        Returns:
            (True, the lease) when ``holder`` now holds it; (False, the current lease)
            when someone else does.
        """
        with self._write() as db:
            now = self._now()
            row = db.conn.execute(
                "SELECT holder, expires_at FROM conversation_leases WHERE name = ?", (name,)
            ).fetchone()
            if row is not None and row[0] != holder and from_text(row[1]) > now:
                return False, Lease(name, row[0], from_text(row[1]))
            expires = now + ttl
            db.conn.execute(
                "INSERT INTO conversation_leases (name, holder, acquired_at, expires_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, "
                "acquired_at = CASE WHEN conversation_leases.holder = excluded.holder "
                "THEN conversation_leases.acquired_at ELSE excluded.acquired_at END, "
                "expires_at = excluded.expires_at",
                (name, holder, to_text(now), to_text(expires)),
            )
            return True, Lease(name, holder, expires)

    def release_lease(self, name: str, holder: str) -> bool:
        """Give a lease back; True when ``holder`` held it."""
        with self._write() as db:
            gone = db.conn.execute(
                "DELETE FROM conversation_leases WHERE name = ? AND holder = ?", (name, holder)
            ).rowcount
        return bool(gone)
