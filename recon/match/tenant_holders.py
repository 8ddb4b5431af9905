"""A vendor customer left unpaired whose second tenant, named after it, is paired: the holder.

Pax8 sells Microsoft per tenant and lists each tenant as a company of its own, named after
the organisation's first with the word "Tenant" ("Falcon Field Media Grp Corp. - Raleigh
Tenant"; Microsoft's multi-tenant organisation, learn.microsoft.com "What is a multitenant
organization in Microsoft Entra ID?": one organisation, several tenants), and an MSP bills the
organisation as one PSA company. Where the PSA company's name is typed a letter off ("Falcon
Fied Media Group"), the lines may pair it with the second tenant (the Office 365 seats are
there) and leave the first, buying only the organisation's backup (Acronis Cyber Protect
Cloud, which keeps one customer tenant per company the MSP's PSA bills: developer.acronis.com,
PSA integration "Provisioning", customer options), unpaired:
its line "bought, not billed" beside the company's "Managed Backup - Workstation" "billed, not
bought".

:mod:`recon.match.named_tenants` sums a second tenant into its paired first one; this is the
other way round. A lone vendor customer whose key, with a label after it that says "tenant"
(site label words only, :func:`recon.match.site_labels.label_words`), is the key of a paired
vendor customer, is that customer's family's first tenant: it joins the paired tenant's family
on the same evidence a second tenant named so needs (every product it buys billed by the
PSA company beyond the paired tenant's own seats, read through the texts matching cannot read
yet where needed, :mod:`recon.match.tenant_texts`). A key two paired customers extend, or a
paired customer two lone ones begin, is left alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from recon.catalog import load_catalog
from recon.catalog.text import CATALOGUE_PREFIX, kind_named
from recon.match.named_tenants import TENANT
from recon.match.overlap import seats_near
from recon.match.products import NAME_PREFIX
from recon.match.read_lines import LineReader
from recon.match.site_labels import MIN_BASE_WORDS, label_words
from recon.match.tenant_texts import tenant_products, with_read

#: A (product key, milli-seats) line.
Line = tuple[str, int]


def holders_of(
    lone: Mapping[str, str], paired: Mapping[str, str]
) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Paired vendor customer -> [(its holder, its own label)], per the module docstring.

    Args:
        lone: lone vendor customer identity -> its client key.
        paired: paired vendor customer identity -> its client key.
    """
    by_key: dict[str, list[str]] = defaultdict(list)
    for v_id, key in lone.items():
        by_key[key].append(v_id)
    site = label_words()
    found: dict[str, list[tuple[str, str, tuple[str, ...]]]] = defaultdict(list)
    for v_id, key in paired.items():
        words = key.split()
        if TENANT not in words[-2:]:
            continue
        for n in range(len(words) - 1, MIN_BASE_WORDS - 1, -1):
            if words[n] not in site:
                break
            label = tuple(words[n:])
            if TENANT in label and len(by_key.get(" ".join(words[:n]), ())) == 1:
                holder = by_key[" ".join(words[:n])][0]
                found[holder].append((v_id, holder, label))
                break
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for tenants in found.values():
        if len(tenants) == 1:  # a holder two paired tenants extend is left alone
            v_id, holder, label = tenants[0]
            out[v_id].append((holder, label))
    return dict(out)


def kind_read(unread: Iterable[Line], wanted: Sequence[Line]) -> list[Line]:
    """The company's unread lines read as the one tenant product whose kind each text names
    (:func:`recon.catalog.text.kind_named`: "Managed Backup - Workstation" names Backup,
    Acronis Cyber Protect Cloud's kind) at seats within a seat or a tenth of it.

    A holder buys the organisation's few products apart from its paired tenant, often one
    the MSP bills by its kind, whose name ranks it among no product's candidates. A text two
    wanted products fit, or naming a kind none is, reads nothing.

    Args:
        unread: the PSA company's (product key, milli-seats) lines no rule reads.
        wanted: the tenants' (vendor product, summed milli-seats) lines the company bills
            no line of.
    """
    catalog = load_catalog()
    taken: set[str] = set()
    out: list[Line] = []
    for key, qty in sorted(unread):
        text = key.removeprefix(NAME_PREFIX)
        fits = []
        for product, seats in wanted:
            item = catalog.get(product.removeprefix(CATALOGUE_PREFIX))
            if product in taken or item is None or not product.startswith(CATALOGUE_PREFIX):
                continue
            if seats_near(seats, qty) and kind_named(text, product, item.name):
                fits.append(product)
        if len(fits) == 1:
            taken.add(fits[0])
            out.append((fits[0], qty))
    return out


def read_kinds(
    reader: LineReader,
    psa_id: str,
    whole: Mapping[str, int],
    parts: Sequence[Mapping[str, int]],
) -> dict[str, int] | None:
    """The company's seats per product with its unread lines read by the kind they name
    (:func:`kind_read`), or None when none reads so.

    Args:
        reader: a reader prepared for ``psa_id``.
        psa_id: the PSA company's identity.
        whole: the company's seats per product, as matching reads them.
        parts: the paired tenant's seats per product, then its holder's.
    """
    read = kind_read(reader.uncarried([psa_id]).get(psa_id, ()), tenant_products(parts, whole))
    return with_read(whole, read)
