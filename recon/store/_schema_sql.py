"""The statements of every shipped schema step, oldest first (see :mod:`recon.store._migrations`).

Kept apart from the runner because they are data, not logic, and because a shipped step is
never edited: new steps are appended here and listed in ``MIGRATIONS``.
"""

from __future__ import annotations

V1 = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        generated_at TEXT NOT NULL,
        source TEXT NOT NULL,
        gap_count INTEGER NOT NULL,
        seat_rows INTEGER NOT NULL,
        under_billed TEXT NOT NULL,
        over_billed TEXT NOT NULL,
        summary TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE run_files (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        position INTEGER NOT NULL,
        side TEXT NOT NULL,
        path TEXT NOT NULL,
        format_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        rows_read INTEGER NOT NULL,
        rows_used INTEGER NOT NULL,
        skipped TEXT NOT NULL,
        PRIMARY KEY (run_id, position)
    )
    """,
    """
    CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        client_key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        last_run_id INTEGER REFERENCES runs(id)
    )
    """,
    """
    CREATE TABLE products (
        id INTEGER PRIMARY KEY,
        product_key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE seat_history (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        client_id INTEGER NOT NULL REFERENCES clients(id),
        product_id INTEGER NOT NULL REFERENCES products(id),
        vendor_qty_milli INTEGER NOT NULL,
        psa_qty_milli INTEGER NOT NULL,
        PRIMARY KEY (run_id, client_id, product_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX seat_history_by_client ON seat_history (client_id, product_id)",
    """
    CREATE TABLE gaps (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        client_key TEXT NOT NULL,
        product_key TEXT NOT NULL,
        client TEXT NOT NULL,
        product TEXT NOT NULL,
        vendor_client TEXT,
        psa_client TEXT,
        vendor_product TEXT,
        psa_product TEXT,
        vendor_qty TEXT NOT NULL,
        psa_qty TEXT NOT NULL,
        seat_delta TEXT NOT NULL,
        monthly_impact TEXT NOT NULL,
        vendor_unit_cost TEXT,
        psa_unit_price TEXT,
        confidence REAL NOT NULL,
        why TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('open', 'resolved', 'accepted', 'snoozed', 'fixed')),
        status_changed_at TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        first_run_id INTEGER NOT NULL REFERENCES runs(id),
        last_seen TEXT NOT NULL,
        last_run_id INTEGER NOT NULL REFERENCES runs(id),
        runs_seen INTEGER NOT NULL,
        leaked_to_date TEXT NOT NULL,
        refund_risk_to_date TEXT NOT NULL,
        recovered_monthly TEXT,
        recovered_at TEXT,
        overdue INTEGER NOT NULL DEFAULT 0,
        fixed_at TEXT,
        resolved_by TEXT,
        resolved_at TEXT,
        resolved_note TEXT,
        accepted_by TEXT,
        accepted_at TEXT,
        accepted_reason TEXT,
        accepted_delta TEXT,
        snoozed_by TEXT,
        snoozed_at TEXT,
        snoozed_until TEXT
    )
    """,
    "CREATE INDEX gaps_by_status ON gaps (status)",
    "CREATE INDEX gaps_by_client ON gaps (client_key)",
    """
    CREATE TABLE run_gaps (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        gap_id INTEGER NOT NULL REFERENCES gaps(id),
        position INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT,
        seat_delta TEXT NOT NULL,
        monthly_impact TEXT NOT NULL,
        PRIMARY KEY (run_id, gap_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX run_gaps_by_gap ON run_gaps (gap_id)",
    """
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        gap_id INTEGER REFERENCES gaps(id),
        before TEXT,
        after TEXT,
        reason TEXT
    )
    """,
    "CREATE INDEX decisions_by_gap ON decisions (gap_id)",
)

V2 = (
    """
    CREATE TABLE client_aliases (
        vendor_key TEXT PRIMARY KEY,
        vendor_name TEXT NOT NULL,
        psa_key TEXT NOT NULL,
        psa_name TEXT NOT NULL,
        confirmed INTEGER NOT NULL DEFAULT 0,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE client_rejections (
        vendor_key TEXT NOT NULL,
        psa_key TEXT NOT NULL,
        vendor_name TEXT NOT NULL,
        psa_name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (vendor_key, psa_key)
    )
    """,
    """
    CREATE TABLE product_aliases (
        raw_key TEXT PRIMARY KEY,
        raw_name TEXT NOT NULL,
        target TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE ignored_products (
        product_key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE column_maps (
        format_name TEXT PRIMARY KEY,
        mapping TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE owners (
        client_key TEXT PRIMARY KEY,
        client TEXT NOT NULL,
        slack_user TEXT NOT NULL,
        email TEXT,
        billing_owner TEXT,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE settings (
        key TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT '',
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (key, scope)
    )
    """,
)

V3 = (
    """
    CREATE TABLE bundles (
        bundle_key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        components TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
)

V4 = (
    """
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        gap_id INTEGER NOT NULL REFERENCES gaps(id),
        at TEXT NOT NULL,
        reason TEXT NOT NULL,
        seat_delta TEXT NOT NULL,
        monthly_impact TEXT NOT NULL,
        recipients TEXT NOT NULL
    )
    """,
    "CREATE INDEX alerts_by_gap ON alerts (gap_id, at)",
)

V5 = (
    """
    CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    )
    """,
)

V6 = (
    """
    CREATE TABLE chat_seen (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX chat_seen_by_age ON chat_seen (at)",
    """
    CREATE TABLE chat_uploads (
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
    "CREATE INDEX chat_uploads_by_conversation ON chat_uploads (conversation, at)",
    """
    CREATE TABLE chat_messages (
        channel TEXT NOT NULL,
        ts TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        recipient TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (channel, ts)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE chat_message_items (
        channel TEXT NOT NULL,
        ts TEXT NOT NULL,
        item TEXT NOT NULL CHECK (item IN ('gap', 'review')),
        item_id INTEGER NOT NULL,
        UNIQUE (channel, ts, item, item_id)
    )
    """,
    "CREATE INDEX chat_message_items_by_item ON chat_message_items (item, item_id)",
    """
    CREATE TABLE chat_reviews (
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
    "CREATE INDEX chat_reviews_open ON chat_reviews (vendor_client, status)",
)

V7 = (
    """
    CREATE TABLE anomaly_checks (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id),
        at TEXT NOT NULL,
        series INTEGER NOT NULL,
        history_runs INTEGER NOT NULL,
        found INTEGER NOT NULL,
        expected INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE anomalies (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        position INTEGER NOT NULL,
        key TEXT NOT NULL,
        rule TEXT NOT NULL,
        severity TEXT NOT NULL,
        client_key TEXT NOT NULL,
        product_key TEXT NOT NULL,
        client TEXT NOT NULL,
        product TEXT NOT NULL,
        sides TEXT NOT NULL,
        explanation TEXT NOT NULL,
        numbers TEXT NOT NULL,
        seats TEXT NOT NULL,
        unit_price TEXT,
        money_at_stake TEXT,
        details TEXT NOT NULL,
        bands TEXT NOT NULL,
        expected INTEGER NOT NULL DEFAULT 0,
        note TEXT,
        PRIMARY KEY (run_id, key)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX anomalies_by_key ON anomalies (key)",
    """
    CREATE TABLE expected_anomalies (
        key TEXT PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        bands TEXT NOT NULL,
        marked_by TEXT NOT NULL,
        marked_at TEXT NOT NULL,
        reason TEXT,
        lapsed_at TEXT,
        lapsed_run_id INTEGER REFERENCES runs(id)
    )
    """,
)

# Owners before the first run: an owner may name a client no run has shown yet (matched by
# its key when a run first shows it, and that run noted), and may be known by e-mail only
# until the bot finds the Slack user (so slack_user may be empty). SQLite can't drop a NOT
# NULL constraint in place, so the table is rebuilt.
V8 = (
    """
    CREATE TABLE owners_v8 (
        client_key TEXT PRIMARY KEY,
        client TEXT NOT NULL,
        slack_user TEXT,
        email TEXT,
        billing_owner TEXT,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        given_as TEXT,
        matched_run_id INTEGER REFERENCES runs(id),
        source TEXT,
        CHECK (slack_user IS NOT NULL OR email IS NOT NULL)
    )
    """,
    """
    INSERT INTO owners_v8 (client_key, client, slack_user, email, billing_owner, updated_by,
        updated_at, given_as, matched_run_id, source)
    SELECT o.client_key, o.client, o.slack_user, o.email, o.billing_owner, o.updated_by,
        o.updated_at, o.client, c.last_run_id, NULL
    FROM owners o LEFT JOIN clients c ON c.client_key = o.client_key
    """,
    "DROP TABLE owners",
    "ALTER TABLE owners_v8 RENAME TO owners",
)

V9 = (
    # Anomaly rules read calendar periods, not runs: a check records the period its runs
    # were resampled to and how many periods (and calendar months) of history it read.
    "ALTER TABLE anomaly_checks ADD COLUMN period TEXT NOT NULL DEFAULT 'month'",
    "ALTER TABLE anomaly_checks ADD COLUMN periods INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE anomaly_checks ADD COLUMN months INTEGER NOT NULL DEFAULT 0",
    "UPDATE anomaly_checks SET periods = history_runs, months = history_runs",
)

V10 = (
    # Who caused each run, and the figures the plausibility guard compares (per bundle).
    "ALTER TABLE runs ADD COLUMN caused_by TEXT",
    "ALTER TABLE runs ADD COLUMN bundle TEXT",
    "ALTER TABLE runs ADD COLUMN figures TEXT",
    "CREATE INDEX runs_by_bundle ON runs (bundle, id)",
    # A run the guard held: shown, never applied, until an admin confirms or discards it.
    # ``facts`` are its runs/run_files rows to be (files, counts, summary, as JSON);
    # ``payload`` keeps exactly what confirming applies (gaps, seats, scope); it is cleared
    # once the run is decided. Its id is taken from the same sequence as runs' ids.
    """
    CREATE TABLE held_runs (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        generated_at TEXT NOT NULL,
        source TEXT NOT NULL,
        caused_by TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('held', 'confirmed', 'discarded')),
        reasons TEXT NOT NULL,
        bundle TEXT NOT NULL,
        figures TEXT NOT NULL,
        facts TEXT NOT NULL,
        gap_count INTEGER NOT NULL,
        under_billed TEXT NOT NULL,
        over_billed TEXT NOT NULL,
        payload TEXT,
        decided_by TEXT,
        decided_at TEXT,
        note TEXT
    )
    """,
    "CREATE INDEX held_runs_by_status ON held_runs (status, id)",
)

V11 = (
    """
    CREATE TABLE product_rejections (
        raw_key TEXT NOT NULL,
        raw_name TEXT NOT NULL,
        target_key TEXT NOT NULL,
        target TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (raw_key, target_key)
    )
    """,
)

V12 = (
    # Commitments (issue 17): what to do about a gap, and by when. Dates are ISO days; money
    # is Decimal text like the other money columns. The alert log keeps the reduction
    # deadline a reminder was about, so each window is reminded of once.
    "ALTER TABLE gaps ADD COLUMN term TEXT",
    "ALTER TABLE gaps ADD COLUMN term_end TEXT",
    "ALTER TABLE gaps ADD COLUMN reduce_possible_until TEXT",
    "ALTER TABLE gaps ADD COLUMN act_by TEXT",
    "ALTER TABLE gaps ADD COLUMN bill_recovers TEXT",
    "ALTER TABLE gaps ADD COLUMN reduce_saves TEXT",
    "ALTER TABLE gaps ADD COLUMN currency TEXT",
    "CREATE INDEX gaps_by_act_by ON gaps (act_by) WHERE act_by IS NOT NULL",
    "ALTER TABLE alerts ADD COLUMN deadline TEXT",
)

V13 = (
    # A gap fixed in the PSA from recon (`recon fix`, the Slack button): it is resolved with
    # ``fix_pending`` set until the next run confirms the fix (fixed, money recovered) or
    # reopens it with ``fix_note`` saying what the PSA still shows.
    "ALTER TABLE gaps ADD COLUMN fix_pending INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE gaps ADD COLUMN fix_by TEXT",
    "ALTER TABLE gaps ADD COLUMN fix_at TEXT",
    "ALTER TABLE gaps ADD COLUMN fix_summary TEXT",
    "ALTER TABLE gaps ADD COLUMN fix_note TEXT",
    # Every write to a PSA, one row per idempotency key: a double click or a retry of the
    # same fix finds its row and sends nothing twice. ``plan`` is the preview (JSON) that
    # was confirmed; ``message`` what the PSA said when it failed or was refused.
    """
    CREATE TABLE fixes (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        gap_id INTEGER NOT NULL REFERENCES gaps(id),
        run_id INTEGER NOT NULL,
        psa TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sending', 'applied', 'failed', 'refused')),
        who TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        plan TEXT NOT NULL,
        message TEXT
    )
    """,
    "CREATE INDEX fixes_by_gap ON fixes (gap_id, id)",
)

V14 = (
    # The day a run's exports describe (``--as-of``), when it was given: months of old
    # exports backfilled in one sitting are placed in their own months by the anomaly
    # calendar, not all on the day they were saved. NULL: the run describes its save day.
    "ALTER TABLE runs ADD COLUMN as_of TEXT",
)

# What the database was written with: ``client_key_version`` is the version of the client
# key function its stored keys come from (recon.store._rekey re-keys older ones).
V15 = (
    """
    CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
)


V17 = (
    # A pending gap (issue 11): the unanswered mapping question it rests on, NULL when its
    # products are decided. The lifecycle reads it: a pending gap whose comparison no longer
    # stands (the question answered no) is withdrawn, never counted as fixed.
    "ALTER TABLE gaps ADD COLUMN rests_on TEXT",
)

V18 = (
    # How a run read products where a fresh reading would differ (issue 11's product pairing):
    # the catalogue ids whose spellings it left their catalogue product although they share a
    # key with a text a person mapped to another product, as a JSON list. NULL: recorded
    # before this step, so `recon fix` can't reproduce the run's reading and is stricter.
    "ALTER TABLE runs ADD COLUMN kept_products TEXT",
)


V19 = (
    # A family question answered (issue 11): is a PSA company billed for a vendor customer's
    # licences? same=1: compared summed as one organisation; 0: apart, never asked again.
    # Keys are client keys, re-keyed like the aliases (recon.store._rekey).
    """
    CREATE TABLE IF NOT EXISTS client_families (
        vendor_key TEXT NOT NULL,
        psa_key TEXT NOT NULL,
        vendor_name TEXT NOT NULL,
        psa_name TEXT NOT NULL,
        same INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (vendor_key, psa_key)
    )
    """,
)


V20 = (
    # A maker question answered (issue 11): is this maker bought from this source (Pax8)?
    # bought=1: its PSA lines are compared as the file's from the next run; 0: bought
    # elsewhere, never compared nor asked again. maker_key: the maker casefolded.
    """
    CREATE TABLE IF NOT EXISTS maker_answers (
        source TEXT NOT NULL,
        maker_key TEXT NOT NULL,
        maker TEXT NOT NULL,
        bought INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (source, maker_key)
    )
    """,
)
