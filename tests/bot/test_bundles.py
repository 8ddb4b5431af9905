"""Defining a bundle from Slack: /reconcile bundle opens a form; submitting saves it."""

from __future__ import annotations

import json
from typing import Any

from bot import ids
from recon import Store
from tests.bot.conftest import ADMIN, ANN, Slack, seed
from tests.bot.fake_slack import FakeSlack


def _opened(fake: FakeSlack) -> dict[str, Any]:
    view = fake.calls_to("views.open")[-1].params["view"]
    return json.loads(view) if isinstance(view, str) else view


def _values(name: str, picked: list[str], typed: str = "") -> dict[str, Any]:
    return {
        ids.BUNDLE_NAME_BLOCK: {ids.BUNDLE_NAME_INPUT: {"type": "plain_text_input", "value": name}},
        ids.BUNDLE_PICK_BLOCK: {
            ids.BUNDLE_PICK_INPUT: {
                "type": "multi_static_select",
                "selected_options": [
                    {"value": v, "text": {"type": "plain_text", "text": v}} for v in picked
                ],
            }
        },
        ids.BUNDLE_TYPED_BLOCK: {
            ids.BUNDLE_TYPED_INPUT: {"type": "plain_text_input", "value": typed}
        },
    }


def test_the_form_offers_known_products_and_saves_the_bundle(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    seed(store)
    response = slack.command("bundle Managed Security Bundle")
    assert response.status == 200
    modal = _opened(fake)
    assert modal["callback_id"] == ids.BUNDLE_MODAL
    name_input = next(b for b in modal["blocks"] if b.get("block_id") == ids.BUNDLE_NAME_BLOCK)
    assert name_input["element"]["initial_value"] == "Managed Security Bundle"
    picker = next(b for b in modal["blocks"] if b.get("block_id") == ids.BUNDLE_PICK_BLOCK)
    offered = {o["value"] for o in picker["element"]["options"]}
    assert "ms-m365-business-premium" in offered  # catalogue products by their id

    answer = slack.submit(
        ids.BUNDLE_MODAL,
        modal["private_metadata"],
        _values("Managed Security Bundle", ["ms-defender-business"], "Huntress Managed EDR\n"),
        user=ADMIN,
    )
    assert answer.status == 200
    assert json.loads(answer.body)["response_action"] == "update"
    assert store.knowledge().bundles == (
        ("Managed Security Bundle", ("ms-defender-business", "Huntress Managed EDR")),
    )
    assert store.decisions()[0].by == ADMIN


def test_fewer_than_two_components_stay_in_the_form_with_the_reason(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    seed(store)
    slack.command("bundle")
    modal = _opened(fake)
    answer = slack.submit(
        ids.BUNDLE_MODAL, modal["private_metadata"], _values("Bundle", ["x"]), user=ADMIN
    )
    body = json.loads(answer.body)
    assert body["response_action"] == "errors"
    assert "at least two" in body["errors"][ids.BUNDLE_TYPED_BLOCK]
    assert store.bundles() == []


def test_only_admins_may_define_bundles(slack: Slack, fake: FakeSlack, store: Store) -> None:
    seed(store)
    slack.command("bundle", user=ANN)
    assert fake.calls_to("views.open") == []
    assert "admin" in fake.wait_for("/webhook")[0].params["text"].lower()
    answer = slack.submit(ids.BUNDLE_MODAL, "{}", _values("Bundle", ["a", "b"]), user=ANN)
    assert json.loads(answer.body)["response_action"] == "errors"
    assert store.bundles() == []
