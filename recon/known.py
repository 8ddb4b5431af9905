"""Does what a person typed name something recon knows? Checked before it is saved.

An alias to a client or a product no run has shown is almost always a typo, and it would
silently do nothing; so the CLI (``recon alias``) and the bot (``/reconcile alias``) check
the target here first, and the error lists the closest names that would work.
"""

from __future__ import annotations

import difflib

from recon.catalog import load_catalog
from recon.errors import NotFound, UsageError
from recon.normalize import client_key
from recon.store import Store
from recon.suggest import suggest_client_names

_SHOWN = 8


def known_client_names(store: Store) -> list[str]:
    """Every client name runs have shown, plus the PSA clients the latest run offered for
    review (they have no seats of their own until someone decides)."""
    names = set(store.client_names())
    for item in store.run_review():
        names.update(c.psa_client for c in item.candidates)
    return sorted(names)


def check_client_target(store: Store, psa_name: str) -> str:
    """The PSA client name, if a run has shown a client with its key.

    Raises:
        UsageError: blank.
        NotFound: no run has shown such a client; the message lists the nearest names (or
            says no run has been recorded yet).
    """
    name = (psa_name or "").strip()
    if not name:
        raise UsageError("the PSA client name is required")
    known = known_client_names(store)
    key = client_key(name)
    if any(client_key(k) == key for k in known):
        return name
    if not known:
        raise NotFound(
            f"no client {name!r}: no run has been recorded yet, so no client is known; "
            "run `recon reconcile` first"
        )
    nearest = suggest_client_names(name, known, limit=_SHOWN, min_score=0) or known[:_SHOWN]
    more = f" (of {len(known):,})" if len(known) > len(nearest) else ""
    raise NotFound(
        f"no client {name!r} in any run; the nearest known clients{more}: "
        + ", ".join(repr(n) for n in nearest)
    )


def check_product_target(store: Store, target: str) -> str:
    """A product alias target: a catalogue product (by id or a name it knows), or a product
    name a run has shown.

    Raises:
        UsageError: blank.
        NotFound: neither; the message lists the nearest ids and names.
    """
    value = (target or "").strip()
    if not value:
        raise UsageError("the product alias target is required")
    catalog = load_catalog()
    if catalog.get(value) is not None or catalog.identify(name=value) is not None:
        return value
    names = {name for _, name in store.product_choices()}
    values = {v for v, _ in store.product_choices()}
    folded = {" ".join(n.casefold().split()) for n in names | values}
    if " ".join(value.casefold().split()) in folded:
        return value
    choices = sorted(names | values | {p.id for p in catalog.products()})
    nearest = difflib.get_close_matches(value, choices, n=_SHOWN, cutoff=0.3)
    hint = ", ".join(repr(n) for n in nearest) if nearest else "see `recon formats`"
    raise NotFound(
        f"no product {value!r}: it is neither a catalogue product id nor a product a run "
        f"has shown; the nearest: {hint}"
    )
