"""Who owns each client's billing: the account manager, and optionally a billing owner."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from recon.errors import InputError, StoreError, UsageError
from recon.store._base import StoreBase
from recon.store._clients import resolve_client
from recon.store._decisions import log_decision, who
from recon.store._time import from_db, to_db
from recon.store.people import Action, Owner, OwnerImport, OwnerRow

_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{6,}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_user(value: str | None, what: str, *, optional: bool) -> str | None:
    text = (value or "").strip()
    if not text:
        if optional:
            return None
        raise UsageError(f"{what} is required (a Slack user id like U0123ABCD)")
    if not _SLACK_USER.match(text):
        raise UsageError(f"{what} must be a Slack user id like U0123ABCD, not {text!r}")
    return text


def _check_email(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if not _EMAIL.match(text):
        raise UsageError(f"email {text!r} is not an e-mail address")
    return text


def _owner(row: Mapping[str, Any]) -> Owner:
    return Owner(
        client_key=row["client_key"],
        client=row["client"],
        slack_user=row["slack_user"],
        email=row["email"],
        billing_owner=row["billing_owner"],
        updated_by=row["updated_by"],
        updated_at=from_db(row["updated_at"]),
    )


def _values(owner: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if owner is None:
        return None
    return {k: owner[k] for k in ("slack_user", "email", "billing_owner")}


class OwnersMixin(StoreBase):
    """Client lookup and owners."""

    def resolve_client(self, text: str) -> str:
        """The key of the client a person means, among those runs have shown.

        An exact name (by client key) wins; otherwise the text must be part of exactly one
        client's name.

        Raises:
            NotFound: no client matches.
            Ambiguous: several do (``candidates`` lists them).
        """
        with self._read() as db:
            return resolve_client(db, text)

    def set_owner(
        self,
        client: str,
        *,
        slack_user: str,
        email: str | None = None,
        billing_owner: str | None = None,
        by: str,
    ) -> Owner:
        """Make a Slack user the account manager of a client (replacing any earlier one).

        Setting exactly the current values changes nothing and logs nothing.

        Args:
            client: the client's name, or part of it (see :meth:`resolve_client`).
            slack_user: the account manager's Slack user id (``U0123ABCD``).
            email: their e-mail, for lookups; optional.
            billing_owner: a second Slack user id for escalations; optional.
            by: who.

        Returns:
            The owner as stored.

        Raises:
            UsageError: a malformed Slack id or e-mail.
            NotFound: no client matches.
            Ambiguous: several clients match.
        """
        by = who(by)
        values = {
            "slack_user": _check_user(slack_user, "slack_user", optional=False),
            "email": _check_email(email),
            "billing_owner": _check_user(billing_owner, "billing_owner", optional=True),
        }
        with self._write() as db:
            key = resolve_client(db, client)
            _save_owner(db, key, values, by=by, at=to_db(self._now()), reason=None)
            return _owner(_owner_row(db, key) or {})

    def owner_for(self, client_key: str) -> Owner | None:
        """The owner of a client (by client key), or None."""
        with self._read() as db:
            row = _owner_row(db, client_key)
        return None if row is None else _owner(row)

    def owners(self) -> list[Owner]:
        """Every owner, by client name."""
        with self._read() as db:
            return [_owner(row) for row in db.query("SELECT * FROM owners ORDER BY client")]

    def import_owners(
        self,
        rows: Iterable[OwnerRow | Mapping[str, str | None]],
        *,
        by: str,
        source: str | None = None,
    ) -> OwnerImport:
        """Assign many account managers at once: all rows or none.

        Every row is checked first (client found and unambiguous, Slack ids and e-mail well
        formed, no client twice with different owners); if any row is bad, nothing is saved
        and the error lists every bad row with its row number.

        Args:
            rows: :class:`OwnerRow` values (see :func:`recon.store.read_owners_csv`), or
                mappings with ``client``, ``slack_user``, ``email``, ``billing_owner``,
                numbered from 2 as in a spreadsheet with a header row.
            by: who.
            source: the file name, for messages.

        Returns:
            How many owners were added, changed, or already as given.

        Raises:
            InputError: one or more bad rows (all listed).
        """
        by = who(by)
        parsed = [
            r
            if isinstance(r, OwnerRow)
            else OwnerRow(
                row=number,
                client=r.get("client") or "",
                slack_user=r.get("slack_user") or "",
                email=r.get("email"),
                billing_owner=r.get("billing_owner"),
            )
            for number, r in enumerate(rows, start=2)
        ]
        counts = {"added": 0, "changed": 0, "unchanged": 0}
        with self._write() as db:
            problems: list[str] = []
            planned: dict[str, tuple[int, dict[str, Any]]] = {}
            for row in parsed:
                try:
                    key = resolve_client(db, row.client)
                    values = {
                        "slack_user": _check_user(row.slack_user, "slack_user", optional=False),
                        "email": _check_email(row.email),
                        "billing_owner": _check_user(
                            row.billing_owner, "billing_owner", optional=True
                        ),
                    }
                except StoreError as err:
                    problems.append(f"row {row.row}: {err}")
                    continue
                except UsageError as err:
                    problems.append(f"row {row.row}: {err}")
                    continue
                earlier = planned.get(key)
                if earlier is not None and earlier[1] != values:
                    problems.append(
                        f"row {row.row}: {row.client!r} is the same client as row {earlier[0]}"
                        " with a different owner"
                    )
                    continue
                planned[key] = (row.row, values)
            if problems:
                raise InputError(
                    f"owners not imported; {len(problems)} bad row"
                    f"{'s' if len(problems) != 1 else ''}:\n  " + "\n  ".join(problems),
                    path=source,
                )
            at = to_db(self._now())
            reason = f"imported from {source}" if source else "imported"
            for key, (_, values) in planned.items():
                counts[_save_owner(db, key, values, by=by, at=at, reason=reason)] += 1
        return OwnerImport(**counts)


def _owner_row(db: Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM owners WHERE client_key = ?", [key]))
    return rows[0] if rows else None


def _save_owner(
    db: Database, key: str, values: dict[str, Any], *, by: str, at: str, reason: str | None
) -> str:
    """Write one owner and its decision; returns ``added``, ``changed`` or ``unchanged``."""
    old = _owner_row(db, key)
    before = _values(old)
    if before == values:
        return "unchanged"
    (name,) = db.conn.execute("SELECT name FROM clients WHERE client_key = ?", (key,)).fetchone()
    db.conn.execute(
        "INSERT OR REPLACE INTO owners (client_key, client, slack_user, email, billing_owner, "
        "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (key, name, values["slack_user"], values["email"], values["billing_owner"], by, at),
    )
    log_decision(
        db,
        at=from_db(at),
        by=by,
        action=Action.SET_OWNER,
        subject=f"client {name!r}",
        before=before,
        after=values,
        reason=reason,
    )
    return "added" if old is None else "changed"
