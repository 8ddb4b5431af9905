"""The synthetic MSP's clients: who exists on which side, how the vendor spells them, what
they buy, and which (client, product) pairs carry a planted gap.

- 2 % of PSA clients are billed in the PSA but bought elsewhere (PSA-only).
- The vendor side adds 5 % distractor clients the PSA does not have (vendor-only).
- About 4 % of clients come in near-twin families, in turn: "X Dental" in both files plus a
  vendor-only "X Dental Lab"; "Smith Law" (PSA-only) next to "Smith Law - East" (both
  files); two siblings in both files; franchise sites "... Store 12" / "... Store 14" in both.
- Every true name has a unique :func:`identity_key` (the engine's key, word order ignored),
  and no noisy vendor spelling, with or without its typo, may share its key with another
  client (a person could not tell them apart).
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field

from benchmarks.names import ClientName, Noise, noisy, numbered_pair, random_name, twin_of
from benchmarks.products import ProductSet
from recon.normalize import client_key

PSA_ONLY_SHARE = 0.02
DISTRACTOR_SHARE = 0.05
TWIN_FAMILY_SHARE = 0.04
# Kind of each (client, product) of a client in both files, with its probability.
PLANTED = (
    ("quantity_mismatch", 0.05),
    ("missing_in_psa", 0.035),
    ("missing_in_vendor", 0.03),
    ("price_below_cost", 0.02),
    ("included_at_zero", 0.015),  # billed at $0.00 inside a bundle: not a gap
)


@dataclass(slots=True)
class SynthClient:
    """One client of the synthetic MSP.

    Attributes:
        name: the true name, as parts.
        role: ``matched`` (both files), ``psa_only`` or ``vendor_only``.
        trap: ``twin``, ``numbered``, ``distractor`` or "".
        psa: the name as the PSA writes it (None when not in the PSA).
        vendor: the name as the vendor writes it (None when not in the vendor file).
        products: indexes into the product set.
        plans: per product, ``ok``, a planted gap kind or ``included_at_zero``.
    """

    name: ClientName
    role: str
    trap: str = ""
    psa: str | None = None
    vendor: str | None = None
    products: list[int] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)

    @property
    def truth(self) -> tuple[str, str]:
        """(side, name) the truth file keys this client by: its PSA name, else its vendor one."""
        return ("psa", self.psa) if self.psa is not None else ("vendor", self.vendor or "")


def identity_key(name: str) -> str:
    """The engine's client key with its words sorted.

    Two true clients never share one: "Griffin & Harrison" and "Harrison & Griffin" would be
    the same firm to a person, so the generator never makes both.
    """
    return " ".join(sorted(client_key(name).split()))


class _Names:
    """Fresh names whose keys are unique across every true client."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.keys: set[str] = set()

    def claim(self, *names: ClientName) -> bool:
        keys = [identity_key(n.render()) for n in names]
        if len(set(keys)) < len(keys) or any(k in self.keys for k in keys):
            return False
        self.keys.update(keys)
        return True

    def fresh(self) -> ClientName:
        while True:
            name = random_name(self.rng)
            if self.claim(name):
                return name


def _twin_family(kind: str, names: _Names, rng: random.Random) -> list[SynthClient]:
    if kind == "numbered":
        while True:
            a, b = numbered_pair(rng)
            if names.claim(a, b):
                return [
                    SynthClient(a, "matched", "numbered"),
                    SynthClient(b, "matched", "numbered"),
                ]
    base = names.fresh()
    while True:
        twin = twin_of(base, rng)
        if names.claim(twin):
            break
    roles = {
        "vendor_twin": ("matched", "vendor_only"),  # PSA: X; vendor: X and "X Lab"
        "psa_twin": ("psa_only", "matched"),  # PSA: X and "X Lab"; vendor: "X Lab"
        "both": ("matched", "matched"),
    }[kind]
    return [SynthClient(base, roles[0], "twin"), SynthClient(twin, roles[1], "twin")]


def build_clients(count: int, noise: Noise, rng: random.Random) -> list[SynthClient]:
    """``count`` PSA clients plus the vendor-only ones, with both sides' spellings.

    Args:
        count: PSA clients wanted.
        noise: vendor-side spelling noise.
        rng: the random source.

    Returns:
        The clients, shuffled.
    """
    names = _Names(rng)
    clients: list[SynthClient] = []
    kinds = ("vendor_twin", "psa_twin", "both", "numbered")
    for i in range(round(count * TWIN_FAMILY_SHARE)):
        clients += _twin_family(kinds[i % len(kinds)], names, rng)
    in_psa = sum(c.role != "vendor_only" for c in clients)
    psa_only = round(count * PSA_ONLY_SHARE)
    for i in range(max(0, count - in_psa)):
        clients.append(SynthClient(names.fresh(), "psa_only" if i < psa_only else "matched"))
    for _ in range(round(count * DISTRACTOR_SHARE)):
        clients.append(SynthClient(names.fresh(), "vendor_only", "distractor"))
    rng.shuffle(clients)

    vendor_keys: set[str] = set()
    for c in clients:
        if c.role != "vendor_only":
            c.psa = c.name.render(comma=rng.random() < 0.2)
        if c.role == "psa_only":
            continue
        own = identity_key(c.name.render())
        for _ in range(30):
            spelled, untyped = noisy(c.name, rng, noise)
            key, plain = identity_key(spelled), identity_key(untyped)
            if key not in vendor_keys and all(
                k == own or k not in names.keys for k in (key, plain)
            ):
                break
        else:
            spelled, key = c.name.render(), own
        vendor_keys.add(key)
        c.vendor = spelled
    return clients


def pick_products(
    clients: list[SynthClient], pairs: float, products: ProductSet, rng: random.Random
) -> None:
    """Give each client its products (lognormal count, popular ones likelier) and plans.

    Args:
        clients: the clients; their ``products`` and ``plans`` are filled in.
        pairs: about how many (client, product) pairs in all.
        products: the product set (its ``weights`` are popularity).
        rng: the random source.
    """
    weights = [rng.lognormvariate(0.0, 0.75) for _ in clients]
    total = sum(weights)
    n = len(products.products)
    for c, w in zip(clients, weights, strict=True):
        k = max(1, min(n, round(w / total * pairs)))
        # Weighted sampling without replacement (Efraimidis-Spirakis).
        keyed = ((rng.random() ** (1.0 / products.weights[i]), i) for i in range(n))
        c.products = [i for _, i in heapq.nlargest(k, keyed)]
        c.plans = [_plan(rng) if c.role == "matched" else "ok" for _ in c.products]


def _plan(rng: random.Random) -> str:
    roll = rng.random()
    for kind, p in PLANTED:
        if roll < p:
            return kind
        roll -= p
    return "ok"
