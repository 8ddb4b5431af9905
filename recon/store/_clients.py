"""Finding a client the store knows from what a person typed."""

from __future__ import annotations

from sqlite_utils import Database

from recon.errors import Ambiguous, NotFound, UsageError
from recon.normalize import client_key

_SHOWN = 8


def text_key(name: str) -> str:
    """A product name's storage key: case-folded, whitespace collapsed.

    The engine applies its own product normalisation to what :meth:`Store.knowledge`
    returns; this key only stops the same name from being stored twice.
    """
    return " ".join(name.casefold().split())


def company_key(db: Database, name: str) -> str:
    """The key a client of this name is stored under: its own when two PSA companies share
    the name's key (key and spelling, see :func:`recon.match.clients.shown_key`) and a run
    has shown it, else the name's key."""
    from recon.match.clients import psa_identity, shown_key  # noqa: PLC0415 - heavy to load

    own = shown_key(psa_identity(name))
    if db.conn.execute("SELECT 1 FROM clients WHERE client_key = ?", (own,)).fetchone():
        return own
    key, bracket, spelling = own.partition(" [")
    if not bracket:
        return client_key(name)
    # The name with another legal form, or none, still names the one company spelled so.
    core = f"{key} [{spelling.rstrip(']').split(' ')[0]}"
    rows = db.conn.execute(
        "SELECT client_key FROM clients WHERE client_key = ? OR substr(client_key, 1, ?) = ?",
        (core + "]", len(core) + 1, core + " "),
    ).fetchall()
    return str(rows[0][0]) if len(rows) == 1 else client_key(name)


def required(value: str | None, what: str) -> str:
    """A stripped, non-blank name.

    Raises:
        UsageError: the value is missing or blank.
    """
    if value is None or not value.strip():
        raise UsageError(f"{what} is required")
    return value.strip()


def resolve_client(db: Database, text: str) -> str:
    """The client key a name refers to, among the clients runs have shown.

    An exact key match wins (``"ACME Corp."`` finds ``acme``); otherwise the name must be
    contained in exactly one client's key or name (``"wayne"`` finds ``Wayne Enterprises``).

    Args:
        db: the database.
        text: a client name, or part of one, as a person typed it.

    Returns:
        The client key.

    Raises:
        UsageError: blank text.
        NotFound: no client matches.
        Ambiguous: several clients match; the message and ``candidates`` list them.
    """
    text = required(text, "a client name")
    key = client_key(text)
    if db.conn.execute("SELECT 1 FROM clients WHERE client_key = ?", (key,)).fetchone():
        return key
    own = company_key(db, text)
    if own != key:
        return own
    needle = text.casefold()
    rows = db.conn.execute(
        "SELECT client_key, name FROM clients "
        "WHERE instr(client_key, ?) > 0 OR instr(lower(name), ?) > 0 "
        "ORDER BY name LIMIT ?",
        (key, needle, _SHOWN + 1),
    ).fetchall()
    if len(rows) == 1:
        return str(rows[0][0])
    if not rows:
        known = db.conn.execute("SELECT count(*) FROM clients").fetchone()[0]
        hint = "" if known else " (clients are learnt from runs; none recorded yet)"
        raise NotFound(f"no client matches {text!r}{hint}")
    names = [str(name) for _, name in rows[:_SHOWN]]
    more = ", ..." if len(rows) > _SHOWN else ""
    raise Ambiguous(
        f"{text!r} matches several clients: {', '.join(names)}{more}; give more of the name",
        candidates=names,
    )
