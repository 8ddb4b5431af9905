"""A second tenant's product billed on the PSA company under a text matching cannot read yet.

Microsoft sells per tenant: Partner Center lists each tenant of an organisation as a customer
of its own (an acquired office, a region kept apart: Microsoft's multi-tenant organisation),
and an add-on such as Exchange Online Archiving is bought in whichever tenant holds the
mailboxes. The MSP bills the organisation as one PSA company, and bills the add-on under its
own catalogue text ("Email Archiving (Exchange)"), which the comparison reads later, on the
seats of every matched client (:mod:`recon.match.read_lines`). Weighed before that, the
company held no line of the second tenant's products at all, so the tenant looked like
another client: its archiving a false "bought, not billed", and the company's archiving line,
read afterwards beside the first tenant alone, a false seat gap on another product.

For a second tenant named as the first's site or tenant (:func:`recon.match.tenant_sites.
find_families`) whose lines do not agree with the company's as read, the company's unread
lines are read as the second tenants' products where both hold, as
:class:`recon.match.read_lines.LineReader` reads a held pair's: the text names that product
among its candidates and the seats (the tenants' summed) agree within a seat or a tenth.
Only products a second tenant buys and the company bills no line of are read so (a product
billed already is compared as billed). The family must then pass the same test as any other
(:func:`recon.match.tenant_sites.lines_agree`): the reading only supplies the lines the
comparison would read anyway, never a pairing on text or seats alone.

Sources: Microsoft Graph, "multiTenantOrganization resource type" (an organisation with more
than one instance of Microsoft Entra ID, its tenants collaborating as one entity,
learn.microsoft.com/graph/api/resources/multitenantorganization); Partner Center, "Customer
resources" (a customer per tenant, each with its own company and billing profile,
learn.microsoft.com/partner-center/developer/customer-resources).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.match.frame_codes import rows_in
from recon.match.read_lines import LineReader
from recon.model import G

#: Builds a reader over the given PSA companies' lines (only those rows are framed).
MakeReader = Callable[[Iterable[str]], LineReader]


def tenant_products(
    parts: Sequence[Mapping[str, int]], whole: Mapping[str, int]
) -> list[tuple[str, int]]:
    """The tenants' (product, summed milli-seats) lines of products a second tenant buys and
    the company bills no line of (the organisation's seats of each, first tenant included)."""
    second = {p for tenant in parts[1:] for p in tenant if p not in whole}
    seats: dict[str, int] = defaultdict(int)
    for tenant in parts:
        for product, qty in tenant.items():
            if product in second:
                seats[product] += qty
    return sorted(seats.items())


def read_as_billed(
    reader: LineReader,
    psa_id: str,
    whole: Mapping[str, int],
    parts: Sequence[Mapping[str, int]],
) -> dict[str, int] | None:
    """The company's seats per product with its unread lines read as the second tenants'
    products (module docstring), or None when no line reads so.

    Args:
        reader: a reader prepared for ``psa_id``.
        psa_id: the PSA company's identity.
        whole: the company's seats per product, as matching reads them.
        parts: the first tenant's seats per product, then each second tenant's.
    """
    wanted = tenant_products(parts, whole)
    if not wanted:
        return None
    return with_read(whole, reader.read(wanted, psa_id))


def with_read(whole: Mapping[str, int], read: Collection[tuple[str, int]]) -> dict[str, int] | None:
    """The company's seats per product with the lines a reader read added, or None when it
    read none (each tenant rule reads unread lines its own way, then counts them so)."""
    if not read:
        return None
    out = dict(whole)
    for product, qty in read:
        out[product] = out.get(product, 0) + qty
    return out


def company_rows(
    groups: pd.DataFrame, qty: npt.NDArray[np.int64] | None, psa_ids: Iterable[str]
) -> pd.DataFrame:
    """The group rows of these PSA companies only, read as whole lines (``qty``: per row,
    the seats summed over one identity's spellings, as
    :func:`recon.engine.groups.by_identity` reads them; None: the rows' own). A reader over a
    handful of companies frames their rows, never a copy of the whole file's (at 60,000
    clients about 30 MiB)."""
    mask = rows_in(groups[G.CLIENT], set(psa_ids))
    rows = groups.loc[mask]
    return rows if qty is None else rows.assign(**{G.QTY: qty[mask]})
