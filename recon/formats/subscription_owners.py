"""A seat change written under a second tenant's name belongs to its subscription's customer.

A Partner Center subscription is bought by one customer (its tenant: ``GET
/v1/customers/{customer-tenant-id}/subscriptions``), and the reconciliation file's charge
lines of one subscription (``cycleCharge``, ``addQuantity``, ``removeQuantity``, credits)
sum to the seats it bills (learn.microsoft.com/partner-center/billing/
modern-invoice-reconciliation-file; :mod:`recon.formats.microsoft_nce`). A customer
organisation with a second tenant ("Acme - Austin Tenant", "Acme (Legacy Tenant)") shows the
seat changes made from that tenant under its name, on the first tenant's subscription (the
same ``SubscriptionId``). Read by name, that tenant was a vendor customer of its own whose
only line was a seat reduction: minus three seats nobody holds, while the subscription's
customer showed its full cycle charge ("bought 15, billed 12": a false shortfall of the three
seats the tenant gave back).

So, where a file has subscription ids and charge types, a customer whose every line is a
change (no full-period charge) on subscriptions whose full-period charge one other customer
holds is read as that customer: its lines move to the subscription's customer (name and id),
and sum with its charge. A subscription whose full-period charges two customers hold is left
as it is (whose it is, the file does not say). A customer with a full-period charge of its own
(a tenant buying on its own) stays a client of its own, only its changes on another
customer's subscriptions moving, each to that subscription's customer.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from recon.formats.cells import flag_key
from recon.formats.rows import Rows
from recon.formats.table import Column
from recon.model import Role


def move_changes_to_owners(rows: Rows, full_charges: Collection[str]) -> None:
    """Write each change-only customer's lines under its subscriptions' customer (module
    docstring), in place (an :attr:`recon.formats.spec.FormatSpec.adjust` step).

    Args:
        rows: the file's rows.
        full_charges: charge types (as :func:`recon.formats.cells.flag_key` writes them) that
            bill a subscription's whole period.
    """
    client = rows.column(Role.CLIENT)
    subscription = rows.column(Role.SUBSCRIPTION_ID)
    kind = rows.column(Role.CHARGE_TYPE)
    if client is None or subscription is None or kind is None:
        return
    full = kind.lookup(np.array([flag_key(v) in full_charges for v in kind.uniques], dtype=bool))
    has_id = ~subscription.empty()
    frame = pd.DataFrame({"s": subscription.codes, "c": client.codes, "full": full & has_id})
    owners = frame[frame["full"]].groupby("s")["c"].agg(["nunique", "first"])
    owner_of = owners.loc[owners["nunique"] == 1, "first"]
    if owner_of.empty:
        return
    owner = frame["s"].map(owner_of)
    movable = has_id & owner.notna().to_numpy() & (frame["c"] != owner).to_numpy()
    # Each change moves on its own: a subscription's seats are its lines' sum whoever's name
    # a line carries. A tenant that also buys on its own keeps its own subscriptions (a client
    # of its own); moved whole or not at all, its changes on the first tenant's subscription
    # stayed with it ("Campbell Solar" 8 where its subscriptions bill 6, the Legacy Tenant
    # netting its own subscription against them).
    move = movable
    if not move.any():
        return
    new_codes = np.where(move, owner.fillna(-1).to_numpy(dtype=np.int64), client.codes)
    rows.set_column(Role.CLIENT, Column(new_codes.astype(np.intp), client.uniques))
    client_id = rows.column(Role.CLIENT_ID)
    if client_id is None:
        return
    # The owner's id: the id on its own full-period rows (its first such row).
    first_row = frame[frame["full"]].groupby("c").head(1)
    id_of = pd.Series(client_id.codes[first_row.index.to_numpy()], index=first_row["c"].to_numpy())
    ids = pd.Series(new_codes).map(id_of).to_numpy()
    moved_ids = np.where(move, ids, client_id.codes)
    rows.set_column(Role.CLIENT_ID, Column(moved_ids.astype(np.intp), client_id.uniques))
