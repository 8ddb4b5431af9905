"""Held uploads: the first file of a pair waits here (bytes included) until its partner comes.

At most one file per side per conversation waits, plus files whose side nobody has said yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from bot.conversation._base import ConversationBase, from_text, to_text
from recon import Conflict, NotFound, Side

#: A held upload whose partner never came is dropped after this long.
UPLOAD_TTL = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class HeldUpload:
    """A file waiting for its partner.

    Attributes:
        file_id: Slack's file id.
        conversation: where it was uploaded (``D123:U456``: the DM and the uploader).
        name: the file name.
        side: vendor or PSA, or None while nobody has said.
        label: what the file looked like (a format label), for messages.
        content: the file's bytes.
        thread: the message thread to answer in, if any.
        by: who uploaded it.
        at: when it was held.
    """

    file_id: str
    conversation: str
    name: str
    side: Side | None
    label: str
    content: bytes
    thread: str | None
    by: str
    at: datetime


class UploadsMixin(ConversationBase):
    """Hold files until their partner comes, then hand over the pair once."""

    def hold_upload(
        self,
        file_id: str,
        *,
        conversation: str,
        name: str,
        side: Side | None,
        label: str,
        content: bytes,
        thread: str | None,
        by: str,
    ) -> HeldUpload:
        """Keep a file until its partner arrives; it replaces an earlier one of the same side."""
        with self._write() as db:
            now = self._now()
            db.conn.execute(
                "DELETE FROM conversation_uploads WHERE at < ?", (to_text(now - UPLOAD_TTL),)
            )
            if side is not None:
                _drop_side(db, conversation, side, keep=file_id)
            db.conn.execute(
                "INSERT OR REPLACE INTO conversation_uploads (file_id, conversation, name, side, "
                "label, content, thread, by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    file_id,
                    conversation,
                    name,
                    None if side is None else side.value,
                    label,
                    content,
                    thread,
                    by,
                    to_text(now),
                ),
            )
            return _upload(_upload_row(db, file_id) or {})

    def held_uploads(self, conversation: str) -> list[HeldUpload]:
        """The files waiting in a conversation, oldest first."""
        with self._read() as db:
            rows = db.query(
                "SELECT * FROM conversation_uploads WHERE conversation = ? ORDER BY at, file_id",
                [conversation],
            )
            return [_upload(row) for row in rows]

    def held_upload(self, file_id: str) -> HeldUpload | None:
        """One waiting file, or None when it was used, replaced or dropped."""
        with self._read() as db:
            row = _upload_row(db, file_id)
        return None if row is None else _upload(row)

    def set_upload_side(self, file_id: str, side: Side) -> HeldUpload:
        """Say which side a waiting file is (replacing a waiting file of that side).

        Raises:
            NotFound: the file is no longer waiting.
            Conflict: its side was already set.
        """
        with self._write() as db:
            row = _upload_row(db, file_id)
            if row is None:
                raise NotFound(f"file {file_id} is no longer waiting for its partner")
            if row["side"] is not None:
                raise Conflict(f"file {row['name']!r} was already given as the {row['side']} file")
            _drop_side(db, row["conversation"], side, keep=file_id)
            db.conn.execute(
                "UPDATE conversation_uploads SET side = ? WHERE file_id = ?", (side.value, file_id)
            )
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
                    "SELECT * FROM conversation_uploads "
                    "WHERE conversation = ? AND side IS NOT NULL",
                    [conversation],
                )
            }
            if set(rows) != {side.value for side in Side}:
                return None
            db.conn.executemany(
                "DELETE FROM conversation_uploads WHERE file_id = ?",
                [(rows[side.value]["file_id"],) for side in Side],
            )
            return _upload(rows[Side.VENDOR.value]), _upload(rows[Side.PSA.value])


def _drop_side(db: Database, conversation: str, side: Side, *, keep: str) -> None:
    db.conn.execute(
        "DELETE FROM conversation_uploads WHERE conversation = ? AND side = ? AND file_id != ?",
        (conversation, side.value, keep),
    )


def _upload_row(db: Database, file_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM conversation_uploads WHERE file_id = ?", [file_id]))
    return rows[0] if rows else None


def _upload(row: dict[str, Any]) -> HeldUpload:
    return HeldUpload(
        file_id=row["file_id"],
        conversation=row["conversation"],
        name=row["name"],
        side=None if row["side"] is None else Side(row["side"]),
        label=row["label"],
        content=bytes(row["content"]),
        thread=row["thread"],
        by=row["by"],
        at=from_text(row["at"]),
    )
