"""Build the synthetic MSP: its clients, their names on each side, roles and near-twins.

Rates (each a constant below): 2.5 % of companies are vendor-only (bought at the distributor,
billed nowhere: the costliest leak), 2.5 % PSA-only (billed, bought elsewhere); 3 % of
companies have a near-twin (a different company named like them plus one word or a site),
of which 60 % are in both files, 20 % only at the vendor and 20 % only in the PSA. A share
of clients (``--currencies``) is invoiced in a second currency on both sides.
"""

from __future__ import annotations

import random
import uuid

from benchmarks.independent.client_names import (
    PSA_RATES,
    VENDOR_RATES,
    Canonical,
    Vocabulary,
    canonical_name,
    light_key,
    spell,
    twin_of,
)
from benchmarks.independent.model import Client

VENDOR_ONLY_SHARE = 0.025
PSA_ONLY_SHARE = 0.025
TWIN_SHARE = 0.03
TWIN_ROLES = ("both", "vendor_only", "psa_only")
TWIN_ROLE_WEIGHTS = (0.6, 0.2, 0.2)
SECOND_CURRENCY_SHARE = 0.03
_RETRIES = 12


def _role(rng: random.Random) -> str:
    roll = rng.random()
    if roll < VENDOR_ONLY_SHARE:
        return "vendor_only"
    if roll < VENDOR_ONLY_SHARE + PSA_ONLY_SHARE:
        return "psa_only"
    return "both"


def build_clients(
    n: int, vocab: Vocabulary, currencies: tuple[str, ...], rng: random.Random
) -> list[Client]:
    """``n`` companies with unambiguous names, roles, twins and each side's spelling.

    Args:
        n: how many real companies (twins included).
        vocab: the variation lists (one side of the held-back split).
        currencies: the first is the MSP's own; the others go to a few clients.
        rng: the random source.

    Returns:
        The clients, in id order.
    """
    keys: dict[str, str] = {}  # light key -> cid, over canonical names and every spelling
    canon: list[tuple[Canonical, str, str | None]] = []  # (name, role, twin_of cid)
    while len(canon) < n:
        cid = f"C{len(canon) + 1:06d}"
        name = canonical_name(rng)
        if light_key(name.full) in keys:
            continue
        keys[light_key(name.full)] = cid
        canon.append((name, _role(rng), None))
        if len(canon) < n and rng.random() < TWIN_SHARE:
            for _ in range(_RETRIES):
                other = twin_of(name, rng.choice(vocab.twin_suffixes), rng)
                if light_key(other.full) not in keys:
                    keys[light_key(other.full)] = f"C{len(canon) + 1:06d}"
                    canon.append((other, rng.choices(TWIN_ROLES, TWIN_ROLE_WEIGHTS)[0], cid))
                    break
    twins = {c for _, _, c in canon if c} | {
        f"C{i + 1:06d}" for i, (_, _, t) in enumerate(canon) if t
    }
    clients = []
    for i, (name, role, twin) in enumerate(canon):
        cid = f"C{i + 1:06d}"
        client = Client(cid=cid, canonical=name.full, role=role, twin_of=twin)
        client.tenant = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        client.domain = "".join(ch for ch in name.base.lower() if ch.isalnum())[:20] + ".com"
        if len(currencies) > 1 and rng.random() < SECOND_CURRENCY_SHARE:
            client.currency = rng.choice(currencies[1:])
        else:
            client.currency = currencies[0]
        protect = cid in twins
        if role != "psa_only":
            client.vendor_name = _spelling(name, cid, VENDOR_RATES, vocab, keys, rng, protect)
        if role != "vendor_only":
            client.psa_name = _spelling(name, cid, PSA_RATES, vocab, keys, rng, protect)
        clients.append(client)
    return clients


def _spelling(
    name: Canonical,
    cid: str,
    rates: object,
    vocab: Vocabulary,
    keys: dict[str, str],
    rng: random.Random,
    protect: bool,
) -> str:
    for _ in range(_RETRIES):
        text = spell(name, rates, vocab, rng, protect=protect)  # type: ignore[arg-type]
        owner = keys.get(light_key(text))
        if text and owner in (None, cid):
            keys[light_key(text)] = cid
            return text
    return name.full
