"""Posted messages: where each message about gaps, review prompts, a run or anomalies went,
so that a later decision edits the same message in place instead of posting another."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from bot.conversation._base import ConversationBase, from_text, to_text


class MessageKind(StrEnum):
    """What a posted message shows (each kind is drawn again by its own module)."""

    CLIENT = "client"  # one client's alert, by DM (bot.client_message)
    UNOWNED = "unowned"  # one client's alert in the billing channel (bot.client_message)
    REVIEW = "review"  # review prompts, by DM (bot.client_message)
    RUN = "run"  # the run's summary in the billing channel (bot.run_message)
    RUN_DETAIL = "run_detail"  # its thread reply (bot.run_message)
    ANOMALIES = "anomalies"  # anomalies, by DM or in the channel (bot.anomalies)


class _Item(StrEnum):
    GAP = "gap"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class PostedMessage:
    """A posted message the bot may have to draw again.

    Attributes:
        channel: the conversation id it is in.
        ts: its id within the conversation.
        kind: what it shows.
        subject: what it is about (a client key, or JSON for run and anomaly messages).
        recipient: who it was for (a user id or a channel id).
        gap_ids: the gaps it shows.
        review_ids: the review prompts it shows.
        at: when it was posted.
    """

    channel: str
    ts: str
    kind: MessageKind
    subject: str
    recipient: str | None
    gap_ids: tuple[int, ...]
    review_ids: tuple[int, ...]
    at: datetime


class MessagesMixin(ConversationBase):
    """Remember posted messages, and find them again."""

    def remember_message(
        self,
        channel: str,
        ts: str,
        *,
        kind: MessageKind,
        subject: str = "",
        recipient: str | None = None,
        gap_ids: Iterable[int] = (),
        review_ids: Iterable[int] = (),
    ) -> None:
        """Record where a message was posted and what it shows."""
        with self._write() as db:
            db.conn.execute(
                "INSERT OR REPLACE INTO conversation_messages (channel, ts, kind, subject, "
                "recipient, at) VALUES (?, ?, ?, ?, ?, ?)",
                (channel, ts, kind.value, subject, recipient, to_text(self._now())),
            )
            db.conn.execute(
                "DELETE FROM conversation_message_items WHERE channel = ? AND ts = ?",
                (channel, ts),
            )
            items = [(_Item.GAP, i) for i in gap_ids] + [(_Item.REVIEW, i) for i in review_ids]
            db.conn.executemany(
                "INSERT OR IGNORE INTO conversation_message_items (channel, ts, item, item_id) "
                "VALUES (?, ?, ?, ?)",
                [(channel, ts, item.value, item_id) for item, item_id in items],
            )

    def message(self, channel: str, ts: str) -> PostedMessage | None:
        """A recorded message, or None."""
        with self._read() as db:
            found = _messages(db, "m.channel = ? AND m.ts = ?", [channel, ts])
        return found[0] if found else None

    def messages_showing(
        self, *, gap_id: int | None = None, review_id: int | None = None
    ) -> list[PostedMessage]:
        """Every recorded message showing a gap or a review prompt, oldest first."""
        item, item_id = (_Item.GAP, gap_id) if gap_id is not None else (_Item.REVIEW, review_id)
        where = (
            "EXISTS (SELECT 1 FROM conversation_message_items i WHERE i.channel = m.channel "
            "AND i.ts = m.ts AND i.item = ? AND i.item_id = ?)"
        )
        with self._read() as db:
            return _messages(db, where, [item.value, item_id])


def _messages(db: Database, where: str, params: list[Any]) -> list[PostedMessage]:
    rows = list(
        db.query(
            f"SELECT * FROM conversation_messages m WHERE {where} ORDER BY m.at, m.ts, m.channel",
            params,
        )
    )
    out = []
    for row in rows:
        items = db.conn.execute(
            "SELECT item, item_id FROM conversation_message_items WHERE channel = ? AND ts = ? "
            "ORDER BY rowid",
            (row["channel"], row["ts"]),
        ).fetchall()
        out.append(
            PostedMessage(
                channel=row["channel"],
                ts=row["ts"],
                kind=MessageKind(row["kind"]),
                subject=row["subject"],
                recipient=row["recipient"],
                gap_ids=tuple(i for kind, i in items if kind == _Item.GAP),
                review_ids=tuple(i for kind, i in items if kind == _Item.REVIEW),
                at=from_text(row["at"]),
            )
        )
    return out
