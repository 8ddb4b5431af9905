"""The bot's tables: taken over from the store with every row, and kept apart from it."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from bot.conversation import CONVERSATION_VERSION, ClaimKind, Conversation, MessageKind
from recon import Store
from recon.store import _db
from recon.store._migrations import migrate
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parents[3]
T0 = "2026-03-02T09:00:00.000000+00:00"
_STORE_CONVERSATION_TABLES = {
    "leases",
    "chat_seen",
    "chat_uploads",
    "chat_messages",
    "chat_message_items",
    "chat_reviews",
}


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _schema_11_with_bot_rows(path: Path) -> None:
    """A database as the store left it at schema 11, where a bot has been remembering."""
    with _db.write(path) as db:
        migrate(db, target=11)
        q = db.conn.execute
        q("INSERT INTO chat_seen (kind, key, at) VALUES ('file', 'F0OLD0001', ?)", (T0,))
        q(
            "INSERT INTO chat_messages (channel, ts, kind, subject, recipient, at) "
            "VALUES ('D0AAAAAAA', '1.1', 'client', 'acme', 'U0AAAAAAA', ?)",
            (T0,),
        )
        q("INSERT INTO chat_message_items VALUES ('D0AAAAAAA', '1.1', 'gap', 7)")
        q(
            "INSERT INTO chat_reviews (vendor_client, candidates, money_at_stake, reason, status, "
            "created_at) VALUES ('Acme Corp', '[\"Acme\"]', '12.00', 'close call', 'open', ?)",
            (T0,),
        )
        q("INSERT INTO leases VALUES ('scheduler', 'host:1:aa', ?, ?)", (T0, T0))
        # chat_uploads stays empty: the store's migration drops it, the bot makes it again.


def test_a_bots_rows_survive_the_store_upgrade_and_the_takeover(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "recon.db"
    _schema_11_with_bot_rows(path)
    store = Store.open(path, clock=clock)  # the CLI may open it first: nothing lost
    assert "chat_uploads" not in _tables(path)
    assert {"chat_seen", "chat_reviews", "leases"} <= _tables(path)
    chat = Conversation.open(store)
    assert not _tables(path) & _STORE_CONVERSATION_TABLES
    assert not chat.claim(ClaimKind.FILE, "F0OLD0001")  # still remembered
    [message] = chat.messages_showing(gap_id=7)
    assert (message.kind, message.subject) == (MessageKind.CLIENT, "acme")
    assert chat.review(1).candidates == ("Acme",)
    assert chat.held_uploads("D0AAAAAAA:U0AAAAAAA") == []


def test_a_new_database_holds_no_bot_table_until_the_bot_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "recon.db"
    store = Store.open(path)
    assert not {t for t in _tables(path) if t.startswith(("chat_", "conversation"))}
    assert "leases" not in _tables(path)
    Conversation.open(store)
    bot_tables = {t for t in _tables(path) if t.startswith("conversation")}
    assert bot_tables == {
        "conversation_schema",
        "conversation_seen",
        "conversation_uploads",
        "conversation_messages",
        "conversation_message_items",
        "conversation_reviews",
        "conversation_leases",
    }


def test_opening_again_changes_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "recon.db")
    chat = Conversation.open(store)
    assert chat.claim(ClaimKind.EVENT, "Ev1")
    again = Conversation.open(Store.open(tmp_path / "recon.db"))
    assert not again.claim(ClaimKind.EVENT, "Ev1")
    with closing(sqlite3.connect(tmp_path / "recon.db")) as conn:
        assert conn.execute("SELECT version FROM conversation_schema").fetchall() == [
            (CONVERSATION_VERSION,)
        ]


def test_the_store_never_names_a_bot_table() -> None:
    bot_table = re.compile(
        r"\bconversation_(schema|seen|uploads|messages|message_items|reviews|leases)\b"
    )
    for path in (ROOT / "recon").rglob("*.py"):
        assert not bot_table.search(path.read_text(encoding="utf-8")), path.name
