"""Aliases, rejections, ignored products and column maps, as knowledge() returns them."""

from __future__ import annotations

import pytest

from recon.errors import Conflict, UsageError
from recon.model import Knowledge
from recon.store import Action, Store
from tests.conftest import FakeClock

U1 = "U0AAAAAAA"


def test_new_store_knows_nothing(store: Store) -> None:
    assert store.knowledge() == Knowledge()


def test_client_alias_is_returned_by_knowledge(store: Store) -> None:
    store.add_client_alias("WAYNE ENT (TENANT 4411)", "Wayne Enterprises", by=U1)
    assert store.knowledge().client_aliases == (("WAYNE ENT (TENANT 4411)", "Wayne Enterprises"),)


def test_confirmed_match_is_an_alias_logged_as_a_confirmation(store: Store) -> None:
    store.add_client_alias("Acme Corporation", "ACME Holdings", by=U1, confirming=True)
    assert store.knowledge().client_aliases == (("Acme Corporation", "ACME Holdings"),)
    (decision,) = store.decisions()
    assert decision.action is Action.CONFIRM_MATCH
    with pytest.raises(Conflict, match="already an alias of 'ACME Holdings' \\(set by U0AAAAAAA"):
        store.add_client_alias("ACME CORPORATION", "Acme Holdings", by="U0BBBBBBB", confirming=True)


def test_realiasing_a_vendor_name_replaces_the_target(store: Store, clock: FakeClock) -> None:
    store.add_client_alias("Wayne", "Wayne Enterprises", by=U1)
    clock.advance(minutes=1)
    store.add_client_alias("WAYNE", "Wayne Foundation", by=U1)
    assert store.knowledge().client_aliases == (("WAYNE", "Wayne Foundation"),)
    assert store.decisions()[0].before == {"alias_of": "Wayne Enterprises", "rejected": False}


def test_alias_between_names_with_the_same_key_is_pointless(store: Store) -> None:
    with pytest.raises(UsageError, match="already the same client by name"):
        store.add_client_alias("Acme, Inc.", "ACME LLC", by=U1)


def test_rejection_is_returned_and_never_twice(store: Store) -> None:
    store.reject_client("Northside Dental Lab", "Northside Dental", by=U1, reason="two firms")
    assert store.knowledge().client_rejections == (("Northside Dental Lab", "Northside Dental"),)
    with pytest.raises(Conflict, match="already rejected as a pair by U0AAAAAAA"):
        store.reject_client("northside dental lab", "NORTHSIDE DENTAL", by=U1)
    assert store.decisions()[0].reason == "two firms"


def test_rejecting_an_aliased_pair_removes_the_alias_and_back(store: Store) -> None:
    store.add_client_alias("Gotham Bank", "Gotham Savings", by=U1)
    store.reject_client("Gotham Bank", "Gotham Savings", by=U1)
    k = store.knowledge()
    assert (k.client_aliases, k.client_rejections) == ((), (("Gotham Bank", "Gotham Savings"),))
    assert store.decisions()[0].before == {"alias_of": "Gotham Savings"}
    store.add_client_alias("Gotham Bank", "Gotham Savings", by=U1)
    k = store.knowledge()
    assert (k.client_aliases, k.client_rejections) == ((("Gotham Bank", "Gotham Savings"),), ())


def test_product_alias_and_ignored_product_are_returned(store: Store) -> None:
    store.add_product_alias("M365 BP (annual)", "Microsoft 365 Business Premium", by=U1)
    store.ignore_product("Managed Services - Labour", by=U1)
    k = store.knowledge()
    assert k.product_aliases == (("M365 BP (annual)", "Microsoft 365 Business Premium"),)
    assert k.ignored_products == ("Managed Services - Labour",)
    with pytest.raises(Conflict, match="already an alias"):
        store.add_product_alias("m365 bp  (annual)", "microsoft 365 business premium", by=U1)
    with pytest.raises(Conflict, match="already ignored"):
        store.ignore_product("managed services - labour", by=U1)


def test_product_alias_to_itself_is_refused(store: Store) -> None:
    with pytest.raises(UsageError, match="alias of itself"):
        store.add_product_alias("Exchange Plan 1", "exchange plan 1", by=U1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.add_client_alias("", "Acme", by=U1), "vendor client name is required"),
        (lambda s: s.reject_client("Acme", " ", by=U1), "PSA client name is required"),
        (lambda s: s.ignore_product("", by=U1), "PSA product name is required"),
        (lambda s: s.add_product_alias("x", "", by=U1), "alias target is required"),
    ],
)
def test_blank_names_are_refused(store: Store, call: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        call(store)  # type: ignore[operator]
    assert store.decisions() == []


def test_column_map_is_saved_per_format_and_resaving_it_is_a_no_op(store: Store) -> None:
    assert store.save_column_map("generic", {"client": "Customer", "quantity": "Seats"}, by=U1)
    assert not store.save_column_map("generic", {"quantity": "Seats", "client": "Customer"}, by=U1)
    assert store.save_column_map("generic", {"client": "Company"}, by=U1)
    assert store.knowledge().column_maps == {"generic": {"client": "Company"}}
    assert [d.action for d in store.decisions()] == [Action.SAVE_COLUMN_MAP] * 2


def test_column_map_with_an_unknown_role_is_refused(store: Store) -> None:
    with pytest.raises(UsageError, match="unknown role 'colour'"):
        store.save_column_map("generic", {"colour": "Blue"}, by=U1)


def test_knowledge_lists_older_decisions_first(store: Store, clock: FakeClock) -> None:
    for name in ("Zeta", "Alpha", "Mid"):
        store.add_client_alias(f"{name} vendor", f"{name} PSA", by=U1)
        clock.advance(minutes=1)
    assert [v for v, _ in store.knowledge().client_aliases] == [
        "Zeta vendor",
        "Alpha vendor",
        "Mid vendor",
    ]
