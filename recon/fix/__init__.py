"""Fix a gap in the PSA: plan the one change, preview it, write it, verify it, remember it.

``recon fix`` and the Slack "Update <PSA> to N" button both go through here::

    plan = plan_fix(12, store=store, sources=load_source_settings())
    print("\\n".join(plan.preview_lines()))       # company, agreement, field, old -> new, money
    done = apply_fix(12, by="cli:dana", store=store, sources=..., expected_key=plan.key)

What may be fixed (:func:`fix_refusal` says why not, without calling the PSA):

- a ``quantity_mismatch`` (the billed seats become the vendor's, or ``to``), a
  ``price_below_cost`` (the monthly price becomes the vendor's cost, or ``to``) or a
  ``missing_in_psa`` (the product is added from the PSA's catalogue at its catalogue price,
  on the client's one active agreement or contract);
- of a gap that is open or snoozed, whose latest run took its PSA side from ConnectWise or
  Autotask (a pull or an export), with no held run after it;
- when an admin turned write-back on for that PSA (setting ``write_back``) and its pull
  credentials are set.

Planning reads the client's billing from the PSA now, with the pull's rules, and refuses
(:class:`~recon.errors.FixRefused`) unless exactly one record carries the product, read as
the gap's run read it (:mod:`recon.fix._reading`), and the PSA still bills what the run saw.
Applying plans again, claims the fix's idempotency key in
the store (a double click or a retry sends nothing twice), writes, reads the PSA back to
verify, then marks the gap fixed (pending next run) with an audit entry. Any failure before
that leaves the gap as it was; the store keeps every attempt (:meth:`Store.fixes`).
"""

from __future__ import annotations

from recon.fix._apply import apply_fix, plan_fix
from recon.fix._gates import (
    FIXABLE_KINDS,
    FixOffer,
    default_target,
    fix_offer,
    fix_refusal,
    psa_of,
)
from recon.fix._model import FixPlan, FixResult
from recon.fix._plan import FixInputs, plan_change

__all__ = [
    "FIXABLE_KINDS",
    "FixInputs",
    "FixOffer",
    "FixPlan",
    "FixResult",
    "apply_fix",
    "default_target",
    "fix_offer",
    "fix_refusal",
    "plan_change",
    "plan_fix",
    "psa_of",
]
