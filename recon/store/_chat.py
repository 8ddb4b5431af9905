"""Chat bookkeeping: what a chat front end (the Slack bot) must remember across restarts.

Nothing here is billing: it is the memory a bot needs to be reliable.

- **Seen ids** (:meth:`ChatMixin.claim`): an upload or an event is handled once, however
  often the chat platform redelivers it or fires several events for it.
- **Held uploads**: the first file of a pair waits here (bytes included) until its partner
  arrives; at most one per side per conversation, plus files whose side is not known yet.
- **Messages**: where each message about gaps or review items was posted, so that a later
  decision edits the same message in place.
- **Review prompts** (:mod:`recon.store._reviews`): a client pair the engine would not
  make on its own, put to a person once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from recon.errors import Conflict, NotFound, UsageError
from recon.store._base import StoreBase
from recon.store._time import from_db, to_db

#: Seen ids are forgotten after this long (redeliveries stop within minutes).
SEEN_TTL = timedelta(days=30)
#: A held upload whose partner never came is dropped after this long.
UPLOAD_TTL = timedelta(days=7)
_SIDES = ("vendor", "psa")


@dataclass(frozen=True, slots=True)
class HeldUpload:
    """A file waiting for its partner.

    Attributes:
        file_id: the chat platform's file id.
        conversation: where it was uploaded (the caller's key, e.g. ``D123:U456``).
        name: the file name.
        side: ``vendor``, ``psa``, or None while nobody has said.
        label: what the file looked like (a format label), for messages.
        content: the file's bytes.
        thread: the message thread to answer in, if any.
        by: who uploaded it.
        at: when it was held.
    """

    file_id: str
    conversation: str
    name: str
    side: str | None
    label: str
    content: bytes
    thread: str | None
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """A posted message that shows gaps or review prompts.

    Attributes:
        channel: the conversation id it is in.
        ts: its id within the conversation.
        kind: what it shows (the caller's word: ``client``, ``unowned``, ``review``, ...).
        subject: what it is about (a client key, or empty).
        recipient: who it was for (a user id or a channel id).
        gap_ids: the gaps it shows.
        review_ids: the review prompts it shows.
        at: when it was posted.
    """

    channel: str
    ts: str
    kind: str
    subject: str
    recipient: str | None
    gap_ids: tuple[int, ...]
    review_ids: tuple[int, ...]
    at: datetime


class ChatMixin(StoreBase):
    """Seen ids, held uploads and message references."""

    def claim(self, kind: str, key: str) -> bool:
        """Mark an id as handled; True only the first time (atomic across threads).

        Args:
            kind: what the id is (``file``, ``event``, ...).
            key: the id.
        """
        with self._write() as db:
            now = self._now()
            db.conn.execute("DELETE FROM chat_seen WHERE at < ?", (to_db(now - SEEN_TTL),))
            cursor = db.conn.execute(
                "INSERT OR IGNORE INTO chat_seen (kind, key, at) VALUES (?, ?, ?)",
                (kind, key, to_db(now)),
            )
            return cursor.rowcount == 1

    def claimed(self, kind: str, key: str | None = None) -> bool:
        """True while an id (or, without ``key``, any id of this kind) is claimed.

        Claims are forgotten after 30 days (:data:`SEEN_TTL`).
        """
        with self._read() as db:
            now = self._now()
            sql = "SELECT 1 FROM chat_seen WHERE kind = ? AND at >= ?"
            params: list[Any] = [kind, to_db(now - SEEN_TTL)]
            if key is not None:
                sql += " AND key = ?"
                params.append(key)
            return db.conn.execute(sql + " LIMIT 1", params).fetchone() is not None

    def unclaim(self, kind: str, key: str) -> bool:
        """Forget a claim, so the id can be claimed again (what was to be done failed).

        Returns:
            True when the id was claimed.
        """
        with self._write() as db:
            cursor = db.conn.execute(
                "DELETE FROM chat_seen WHERE kind = ? AND key = ?", (kind, key)
            )
            return cursor.rowcount == 1

    def hold_upload(
        self,
        file_id: str,
        *,
        conversation: str,
        name: str,
        side: str | None,
        label: str,
        content: bytes,
        thread: str | None,
        by: str,
    ) -> HeldUpload:
        """Keep a file until its partner arrives; it replaces an earlier one of the same side.

        Raises:
            UsageError: ``side`` is not ``vendor``, ``psa`` or None.
        """
        _check_side(side)
        with self._write() as db:
            now = self._now()
            db.conn.execute("DELETE FROM chat_uploads WHERE at < ?", (to_db(now - UPLOAD_TTL),))
            if side is not None:
                _drop_side(db, conversation, side, keep=file_id)
            db.conn.execute(
                "INSERT OR REPLACE INTO chat_uploads (file_id, conversation, name, side, label, "
                "content, thread, by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (file_id, conversation, name, side, label, content, thread, by, to_db(now)),
            )
            return _upload(_upload_row(db, file_id) or {})

    def held_uploads(self, conversation: str) -> list[HeldUpload]:
        """The files waiting in a conversation, oldest first."""
        with self._read() as db:
            rows = db.query(
                "SELECT * FROM chat_uploads WHERE conversation = ? ORDER BY at, file_id",
                [conversation],
            )
            return [_upload(row) for row in rows]

    def held_upload(self, file_id: str) -> HeldUpload | None:
        """One waiting file, or None when it was used, replaced or dropped."""
        with self._read() as db:
            row = _upload_row(db, file_id)
        return None if row is None else _upload(row)

    def set_upload_side(self, file_id: str, side: str) -> HeldUpload:
        """Say which side a waiting file is (replacing a waiting file of that side).

        Raises:
            UsageError: ``side`` is not ``vendor`` or ``psa``.
            NotFound: the file is no longer waiting.
            Conflict: its side was already set.
        """
        _check_side(side)
        with self._write() as db:
            row = _upload_row(db, file_id)
            if row is None:
                raise NotFound(f"file {file_id} is no longer waiting for its partner")
            if row["side"] is not None:
                raise Conflict(f"file {row['name']!r} was already given as the {row['side']} file")
            _drop_side(db, row["conversation"], side, keep=file_id)
            db.conn.execute("UPDATE chat_uploads SET side = ? WHERE file_id = ?", (side, file_id))
            return _upload(_upload_row(db, file_id) or {})

    def take_upload_pair(self, conversation: str) -> tuple[HeldUpload, HeldUpload] | None:
        """Take (and forget) the vendor and PSA files of a conversation, if both are waiting.

        Only one caller gets a given pair, however many ask at once.

        Returns:
            ``(vendor, psa)``, or None when a side is still missing.
        """
        with self._write() as db:
            rows = {
                row["side"]: row
                for row in db.query(
                    "SELECT * FROM chat_uploads WHERE conversation = ? AND side IS NOT NULL",
                    [conversation],
                )
            }
            if set(rows) != set(_SIDES):
                return None
            db.conn.executemany(
                "DELETE FROM chat_uploads WHERE file_id = ?",
                [(rows[side]["file_id"],) for side in _SIDES],
            )
            return _upload(rows["vendor"]), _upload(rows["psa"])

    def remember_message(
        self,
        channel: str,
        ts: str,
        *,
        kind: str,
        subject: str = "",
        recipient: str | None = None,
        gap_ids: Iterable[int] = (),
        review_ids: Iterable[int] = (),
    ) -> None:
        """Record where a message about gaps or review prompts was posted."""
        with self._write() as db:
            db.conn.execute(
                "INSERT OR REPLACE INTO chat_messages (channel, ts, kind, subject, recipient, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (channel, ts, kind, subject, recipient, to_db(self._now())),
            )
            db.conn.execute(
                "DELETE FROM chat_message_items WHERE channel = ? AND ts = ?", (channel, ts)
            )
            items = [("gap", i) for i in gap_ids] + [("review", i) for i in review_ids]
            db.conn.executemany(
                "INSERT OR IGNORE INTO chat_message_items (channel, ts, item, item_id) "
                "VALUES (?, ?, ?, ?)",
                [(channel, ts, item, item_id) for item, item_id in items],
            )

    def chat_message(self, channel: str, ts: str) -> ChatMessage | None:
        """A recorded message, or None."""
        with self._read() as db:
            found = _messages(db, "m.channel = ? AND m.ts = ?", [channel, ts])
        return found[0] if found else None

    def messages_showing(
        self, *, gap_id: int | None = None, review_id: int | None = None
    ) -> list[ChatMessage]:
        """Every recorded message showing a gap or a review prompt, oldest first."""
        item, item_id = ("gap", gap_id) if gap_id is not None else ("review", review_id)
        where = (
            "EXISTS (SELECT 1 FROM chat_message_items i WHERE i.channel = m.channel "
            "AND i.ts = m.ts AND i.item = ? AND i.item_id = ?)"
        )
        with self._read() as db:
            return _messages(db, where, [item, item_id])

    def product_choices(self) -> list[tuple[str, str]]:
        """Every product runs have shown, as (component value, name), by name.

        The value is the catalogue id for catalogue products, else the name: exactly what a
        bundle definition or a product alias accepts.
        """
        with self._read() as db:
            rows = db.conn.execute("SELECT product_key, name FROM products ORDER BY name")
            return [
                (key.removeprefix("cat:") if key.startswith("cat:") else name, name)
                for key, name in rows
            ]

    def client_names(self) -> list[str]:
        """Every client name runs have shown, by name (for suggestions)."""
        with self._read() as db:
            return [row[0] for row in db.conn.execute("SELECT name FROM clients ORDER BY name")]


def _check_side(side: str | None) -> None:
    if side is not None and side not in _SIDES:
        raise UsageError(f"side must be vendor or psa, not {side!r}")


def _drop_side(db: Database, conversation: str, side: str, *, keep: str) -> None:
    db.conn.execute(
        "DELETE FROM chat_uploads WHERE conversation = ? AND side = ? AND file_id != ?",
        (conversation, side, keep),
    )


def _upload_row(db: Database, file_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM chat_uploads WHERE file_id = ?", [file_id]))
    return rows[0] if rows else None


def _upload(row: dict[str, Any]) -> HeldUpload:
    return HeldUpload(
        file_id=row["file_id"],
        conversation=row["conversation"],
        name=row["name"],
        side=row["side"],
        label=row["label"],
        content=bytes(row["content"]),
        thread=row["thread"],
        by=row["by"],
        at=from_db(row["at"]),
    )


def _messages(db: Database, where: str, params: list[Any]) -> list[ChatMessage]:
    rows = list(
        db.query(
            f"SELECT * FROM chat_messages m WHERE {where} ORDER BY m.at, m.ts, m.channel", params
        )
    )
    out = []
    for row in rows:
        items = db.conn.execute(
            "SELECT item, item_id FROM chat_message_items WHERE channel = ? AND ts = ? "
            "ORDER BY rowid",
            (row["channel"], row["ts"]),
        ).fetchall()
        out.append(
            ChatMessage(
                channel=row["channel"],
                ts=row["ts"],
                kind=row["kind"],
                subject=row["subject"],
                recipient=row["recipient"],
                gap_ids=tuple(i for kind, i in items if kind == "gap"),
                review_ids=tuple(i for kind, i in items if kind == "review"),
                at=from_db(row["at"]),
            )
        )
    return out
