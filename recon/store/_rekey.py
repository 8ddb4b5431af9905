"""Re-keying stored clients when the client key function changes.

Client keys (:func:`recon.normalize.client_key`) are how a run's gaps, seat history, owners
and learnt aliases find what earlier runs stored. When matching learns to fold more
spellings together ("Acme LLP (Tampa)" and "Acme Tampa"), the key of a stored client can
change; without re-keying, the next run would see that client's gaps as fixed, raise them
again as new, and lose their history and owner. The store therefore records the version
of the key function that wrote it (table ``meta``, row ``client_key_version``); code with a
newer :data:`recon.normalize.CLIENT_KEY_VERSION` recomputes every stored client key from
the stored name, in the one transaction that opens the store, and merges rows that now
share a key: the oldest row survives with the earliest first-seen, later references point
at it, and nothing is summed twice (seat history keeps one row per run and product).
Anomalies and the "expected" marks people set on them follow their client too. A run held
under the old keys is stamped with the version it was written with: its saved gaps name
clients by keys that no longer exist, so confirming it is refused (discard it and reconcile
the same files again) rather than applying it half re-keyed.

Keys that are not a name's key are left alone: a vendor-only client kept apart by its
tenant id or spelling (``vendor:...``, ``id:...``, or a key holding the spelling separator).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable

from sqlite_utils import Database

from recon.normalize import CLIENT_KEY_VERSION, client_key
from recon.store._codec import from_json, to_json

_META_KEY = "client_key_version"
#: In a held run's payload: the client key version its gaps were keyed with, when older
#: than the code's (absent: the version the database has).
KEY_VERSION_FIELD = "client_key_version"


def stored_version(db: Database) -> int:
    """The key version the database's clients were written with (0: before versioning)."""
    row = db.conn.execute("SELECT value FROM meta WHERE key = ?", (_META_KEY,)).fetchone()
    return int(row[0]) if row else 0


def set_version(db: Database, version: int = CLIENT_KEY_VERSION) -> None:
    """Record the key version the database's clients are now written with."""
    db.conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (_META_KEY, str(version)),
    )


def _is_name_key(key: str) -> bool:
    """True for a key made from a name ("acme tampa"), not an identity kept apart."""
    return ":" not in key and "\x1f" not in key


def rekey(
    db: Database,
    key_of: Callable[[str], str] = client_key,
    *,
    from_version: int | None = None,
) -> dict[str, str]:
    """Recompute every stored client key from its stored name and merge rows that now agree.

    Call inside a write transaction. Safe to run again: unchanged keys are left as they are.

    Args:
        db: the database, inside a write transaction.
        key_of: the key function (default: the current :func:`recon.normalize.client_key`).
        from_version: the key version the database was written with (default: what
            ``meta`` says); stamped on runs still held, so confirming one is refused.

    Returns:
        Old key -> new key, for the keys that changed.
    """
    conn = db.conn
    written_with = stored_version(db) if from_version is None else from_version
    moved: dict[str, str] = {}

    def new_key(old: str, name: str) -> str:
        if old in moved:
            return moved[old]
        if not _is_name_key(old) or not name:
            return old
        base, bracket, spelling = old.partition(" [")
        if bracket and old.endswith("]"):
            # One of two PSA companies sharing a key (recon.match.clients.shown_key): the
            # spelling keeps it apart from the other, whatever the key becomes.
            return f"{key_of(name) or base} [{spelling}"
        return key_of(name) or old

    # Clients, and their seat history.
    rows = conn.execute("SELECT id, client_key, name FROM clients ORDER BY id").fetchall()
    survivors: dict[str, int] = {}
    for cid, old, name in rows:
        new = new_key(str(old), str(name))
        if new != old:
            moved[str(old)] = new
        keep = survivors.setdefault(new, int(cid))
        if keep != cid:
            # The oldest client row survives; one seat row per (run, product), never two.
            conn.execute(
                "UPDATE OR IGNORE seat_history SET client_id = ? WHERE client_id = ?", (keep, cid)
            )
            conn.execute("DELETE FROM seat_history WHERE client_id = ?", (cid,))
            conn.execute("DELETE FROM clients WHERE id = ?", (cid,))
    _set_unique(conn, "clients", "id", "client_key", {v: k for k, v in survivors.items()})

    _rekey_gaps(conn, new_key)
    _rekey_owners(conn, new_key)
    _rekey_anomalies(conn, moved)
    _stamp_held_runs(conn, written_with)
    for table in ("client_aliases", "client_rejections", "client_families"):
        _rekey_pairs(conn, table, key_of)
    for old, new in moved.items():
        # A per-client setting follows its client; the surviving client's own setting wins.
        conn.execute("UPDATE OR IGNORE settings SET scope = ? WHERE scope = ?", (new, old))
        conn.execute("DELETE FROM settings WHERE scope = ?", (old,))
    return moved


def _rekey_gaps(conn: sqlite3.Connection, new_key: Callable[[str, str], str]) -> None:
    """Gaps follow their client; two gaps now one keep the oldest row and every reference."""
    rows = conn.execute(
        "SELECT id, client_key, product_key, kind, client, first_seen, first_run_id, "
        "last_seen, last_run_id, runs_seen FROM gaps ORDER BY first_seen, id"
    ).fetchall()
    groups: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for row in rows:
        gid, old, product, kind, name = row[:5]
        groups[f"{new_key(str(old), str(name))}|{product}|{kind}"].append(row)
    keys: dict[int, str] = {}
    for key, group in groups.items():
        keep = group[0]  # the earliest first seen
        keep_id = int(str(keep[0]))
        keys[keep_id] = key
        for other in group[1:]:
            oid = other[0]
            for table in ("run_gaps", "decisions", "alerts", "fixes"):
                # A run that listed both keeps one line: nothing counted twice.
                conn.execute(
                    f"UPDATE OR IGNORE {table} SET gap_id = ? WHERE gap_id = ?", (keep_id, oid)
                )
            conn.execute("DELETE FROM run_gaps WHERE gap_id = ?", (oid,))
            conn.execute("DELETE FROM gaps WHERE id = ?", (oid,))
        if len(group) > 1:
            last = max(group, key=lambda r: (str(r[7]), int(str(r[8]))))
            runs = conn.execute(
                "SELECT count(*) FROM run_gaps WHERE gap_id = ?", (keep_id,)
            ).fetchone()[0]
            conn.execute(
                "UPDATE gaps SET last_seen = ?, last_run_id = ?, runs_seen = ? WHERE id = ?",
                (last[7], last[8], max(int(runs), *(int(str(r[9])) for r in group)), keep_id),
            )
    _set_unique(conn, "gaps", "id", "key", keys)
    for gid, key in keys.items():
        conn.execute("UPDATE gaps SET client_key = ? WHERE id = ?", (key.split("|", 1)[0], gid))


def _rekey_owners(conn: sqlite3.Connection, new_key: Callable[[str, str], str]) -> None:
    """Owners follow their client; when two now share one, the one set first stays."""
    rows = conn.execute("SELECT rowid, client_key, client FROM owners ORDER BY rowid").fetchall()
    keys: dict[int, str] = {}
    taken: set[str] = set()
    for rowid, old, name in rows:
        new = new_key(str(old), str(name))
        if new in taken:
            conn.execute("DELETE FROM owners WHERE rowid = ?", (rowid,))
            continue
        taken.add(new)
        keys[int(rowid)] = new
    _set_unique(conn, "owners", "rowid", "client_key", keys)


def _rekey_anomalies(conn: sqlite3.Connection, moved: dict[str, str]) -> None:
    """Anomalies and their "expected" marks follow their client. An anomaly's key is
    ``client_key|product_key|rule``; when two clients became one, a run's first-listed
    anomaly of a (product, rule) stays, and the earliest mark stays."""
    if not moved:
        return
    rows = conn.execute(
        "SELECT run_id, position, key, client_key, product_key, rule FROM anomalies "
        "ORDER BY run_id, position"
    ).fetchall()
    seen: set[tuple[int, str]] = set()
    for run_id, position, key, old, product, rule in rows:
        new_ck = moved.get(str(old), str(old))
        new_key = f"{new_ck}|{product}|{rule}"
        if (int(run_id), new_key) in seen:
            conn.execute(
                "DELETE FROM anomalies WHERE run_id = ? AND position = ?", (run_id, position)
            )
            continue
        seen.add((int(run_id), new_key))
        if new_key != key:
            conn.execute(
                "UPDATE anomalies SET client_key = ?, key = ? WHERE run_id = ? AND position = ?",
                (new_ck, f"\x00rekey{run_id}:{position}", run_id, position),
            )
    conn.execute(
        "UPDATE anomalies SET key = client_key || '|' || product_key || '|' || rule "
        "WHERE key LIKE char(0) || 'rekey%'"
    )
    marks = conn.execute("SELECT rowid, key FROM expected_anomalies ORDER BY marked_at, rowid")
    wanted: dict[int, str] = {}
    taken: set[str] = set()
    for rowid, key in marks.fetchall():
        old, bar, rest = str(key).partition("|")
        new = f"{moved.get(old, old)}{bar}{rest}"
        if new in taken:
            conn.execute("DELETE FROM expected_anomalies WHERE rowid = ?", (rowid,))
            continue
        taken.add(new)
        wanted[int(rowid)] = new
    _set_unique(conn, "expected_anomalies", "rowid", "key", wanted)


def _stamp_held_runs(conn: sqlite3.Connection, version: int) -> None:
    """Runs still held were written with the old keys: say which, once."""
    rows = conn.execute(
        "SELECT id, payload FROM held_runs WHERE status = 'held' AND payload IS NOT NULL"
    ).fetchall()
    for run_id, text in rows:
        payload = from_json(text)
        if KEY_VERSION_FIELD in payload:
            continue
        payload[KEY_VERSION_FIELD] = version
        conn.execute("UPDATE held_runs SET payload = ? WHERE id = ?", (to_json(payload), run_id))


def _rekey_pairs(conn: sqlite3.Connection, table: str, key_of: Callable[[str], str]) -> None:
    """Aliases and rejections: both keys recomputed from the names people gave; when two
    rows become one, the newest decision stays."""
    rows = conn.execute(
        f"SELECT rowid, vendor_key, vendor_name, psa_key, psa_name FROM {table} ORDER BY rowid"
    ).fetchall()
    winners: dict[object, int] = {}
    wanted: dict[int, tuple[str, str]] = {}
    for rowid, v_old, v_name, p_old, p_name in rows:
        v_new = key_of(v_name) if _is_name_key(v_old) and v_name else str(v_old)
        p_new = key_of(p_name) if _is_name_key(p_old) and p_name else str(p_old)
        wanted[int(rowid)] = (v_new, p_new)
        winners[v_new if table == "client_aliases" else (v_new, p_new)] = int(rowid)
    keep = set(winners.values())
    current = {int(r[0]): (str(r[1]), str(r[3])) for r in rows}
    for rowid in current.keys() - keep:
        conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
    changed = [r for r in keep if wanted[r] != current[r]]
    for rowid in changed:
        conn.execute(
            f"UPDATE {table} SET vendor_key = ? WHERE rowid = ?", (f"\x00rekey{rowid}", rowid)
        )
    for rowid in changed:
        conn.execute(
            f"UPDATE {table} SET vendor_key = ?, psa_key = ? WHERE rowid = ?",
            (*wanted[rowid], rowid),
        )


def _set_unique(
    conn: sqlite3.Connection, table: str, id_col: str, key_col: str, keys: dict[int, str]
) -> None:
    """Set a UNIQUE key column per row id in two steps, so a swap never collides midway."""
    current = dict(conn.execute(f"SELECT {id_col}, {key_col} FROM {table}").fetchall())
    changed = {rid: key for rid, key in keys.items() if current.get(rid) != key}
    for rid in changed:
        conn.execute(
            f"UPDATE {table} SET {key_col} = ? WHERE {id_col} = ?", (f"\x00rekey{rid}", rid)
        )
    for rid, key in changed.items():
        conn.execute(f"UPDATE {table} SET {key_col} = ? WHERE {id_col} = ?", (key, rid))
