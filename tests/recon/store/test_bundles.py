"""Bundles in the store: defined once, fed to every run, audited, removable."""

from __future__ import annotations

import pytest

from recon.errors import Conflict, NotFound, UsageError
from recon.store import Action, Store


def test_a_defined_bundle_reaches_the_engine(store: Store) -> None:
    store.define_bundle("Managed Security Bundle", ["huntress-managed-edr", "Mimecast"], by="U1")
    assert store.knowledge().bundles == (
        ("Managed Security Bundle", ("huntress-managed-edr", "Mimecast")),
    )
    (bundle,) = store.bundles()
    assert bundle.created_by == "U1"


def test_redefining_replaces_the_components_and_logs_before_and_after(store: Store) -> None:
    store.define_bundle("Security Bundle", ["EDR", "Email"], by="U1")
    store.define_bundle("Security Bundle", ["EDR", "Email", "SAT"], by="U2")
    assert store.knowledge().bundles == (("Security Bundle", ("EDR", "Email", "SAT")),)
    latest = store.decisions()[0]
    assert latest.action is Action.DEFINE_BUNDLE
    assert latest.before == {"components": ["EDR", "Email"]}


def test_the_same_definition_twice_is_a_double_click(store: Store) -> None:
    store.define_bundle("Security Bundle", ["EDR", "Email"], by="U1")
    with pytest.raises(Conflict, match="already has exactly these components"):
        store.define_bundle("security bundle", ["EDR", "Email"], by="U1")


@pytest.mark.parametrize(
    ("components", "message"),
    [(["EDR"], "at least two components"), (["EDR", "edr"], "twice"), (["EDR", " "], "component")],
)
def test_bad_definitions_change_nothing(store: Store, components: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        store.define_bundle("Security Bundle", components, by="U1")
    assert store.bundles() == []
    assert store.decisions() == []


def test_removing_forgets_the_bundle(store: Store) -> None:
    store.define_bundle("Security Bundle", ["EDR", "Email"], by="U1")
    store.remove_bundle("SECURITY BUNDLE", by="U1")
    assert store.knowledge().bundles == ()
    with pytest.raises(NotFound, match="no bundle is named"):
        store.remove_bundle("Security Bundle", by="U1")
