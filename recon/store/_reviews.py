"""Review prompts: a client pair the engine would not make on its own, put to a person.

A prompt is decided once: :meth:`ReviewsMixin.decide_review` claims the decision atomically,
so a double click or two people clicking at once act once; the caller then teaches the
matcher (:meth:`~recon.store.Store.confirm_match`, ``reject_client``, ``add_client_alias``)
and undoes the claim if that fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from recon.errors import Conflict, NotFound, UsageError
from recon.store._base import StoreBase
from recon.store._codec import dec_text, from_json, to_json
from recon.store._settings import read_settings, zone_of
from recon.store._time import format_local, from_db, to_db

_REVIEW_OUTCOMES = ("confirmed", "rejected", "aliased")


@dataclass(frozen=True, slots=True)
class ChatReview:
    """A client pair put to a person: is this vendor client that PSA client?

    Attributes:
        id: increasing id.
        vendor_client: the vendor's name for the client.
        candidates: PSA client names offered, best first.
        money_at_stake: the vendor's monthly cost for the client's seats.
        reason: why the engine would not decide alone.
        status: ``open``, ``confirmed``, ``rejected`` or ``aliased``.
        decided_by: who decided, once decided.
        decided_at: when.
        psa_client: the PSA client it was decided against.
        created_at: when it was first put.
    """

    id: int
    vendor_client: str
    candidates: tuple[str, ...]
    money_at_stake: Decimal
    reason: str
    status: str
    decided_by: str | None
    decided_at: datetime | None
    psa_client: str | None
    created_at: datetime


class ReviewsMixin(StoreBase):
    """Review prompts."""

    def put_review(
        self,
        vendor_client: str,
        *,
        candidates: Sequence[str],
        money_at_stake: Decimal,
        reason: str,
    ) -> ChatReview:
        """Put a client pair to a person; an open prompt for the same vendor name is reused."""
        with self._write() as db:
            now = to_db(self._now())
            old = db.conn.execute(
                "SELECT id FROM chat_reviews WHERE vendor_client = ? AND status = 'open'",
                (vendor_client,),
            ).fetchone()
            values = (to_json(list(candidates)), dec_text(money_at_stake), reason)
            if old is not None:
                review_id = int(old[0])
                db.conn.execute(
                    "UPDATE chat_reviews SET candidates = ?, money_at_stake = ?, reason = ? "
                    "WHERE id = ?",
                    (*values, review_id),
                )
            else:
                cursor = db.conn.execute(
                    "INSERT INTO chat_reviews (vendor_client, candidates, money_at_stake, reason, "
                    "status, created_at) VALUES (?, ?, ?, ?, 'open', ?)",
                    (vendor_client, *values, now),
                )
                review_id = int(cursor.lastrowid or 0)
            return _review(_review_row(db, review_id))

    def review(self, review_id: int) -> ChatReview:
        """One review prompt.

        Raises:
            NotFound: no prompt has this id.
        """
        with self._read() as db:
            return _review(_review_row(db, review_id))

    def decide_review(
        self, review_id: int, *, outcome: str, psa_client: str | None, by: str
    ) -> ChatReview:
        """Claim the decision of an open prompt (only one caller wins).

        Args:
            review_id: the prompt.
            outcome: ``confirmed``, ``rejected`` or ``aliased``.
            psa_client: the PSA client it was decided against.
            by: who.

        Raises:
            UsageError: unknown outcome.
            NotFound: no such prompt.
            Conflict: it was already decided (the message says by whom and when).
        """
        if outcome not in _REVIEW_OUTCOMES:
            raise UsageError(f"unknown review outcome {outcome!r}")
        with self._write() as db:
            row = _review_row(db, review_id)
            if row["status"] != "open":
                when = format_local(from_db(row["decided_at"]), zone_of(read_settings(db)))
                raise Conflict(
                    f"{row['vendor_client']!r} was already {row['status']} by "
                    f"{row['decided_by']} at {when}"
                )
            db.conn.execute(
                "UPDATE chat_reviews SET status = ?, decided_by = ?, decided_at = ?, "
                "psa_client = ? WHERE id = ? AND status = 'open'",
                (outcome, by, to_db(self._now()), psa_client, review_id),
            )
            return _review(_review_row(db, review_id))

    def undo_review(self, review_id: int) -> None:
        """Open a prompt again (when the decision it claimed could not be carried out)."""
        with self._write() as db:
            db.conn.execute(
                "UPDATE chat_reviews SET status = 'open', decided_by = NULL, decided_at = NULL, "
                "psa_client = NULL WHERE id = ?",
                (review_id,),
            )


def _review_row(db: Database, review_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM chat_reviews WHERE id = ?", [review_id]))
    if not rows:
        raise NotFound(f"no review prompt with id {review_id}")
    return rows[0]


def _review(row: dict[str, Any]) -> ChatReview:
    return ChatReview(
        id=row["id"],
        vendor_client=row["vendor_client"],
        candidates=tuple(from_json(row["candidates"])),
        money_at_stake=Decimal(row["money_at_stake"]),
        reason=row["reason"],
        status=row["status"],
        decided_by=row["decided_by"],
        decided_at=None if row["decided_at"] is None else from_db(row["decided_at"]),
        psa_client=row["psa_client"],
        created_at=from_db(row["created_at"]),
    )
