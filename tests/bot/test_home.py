"""The App Home: the viewer's own open gaps, with totals, the last run and the buttons."""

from __future__ import annotations

import json

from bot.blocks import run_summary
from recon import ReconcileOutcome, Store
from tests.bot.block_limits import block_problems
from tests.bot.conftest import ANN, BOB, Slack, blocks_text, seed
from tests.bot.fake_slack import FakeSlack
from tests.bot.test_reliability import _gap


def view_of(params: dict) -> dict:
    view = params["view"]
    return json.loads(view) if isinstance(view, str) else view


def open_home(slack: Slack, user: str) -> None:
    slack.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})


def test_opening_the_home_tab_publishes_the_viewers_gaps(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    seed(store, owners={"Pied Piper": ANN, "Gotham Medical": BOB})
    store.set_setting("timezone", "America/New_York", by="cli:test")
    open_home(slack, ANN)
    [publish] = fake.calls_to("views.publish")
    assert publish.params["user_id"] == ANN
    view = view_of(publish.params)
    assert view["type"] == "home"
    text = blocks_text(publish.params)
    assert "Pied Piper Inc" in text and "Gotham" not in text
    assert "Last run: 2026-03-02 04:00 EST" in text  # the configured time zone
    assert "*$570.00/mo* under-billed" in text
    assert text.count("Mark resolved") == 2


def test_someone_owning_nothing_is_told_how_to_get_clients(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    seed(store)
    open_home(slack, BOB)
    assert "Nothing to do" in blocks_text(fake.calls_to("views.publish")[0].params)


def test_300_gaps_fit_the_home_tab_and_the_run_answer(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    from decimal import Decimal

    import pandas as pd

    from recon import ReconResult, Summary

    gaps = tuple(_gap(n) for n in range(300))
    summary = Summary(
        (),
        {"missing_in_psa": 300},
        {"missing_in_psa": Decimal(451500)},
        Decimal(451500),
        Decimal(0),
        1,
        1,
        1,
        0,
        Decimal(0),
        0,
        0,
        0,
    )
    result = ReconResult(gaps, (), (), (), pd.DataFrame(), summary, store.now())
    run = store.record_run(result)
    store.set_owner("Huge Corp", slack_user=ANN, by="cli:test")

    open_home(slack, ANN)
    view = view_of(fake.calls_to("views.publish")[0].params)
    assert block_problems(view["blocks"], max_blocks=100) == []
    assert "…and 270 more" in json.dumps(view, ensure_ascii=False)

    answer = run_summary(ReconcileOutcome(result, run, {}))
    assert block_problems(answer.blocks, max_blocks=50) == []
    assert len(answer.text) <= 3000
