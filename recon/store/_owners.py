"""Who owns each client's billing: the account manager, and optionally a billing owner.

An owner may be set before any run has shown the client (an MSP knows its account managers
before it uploads anything): it is stored under the client's normalised key and *matched*
when a run first shows a client with that key (or a vendor or PSA name with that key); the
run is noted on the owner. An owner may also be known by e-mail only (an owners file, the
PSA's account-manager field) until a chat front end finds the Slack user
(:meth:`OwnersMixin.set_owner` with ``found_by_email``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from recon.errors import InputError, NotFound, StoreError, UsageError
from recon.normalize import client_key
from recon.store._base import StoreBase
from recon.store._clients import company_key, required, resolve_client
from recon.store._decisions import log_decision, who
from recon.store._people import Action, Owner, OwnerImport, OwnerRow, OwnerSource
from recon.store._time import from_db, to_db

_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{6,}$")
_MENTION = re.compile(r"^<@([UW][A-Z0-9]{6,})(?:\|[^>]*)?>$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_user(value: str | None, what: str, *, optional: bool) -> str | None:
    text = (value or "").strip()
    mention = _MENTION.match(text)
    if mention:
        text = mention.group(1)
    if not text:
        if optional:
            return None
        raise UsageError(f"{what} is required (a Slack user id like U0123ABCD)")
    if not _SLACK_USER.match(text):
        if what == "slack_user" and "@" not in text:
            raise UsageError(
                f"{text!r} is neither a Slack user id (like U0123ABCD) nor an e-mail address"
            )
        raise UsageError(f"{what} must be a Slack user id like U0123ABCD, not {text!r}")
    return text


def _check_email(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if not _EMAIL.match(text):
        raise UsageError(f"email {text!r} is not an e-mail address")
    return text.lower()


def split_person(text: str) -> tuple[str | None, str | None]:
    """Read one cell naming a person: ``(slack_user, email)``, exactly one of them set.

    Accepts a Slack user id (``U0123ABCD``), a mention (``<@U0123ABCD>``) or an e-mail.

    Raises:
        UsageError: it is none of those.
    """
    value = (text or "").strip()
    if not value:
        raise UsageError("no owner given (a Slack user id like U0123ABCD, or an e-mail)")
    if "@" in value and not value.startswith("<@"):
        return None, _check_email(value)
    mention = _MENTION.match(value)
    if mention or _SLACK_USER.match(value):
        return _check_user(value, "the owner", optional=False), None
    raise UsageError(f"{value!r} is neither a Slack user id (like U0123ABCD) nor an e-mail address")


def _owner(row: Mapping[str, Any]) -> Owner:
    return Owner(
        client_key=row["client_key"],
        client=row["client"],
        slack_user=row["slack_user"],
        email=row["email"],
        billing_owner=row["billing_owner"],
        updated_by=row["updated_by"],
        updated_at=from_db(row["updated_at"]),
        given_as=row["given_as"] or row["client"],
        matched_run_id=row["matched_run_id"],
        source=OwnerSource(row["source"] or OwnerSource.PERSON),
    )


def _values(owner: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if owner is None:
        return None
    return {k: owner[k] for k in ("slack_user", "email", "billing_owner")}


def _checked(
    slack_user: str | None, email: str | None, billing_owner: str | None
) -> dict[str, Any]:
    values = {
        "slack_user": _check_user(slack_user, "slack_user", optional=True),
        "email": _check_email(email),
        "billing_owner": _check_user(billing_owner, "billing_owner", optional=True),
    }
    if values["slack_user"] is None and values["email"] is None:
        raise UsageError("give the account manager: a Slack user id like U0123ABCD, or an e-mail")
    return values


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
        slack_user: str | None = None,
        email: str | None = None,
        billing_owner: str | None = None,
        by: str,
        reason: str | None = None,
        found_by_email: bool = False,
    ) -> Owner:
        """Make someone the account manager of a client (replacing any earlier one).

        The client may be one no run has shown yet: the owner is then kept under the
        name's client key and matched when a run first shows that client (see
        :attr:`Owner.pending`). Setting exactly the current values changes nothing and logs
        nothing.

        Args:
            client: the client's name, or part of a known client's name (see
                :meth:`resolve_client`); a name that matches no known client is kept as
                written, for a later run.
            slack_user: the account manager's Slack user id (``U0123ABCD``, or a mention).
            email: their e-mail; enough on its own (the bot finds the Slack user by it).
            billing_owner: a second Slack user id for escalations; optional.
            by: who.
            reason: why, for the log; optional.
            found_by_email: ``slack_user`` is the Slack user found for the owner the client
                has, by that owner's e-mail (the bot does this): only the Slack user is
                filled in; the e-mail, the billing owner and where the owner came from (a
                person, or the PSA) stay. Default False.

        Returns:
            The owner as stored.

        Raises:
            UsageError: no Slack user and no e-mail, or a malformed one.
            Ambiguous: the name is part of several known clients' names.
            NotFound: ``found_by_email``, and the client has no owner.
        """
        by = who(by)
        values = _checked(slack_user, email, billing_owner)
        name = required(client, "a client name")
        with self._write() as db:
            key = _client_for_owner(db, name)
            source = None
            if found_by_email:
                row = _owner_row(db, key)
                if row is None:
                    raise NotFound(f"client {name!r} has no owner")
                values = {**(_values(row) or {}), "slack_user": values["slack_user"]}
                source = row["source"]
                reason = f"Slack user found by e-mail {row['email']}" if row["email"] else reason
            _save_owner(
                db, key, name, values, by=by, at=to_db(self._now()), reason=reason, source=source
            )
            return _owner(_owner_row(db, key) or {})

    def owner_for(self, client_key: str) -> Owner | None:
        """The owner of a client (by client key), or None."""
        with self._read() as db:
            row = _owner_row(db, client_key)
        return None if row is None else _owner(row)

    def owners(self) -> list[Owner]:
        """Every owner, by client name (owners waiting for their client's first run too)."""
        with self._read() as db:
            return [_owner(row) for row in db.query("SELECT * FROM owners ORDER BY client")]

    def offer_default_owners(self, account_managers: Mapping[str, str], *, by: str) -> list[Owner]:
        """Take the PSA's account managers as owners of clients nobody has given one.

        A person's choice always wins: a client that has an owner keeps it.

        Args:
            account_managers: client name (as the PSA writes it) -> the account manager's
                e-mail (ConnectWise's company account manager, Autotask's account manager
                resource).
            by: who (the source's name, e.g. ``connectwise``).

        Returns:
            The owners added.
        """
        by = who(by)
        with self._write() as db:
            return offer_owners(db, account_managers, by=by, at=to_db(self._now()))

    def import_owners(
        self,
        rows: Iterable[OwnerRow | Mapping[str, str | None]],
        *,
        by: str,
        source: str | None = None,
    ) -> OwnerImport:
        """Assign many account managers at once: all rows or none.

        Every row is checked first (client not ambiguous, a Slack id or an e-mail well
        formed, no client twice with different owners); if any row is bad, nothing is saved
        and the error lists every bad row with its row number. Clients no run has shown yet
        are kept for a later run, like :meth:`set_owner`.

        Args:
            rows: :class:`OwnerRow` values (see :func:`recon.store.read_owners_csv`), or
                mappings with ``client``, ``slack_user``, ``email``, ``billing_owner``,
                numbered from 2 as in a spreadsheet with a header row.
            by: who.
            source: the file name, for messages.

        Returns:
            How many owners were added, changed, or already as given, and how many wait
            for a run to show their client.

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
            planned: dict[str, tuple[int, str, dict[str, Any]]] = {}
            for row in parsed:
                try:
                    name = required(row.client, "a client name")
                    key = _client_for_owner(db, name)
                    values = _checked(row.slack_user, row.email, row.billing_owner)
                except (StoreError, UsageError) as err:
                    problems.append(f"row {row.row}: {err}")
                    continue
                earlier = planned.get(key)
                if earlier is not None and earlier[2] != values:
                    problems.append(
                        f"row {row.row}: {row.client!r} is the same client as row {earlier[0]}"
                        " with a different owner"
                    )
                    continue
                planned[key] = (row.row, name, values)
            if problems:
                raise InputError(
                    f"owners not imported; {len(problems)} bad row"
                    f"{'s' if len(problems) != 1 else ''}:\n  " + "\n  ".join(problems),
                    path=source,
                )
            at = to_db(self._now())
            reason = f"imported from {source}" if source else "imported"
            waiting = 0
            for key, (_, name, values) in planned.items():
                outcome = _save_owner(
                    db, key, name, values, by=by, at=at, reason=reason, source=OwnerSource.PERSON
                )
                counts[outcome] += 1
                row_now = _owner_row(db, key)
                waiting += row_now is not None and row_now["matched_run_id"] is None
        return OwnerImport(**counts, waiting=waiting)


def _client_for_owner(db: Database, name: str) -> str:
    """The key an owner is kept under: a known client's, else the name's own key."""
    try:
        return resolve_client(db, name)
    except NotFound:
        key = client_key(name)
        if not key:
            raise UsageError(f"{name!r} is not a client name") from None
        return key


def match_waiting_owners(
    db: Database, run_id: int, names: Mapping[str, Iterable[str]]
) -> list[str]:
    """Match owners set before their client's first run to the clients this run shows.

    Called by the store while it records a run, in the same transaction. An owner waiting
    under key K is matched to the run's client whose key is K, or whose vendor or PSA
    name has key K (then it moves to that client's key, unless that client has an owner).
    The owner takes the client's name as the run writes it, and notes the run.

    Args:
        db: the database, inside the run's write transaction.
        run_id: the run being recorded.
        names: the run's client keys -> the names it knows them by (client, vendor and PSA
            names).

    Returns:
        The client keys whose owner was matched by this run.
    """
    waiting = db.conn.execute(
        "SELECT client_key FROM owners WHERE matched_run_id IS NULL"
    ).fetchall()
    if not waiting:
        return []
    by_key: dict[str, str] = {}
    for key, spellings in names.items():
        by_key.setdefault(key, key)
        for spelling in spellings:
            by_key.setdefault(client_key(spelling), key)
    matched: list[str] = []
    for (owner_key,) in waiting:
        target = by_key.get(owner_key)
        if target is None:
            continue
        if target != owner_key:
            if _owner_row(db, target) is not None:
                continue  # the client already has an owner under its own key: it wins
            db.conn.execute(
                "UPDATE owners SET client_key = ? WHERE client_key = ?", (target, owner_key)
            )
        found = db.conn.execute(
            "SELECT name FROM clients WHERE client_key = ?", (target,)
        ).fetchone()
        db.conn.execute(
            "UPDATE owners SET matched_run_id = ?, client = coalesce(?, client) "
            "WHERE client_key = ?",
            (run_id, found[0] if found else None, target),
        )
        matched.append(target)
    return matched


def _owner_row(db: Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM owners WHERE client_key = ?", [key]))
    return rows[0] if rows else None


def _save_owner(
    db: Database,
    key: str,
    given: str,
    values: dict[str, Any],
    *,
    by: str,
    at: str,
    reason: str | None,
    source: str | None,
) -> str:
    """Write one owner and its decision; returns ``added``, ``changed`` or ``unchanged``."""
    old = _owner_row(db, key)
    before = _values(old)
    if before == values:
        return "unchanged"
    known = db.conn.execute(
        "SELECT name, last_run_id FROM clients WHERE client_key = ?", (key,)
    ).fetchone()
    if known is not None:
        name = known[0]
        matched = old["matched_run_id"] if old is not None and old["matched_run_id"] else known[1]
        given_as = old["given_as"] if old is not None else given
    else:
        name = old["client"] if old is not None else given
        matched = None
        given_as = old["given_as"] if old is not None else given
    db.conn.execute(
        "INSERT OR REPLACE INTO owners (client_key, client, slack_user, email, billing_owner, "
        "updated_by, updated_at, given_as, matched_run_id, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            name,
            values["slack_user"],
            values["email"],
            values["billing_owner"],
            by,
            at,
            given_as,
            matched,
            source or OwnerSource.PERSON,
        ),
    )
    log_decision(
        db,
        at=from_db(at),
        by=by,
        action=Action.SET_OWNER,
        subject=f"client {name!r}" + ("" if known is not None else " (not in a run yet)"),
        before=before,
        after=values,
        reason=reason,
    )
    return "added" if old is None else "changed"


def offer_owners(
    db: Database, account_managers: Mapping[str, str], *, by: str, at: str
) -> list[Owner]:
    """:meth:`OwnersMixin.offer_default_owners` inside a write transaction already open (a
    held run confirmed offers the managers its pull found, before it is applied)."""
    added: list[Owner] = []
    for name, email in sorted(account_managers.items()):
        address = (email or "").strip().lower()
        key = company_key(db, name)
        if not key or not _EMAIL.match(address) or _owner_row(db, key) is not None:
            continue
        values = {"slack_user": None, "email": address, "billing_owner": None}
        _save_owner(
            db,
            key,
            name,
            values,
            by=by,
            at=at,
            reason="the PSA's account manager",
            source=OwnerSource.PSA,
        )
        added.append(_owner(_owner_row(db, key) or {}))
    return added
