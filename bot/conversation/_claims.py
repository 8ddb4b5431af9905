"""Seen ids: an upload, an event, a question or a digest slot is handled once.

Slack redelivers events it thinks timed out and fires several events for one upload; the
bot claims each id before acting, and only the first claim wins.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Any

from bot.conversation._base import ConversationBase, to_text

#: Seen ids are forgotten after this long (redeliveries stop within minutes).
SEEN_TTL = timedelta(days=30)


class ClaimKind(StrEnum):
    """What a claimed id is."""

    FILE = "file"  # a Slack file id: one run per upload
    EVENT = "event"  # a Slack event id: one answer per DM
    MAPPING_QUESTION = "mapping_question"  # a product to map, asked once in the channel
    ANOMALY_ALERT = "anomaly_alert"  # an anomaly key, told once
    DIGEST = "digest"  # a digest slot (its due time), posted once


class ClaimsMixin(ConversationBase):
    """Claim, check and give back ids."""

    def claim(self, kind: ClaimKind, key: str) -> bool:
        """Mark an id as handled; True only the first time (atomic across threads).

        Args:
            kind: what the id is.
            key: the id.
        """
        with self._write() as db:
            now = self._now()
            db.conn.execute(
                "DELETE FROM conversation_seen WHERE at < ?", (to_text(now - SEEN_TTL),)
            )
            cursor = db.conn.execute(
                "INSERT OR IGNORE INTO conversation_seen (kind, key, at) VALUES (?, ?, ?)",
                (kind.value, key, to_text(now)),
            )
            return cursor.rowcount == 1

    def claimed(self, kind: ClaimKind, key: str | None = None) -> bool:
        """True while an id (or, without ``key``, any id of this kind) is claimed.

        Claims are forgotten after 30 days (:data:`SEEN_TTL`).
        """
        with self._read() as db:
            now = self._now()
            sql = "SELECT 1 FROM conversation_seen WHERE kind = ? AND at >= ?"
            params: list[Any] = [kind.value, to_text(now - SEEN_TTL)]
            if key is not None:
                sql += " AND key = ?"
                params.append(key)
            return db.conn.execute(sql + " LIMIT 1", params).fetchone() is not None

    def unclaim(self, kind: ClaimKind, key: str) -> bool:
        """Forget a claim, so the id can be claimed again (what was to be done failed).

        Returns:
            True when the id was claimed.
        """
        with self._write() as db:
            cursor = db.conn.execute(
                "DELETE FROM conversation_seen WHERE kind = ? AND key = ?", (kind.value, key)
            )
            return cursor.rowcount == 1
