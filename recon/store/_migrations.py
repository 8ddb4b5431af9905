"""The schema, as an ordered list of migration steps.

``PRAGMA user_version`` holds how many steps a database has had. Opening a database runs the
missing steps in order, inside the same write transaction, so an upgrade is all or nothing.
Never edit a step that has shipped: add a new one at the end (its statements in
:mod:`recon.store._schema_sql`).

Conventions: money and quantities that people see are exact ``Decimal`` text; seat history
keeps the line frame's integer milli-seats (it is the bulk of the file); times are UTC ISO
8601 text of one fixed width (see :mod:`recon.store._time`); JSON columns are text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from recon.errors import StoreError
from recon.store import _schema_sql as sql


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: the version it produces, what it is for, and its statements.

    ``run`` is for the rare step SQL alone can't say (it runs after the statements).
    """

    version: int
    description: str
    statements: tuple[str, ...]
    run: Callable[[Database], None] | None = None


#: The tables migrations 5 and 6 made for the Slack bot's conversation state, which is the
#: bot's now (bot/conversation keeps it in tables of its own, in the same file).
_CONVERSATION_TABLES = (
    "leases",
    "chat_seen",
    "chat_uploads",
    "chat_messages",
    "chat_message_items",
    "chat_reviews",
)


def _drop_empty_conversation_tables(db: Database) -> None:
    """Migration 16: the store keeps billing memory only. A conversation table with no row
    goes; one holding rows stays until the bot takes it over (renamed, rows and all), so a
    database upgraded by the CLI first loses nothing the bot remembered."""
    present = set(db.table_names())
    for table in _CONVERSATION_TABLES:
        if (
            table in present
            and db.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
        ):
            db.conn.execute(f"DROP TABLE {table}")


#: Every schema step, oldest first. The index of a step plus one is its version.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "runs, seat history, gaps and the decision log", sql.V1),
    Migration(2, "aliases, rejections, ignored products, column maps, owners, settings", sql.V2),
    Migration(3, "bundles: one PSA product standing for several vendor products", sql.V3),
    Migration(4, "the alert log: which gap was told to whom, when and why", sql.V4),
    Migration(5, "leases: one scheduler per database", sql.V5),
    Migration(
        6, "chat bookkeeping: seen ids, held uploads, posted messages, review prompts", sql.V6
    ),
    Migration(7, "anomalies per run, and anomalies marked expected", sql.V7),
    Migration(8, "owners set before a first run, or known by e-mail only", sql.V8),
    Migration(9, "anomaly checks in calendar periods", sql.V9),
    Migration(
        10, "who caused each run, run figures, and runs held by the plausibility guard", sql.V10
    ),
    Migration(11, "product rejections: a mapping question answered no", sql.V11),
    Migration(12, "commitments: term, reduction deadline and money per gap", sql.V12),
    Migration(13, "gaps fixed in the PSA from recon, and every write to a PSA", sql.V13),
    Migration(14, "the day a run's exports describe (--as-of)", sql.V14),
    Migration(15, "facts about the database itself: the client key version", sql.V15),
    Migration(
        16,
        "the Slack conversation tables leave the store (the bot keeps its own)",
        (),
        _drop_empty_conversation_tables,
    ),
    Migration(17, "pending gaps: the mapping question a gap rests on", sql.V17),
    Migration(18, "how a run read products: spellings an alias left their own product", sql.V18),
    Migration(19, "family answers: a PSA company billed for a vendor customer's licences", sql.V19),
    Migration(20, "maker answers: is a maker bought from the vendor file's source", sql.V20),
)

#: The schema version this code writes.
SCHEMA_VERSION = MIGRATIONS[-1].version


def schema_version(db: Database) -> int:
    """The database's ``PRAGMA user_version``: how many migration steps it has had."""
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, *, target: int = SCHEMA_VERSION) -> list[int]:
    """Bring a database up to ``target`` by running the missing steps in order.

    Call inside a write transaction (``BEGIN IMMEDIATE``), so that a concurrent opener waits
    and then finds nothing left to do, and so that a failed step leaves the old schema.

    Args:
        db: the database, inside a write transaction.
        target: the version to reach (default: the newest, :data:`SCHEMA_VERSION`).

    Returns:
        The versions applied, oldest first (empty when already up to date).

    Raises:
        StoreError: the database is newer than this code, or holds tables that are not
            recon's.
    """
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"this database has schema version {current}, but this version of recon only "
            f"knows up to {SCHEMA_VERSION}; upgrade recon to open it"
        )
    if current == 0:
        foreign = [
            row[0]
            for row in db.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        if foreign:
            raise StoreError(
                "this file is an SQLite database but not a recon one (it has tables "
                f"{', '.join(sorted(foreign)[:5])}); choose another --db"
            )
    applied = []
    for step in MIGRATIONS[current:target]:
        for statement in step.statements:
            db.conn.execute(statement)
        if step.run is not None:
            step.run(db)
        db.conn.execute(f"PRAGMA user_version = {step.version}")
        applied.append(step.version)
    return applied
