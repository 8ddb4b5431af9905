"""The bot's own tables, as an ordered list of migration steps, kept apart from the store's.

The store counts its steps in ``PRAGMA user_version``; the bot counts its own in the
one-row table ``conversation_schema``. Opening a conversation runs the missing steps in
one write transaction: all or nothing. Never edit a step that has shipped; add one.

Step 1 takes over what the store kept for the bot up to its schema 15 (its migrations 5 and
6: ``leases``, ``chat_seen``, ``chat_uploads``, ``chat_messages``, ``chat_message_items``,
``chat_reviews``): a table that is there is renamed, rows and all; one that is not (a new
database, or one the store's migration 16 found empty and dropped) is created.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from recon import StoreError

#: The tables of step 1: the store's old name -> the bot's name, and the bot's definition.
_TAKEN_OVER: tuple[tuple[str, str, str], ...] = (
    (
        "leases",
        "conversation_leases",
        """
        CREATE TABLE conversation_leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )
        """,
    ),
    (
        "chat_seen",
        "conversation_seen",
        """
        CREATE TABLE conversation_seen (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID
        """,
    ),
    (
        "chat_uploads",
        "conversation_uploads",
        """
        CREATE TABLE conversation_uploads (
            file_id TEXT PRIMARY KEY,
            conversation TEXT NOT NULL,
            name TEXT NOT NULL,
            side TEXT CHECK (side IN ('vendor', 'psa')),
            label TEXT NOT NULL,
            content BLOB NOT NULL,
            thread TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """,
    ),
    (
        "chat_messages",
        "conversation_messages",
        """
        CREATE TABLE conversation_messages (
            channel TEXT NOT NULL,
            ts TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            recipient TEXT,
            at TEXT NOT NULL,
            PRIMARY KEY (channel, ts)
        ) WITHOUT ROWID
        """,
    ),
    (
        "chat_message_items",
        "conversation_message_items",
        """
        CREATE TABLE conversation_message_items (
            channel TEXT NOT NULL,
            ts TEXT NOT NULL,
            item TEXT NOT NULL CHECK (item IN ('gap', 'review')),
            item_id INTEGER NOT NULL,
            UNIQUE (channel, ts, item, item_id)
        )
        """,
    ),
    (
        "chat_reviews",
        "conversation_reviews",
        """
        CREATE TABLE conversation_reviews (
            id INTEGER PRIMARY KEY,
            vendor_client TEXT NOT NULL,
            candidates TEXT NOT NULL,
            money_at_stake TEXT NOT NULL,
            reason TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('open', 'confirmed', 'rejected', 'aliased')),
            decided_by TEXT,
            decided_at TEXT,
            psa_client TEXT,
            created_at TEXT NOT NULL
        )
        """,
    ),
)

#: The store's old index names, dropped with the takeover; the bot's, created.
_OLD_INDEXES = (
    "chat_seen_by_age",
    "chat_uploads_by_conversation",
    "chat_message_items_by_item",
    "chat_reviews_open",
)
_INDEXES = (
    "CREATE INDEX conversation_seen_by_age ON conversation_seen (at)",
    "CREATE INDEX conversation_uploads_by_conversation ON conversation_uploads (conversation, at)",
    "CREATE INDEX conversation_message_items_by_item ON conversation_message_items (item, item_id)",
    "CREATE INDEX conversation_reviews_open ON conversation_reviews (vendor_client, status)",
)


def _take_over(db: Database) -> None:
    """Step 1: the store's conversation tables become the bot's, rows and all."""
    tables = set(db.table_names())
    for old, new, create in _TAKEN_OVER:
        if old in tables:
            db.conn.execute(f"ALTER TABLE {old} RENAME TO {new}")
        else:
            db.conn.execute(create)
    for index in _OLD_INDEXES:
        db.conn.execute(f"DROP INDEX IF EXISTS {index}")
    for statement in _INDEXES:
        db.conn.execute(statement)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the bot's schema: the version it produces and what it is for."""

    version: int
    description: str


#: Every step of the bot's tables, oldest first.
STEPS: tuple[Step, ...] = (
    Step(
        1,
        "the conversation tables: seen ids, held uploads, posted messages, review prompts, "
        "leases (taken over from the store)",
    ),
)
_RUN = {1: _take_over}

#: The version of the bot's tables this code writes.
CONVERSATION_VERSION = STEPS[-1].version


def conversation_version(db: Database) -> int:
    """How many of the bot's steps a database has had (0: none yet)."""
    if "conversation_schema" not in db.table_names():
        return 0
    row = db.conn.execute("SELECT version FROM conversation_schema").fetchone()
    return 0 if row is None else int(row[0])


def migrate(db: Database) -> list[int]:
    """Run the bot's missing steps, oldest first, inside the caller's write transaction.

    Returns:
        The versions applied (empty when up to date).

    Raises:
        StoreError: the bot's tables were written by a newer version of the bot.
    """
    current = conversation_version(db)
    if current > CONVERSATION_VERSION:
        raise StoreError(
            f"the bot's tables in this database are at version {current}, but this bot only "
            f"knows up to {CONVERSATION_VERSION}; upgrade the bot"
        )
    if current == 0:
        db.conn.execute("CREATE TABLE IF NOT EXISTS conversation_schema (version INTEGER NOT NULL)")
        db.conn.execute("DELETE FROM conversation_schema")
        db.conn.execute("INSERT INTO conversation_schema (version) VALUES (0)")
    applied = []
    for step in STEPS[current:]:
        _RUN[step.version](db)
        db.conn.execute("UPDATE conversation_schema SET version = ?", (step.version,))
        applied.append(step.version)
    return applied
