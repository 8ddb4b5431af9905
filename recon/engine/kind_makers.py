"""One kind of product bought from two makers at one client: a text of that kind asked about
the maker whose line another text already bills is read as the other maker's product there.

An MSP that moves a client from one maker's Microsoft 365 backup to another's (Datto SaaS
Protection to Dropsuite, both sold through Pax8's catalogue as "SaaS backup") often bills
both for a while, each under a text that names only the kind: "M365 Backup (Monthly)" and
"Mailbox Backup". The seats pair the first text with Datto across the MSP's clients
(:mod:`recon.match.product_evidence`). At the client buying both, the second text sits beside
two unbilled-looking lines of its kind at the same seats, and its question named Datto (its
name names Datto's kind, Dropsuite's name already says "Backup"). The "yes" it implied put
both texts on Datto, a false quantity gap, and left Dropsuite "missing in PSA": two false
statements about lines that agree.

A vendor line a text paired on the seats bills in full at the client is accounted for. So at
a matched client where, for a text in a question:

- the question's product is billed there in full (exactly its seats) by a text the seats paired
  with it (:attr:`~recon.match.product_evidence.Verdict.act`);
- the text names that product's kind (:func:`recon.catalog.text.text_names_family`: the kind's
  words or the phrases ``kinds.csv`` lists, never a service about it);
- exactly one other product of that kind (:data:`recon.engine.one_kind.ONE_KIND` read) is
  sold at the client and billed by no text there;
- no other unread text there names the kind, and that product's seats are the text's seats:
  the evidence the rules that pair silently rest on;

the text is that product at the client, decided. A text so read at every client it sits at is
no longer asked about. Where the seats differ there, the text's question asks about that
product instead, so its one question carries the quantity gap a "yes" implies, never a false
gap on the maker already billed beside "missing in PSA" on the other.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import TierRelation, load_catalog
from recon.catalog.text import CATALOGUE_PREFIX, TextMatch, text_names_family
from recon.engine.columns import member
from recon.engine.pending import Pending
from recon.engine.question_keys import TARGET
from recon.match.product_evidence import KIND_NAMED, PC, PSA_KEY, Verdict
from recon.model import G

#: What a row read this way rests on, in words.
HOW = (
    "names its kind ({kind}); {taken} is billed here in full by {paired}, and this is the "
    "one other product of the kind bought here, at its seats"
)
#: What a guessed row read this way rests on, in words.
YIELD_HOW = (
    "names its kind ({kind}); read as {taken} only by a guess, which {other} is asked as "
    "here, and this is the one other product of the kind bought here, at its seats"
)
#: Its pairing score: as sure as a text read as the one product of its kind bought at its
#: client on exact seats (:data:`recon.engine.kind_guesses.SCORE`).
SCORE = 85.0


@dataclass(frozen=True, slots=True)
class Reading:
    """What :func:`other_maker` read.

    Attributes:
        pending: (client, PSA key) -> the other maker's product, decided (``rests_on`` "").
        decided: PSA keys decided so at every client they sit at: no longer asked about.
        repointed: PSA key -> the other maker's product, for texts read so at every client
            they sit at but at seats that differ there: asked about that product instead, so
            the one question carries the quantity gap a "yes" implies.
    """

    pending: dict[tuple[str, str], Pending] = field(default_factory=dict)
    decided: set[str] = field(default_factory=set)
    repointed: dict[str, str] = field(default_factory=dict)


def other_maker(
    verdicts: Mapping[str, Verdict],
    orphan_p: pd.DataFrame,
    sides: tuple[pd.DataFrame, pd.DataFrame],
    names: tuple[Mapping[str, str], Mapping[str, str]],
    kinds: Mapping[str, str],
) -> Reading:
    """(client, PSA key) -> the other maker's product of the text's kind, decided, for texts
    asked about a product another text already bills in full there (module docstring).

    Args:
        verdicts: PSA key -> what the evidence said of it, after every pass.
        orphan_p: the PSA rows at matched clients no rule reads as a product the vendor file
            carries (``pc``, ``psa_key``, ``qty_p``): where each asked text sits.
        sides: the PSA groups with their comparison ``target`` (``G.CLIENT``, ``G.PRODUCT``,
            ``G.QTY``), and the vendor rows at matched clients keyed by PSA client (``pc``,
            ``G.PRODUCT``, ``G.QTY``). A text paired on the seats bills its product at every
            client, also where a catalogue guess compared it as another.
        names: PSA key -> text as written, and vendor key -> product name.
        kinds: product key -> kind (:func:`recon.engine.kind_guesses.catalogue_kinds`).

    Returns:
        The rows decided as the other product, the texts decided so wherever they sit, and
        the texts to ask about the other product instead (read so wherever they sit).
    """
    p_all, mine = sides
    paired = {key: str(v.act) for key, v in verdicts.items() if v.act is not None}
    asked = {
        key: v.candidates[0].vendor_key
        for key, v in verdicts.items()
        if v.ask and v.act is None and v.candidates and kinds.get(v.candidates[0].vendor_key)
    }
    if not paired or not asked or orphan_p.empty or mine.empty:
        return Reading()
    # Only clients where an asked text sits beside a paired one: a handful at any size.
    texts = orphan_p[PSA_KEY]
    with_asked = set(orphan_p[PC].loc[member(texts, set(asked))].astype(str))
    at = member(p_all[G.CLIENT], with_asked) & member(p_all[G.PRODUCT], set(paired))
    clients = set(p_all[G.CLIENT].loc[at].astype(str))
    if not clients:
        return Reading()
    psa_rows = p_all.loc[member(p_all[G.CLIENT], clients), [G.CLIENT, G.PRODUCT, TARGET, G.QTY]]
    billed: dict[str, dict[str, int]] = defaultdict(dict)  # client -> text -> seats
    targets: dict[str, set[str]] = defaultdict(set)  # client -> products other texts bill
    for client, text, target, qty in psa_rows.itertuples(index=False):
        lines = billed[str(client)]
        lines[str(text)] = lines.get(str(text), 0) + (0 if pd.isna(qty) else int(qty))
        if str(text) not in paired and str(text) not in asked:
            targets[str(client)].add(str(target))
    bought = _bought(mine, clients)
    psa_names, vendor_names = names
    out: dict[tuple[str, str], Pending] = {}
    moved: dict[str, dict[str, str]] = defaultdict(dict)  # text -> client -> other product
    for client in sorted(clients):
        texts_here = billed[client]
        by_paired: dict[str, int] = defaultdict(int)
        for text, seats in texts_here.items():
            if text in paired:
                by_paired[paired[text]] += seats
        products_here = {p: n for p, n in bought[client].items() if p not in targets[client]}
        for text, product in asked.items():
            if text not in texts_here:
                continue
            read = _read(
                text,
                product,
                (texts_here, products_here, by_paired),
                set(paired),
                psa_names,
                kinds,
            )
            if read is None:
                continue
            moved[text][client] = read[0]
            if not read[1]:
                continue
            carrier = next(t for t in sorted(texts_here) if paired.get(t) == product)
            out[client, text] = Pending(
                vendor_key=read[0],
                rests_on="",
                score=SCORE,
                how=HOW.format(
                    kind=catalogue_family(product),
                    taken=repr(vendor_names.get(product, product)),
                    paired=repr(psa_names.get(carrier, carrier)),
                ),
            )
    sits_at = orphan_p.loc[member(texts, set(moved)), [PC, PSA_KEY]].astype(str)
    count = sits_at.drop_duplicates().groupby(PSA_KEY).size().to_dict()
    decided: set[str] = set()
    repointed: dict[str, str] = {}
    for text, read_at in moved.items():
        if count.get(text, 0) != len(read_at):
            continue  # the text sits elsewhere too: the question there stands as it was
        if all((client, text) in out for client in read_at):
            decided.add(text)
        elif len(set(read_at.values())) == 1:
            repointed[text] = next(iter(read_at.values()))
    return Reading(out, decided, repointed)


def _bought(mine: pd.DataFrame, clients: set[str]) -> defaultdict[str, dict[str, int]]:
    """Seats each of ``clients`` buys of each vendor product (positive lines only)."""
    bought: defaultdict[str, dict[str, int]] = defaultdict(dict)
    vendor_rows = mine.loc[member(mine[PC], clients), [PC, G.PRODUCT, G.QTY]]
    for client, product, qty in vendor_rows.itertuples(index=False):
        if not pd.isna(qty) and int(qty) > 0:
            held = bought[str(client)]
            held[str(product)] = held.get(str(product), 0) + int(qty)
    return bought


def _read(
    text: str,
    product: str,
    here: tuple[Mapping[str, int], Mapping[str, int], Mapping[str, int]],
    paired: set[str],
    psa_names: Mapping[str, str],
    kinds: Mapping[str, str],
) -> tuple[str, bool] | None:
    """The other product of ``product``'s kind the text bills at one client, and whether its
    seats are the text's; None where the text is not read so there."""
    texts_here, products_here, by_paired = here
    kind = kinds[product]
    bought = products_here.get(product)
    if bought is None or by_paired.get(product) != bought:
        return None  # not billed in full by a paired text: the question stands
    family = catalogue_family(product)
    if not family or not text_names_family(psa_names[text], family):
        return None
    others = [
        p
        for p in products_here
        if p != product and kinds.get(p) == kind and by_paired.get(p, 0) == 0
    ]
    if len(others) != 1:
        return None
    rivals = [
        t
        for t in texts_here
        if t != text and t not in paired and text_names_family(psa_names[t], family)
    ]
    # Another unread text of the kind beside it may be the one billing that product: then
    # the seats choose nothing, and the text is asked about it, never read as it.
    return others[0], not rivals and products_here[others[0]] == texts_here[text]


@functools.lru_cache(maxsize=4_096)
def catalogue_family(product: str) -> str:
    """The catalogue's own kind of a product key ("Backup"), "" for one it does not hold:
    the words a text names it by (:data:`recon.engine.one_kind.ONE_KIND` joins kinds whose
    words differ)."""
    if not product.startswith(CATALOGUE_PREFIX):
        return ""
    found = load_catalog().get(product[len(CATALOGUE_PREFIX) :])
    return found.family if found is not None and found.family else ""


def asked_about(verdict: Verdict, product: str) -> Verdict:
    """The verdict asking about ``product`` first: its support as weighed if it is a
    candidate already, else the first candidate's clients and held rows under its name."""
    first = verdict.candidates[0]
    found = next((c for c in verdict.candidates if c.vendor_key == product), None)
    if found is None:
        how = f"names its kind; {first.vendor_key} is billed in full beside it by another text"
        found = dataclasses.replace(
            first,
            vendor_key=product,
            text=TextMatch(KIND_NAMED, TierRelation.SAME, how),
            agree=0,
            near=0,
            seat_counts=0,
        )
    found = dataclasses.replace(found, held=first.held, clients=first.clients)
    rest = tuple(c for c in verdict.candidates if c.vendor_key != product)
    return dataclasses.replace(verdict, candidates=(found, *rest))


def guess_yields(
    p_all: pd.DataFrame,
    rows: npt.NDArray[np.bool_],
    claims: Mapping[tuple[str, str], Pending],
    mine: pd.DataFrame,
    names: tuple[Mapping[str, str], Mapping[str, str]],
    kinds: Mapping[str, str],
) -> dict[tuple[str, str], Pending]:
    """(client, PSA key) -> the other maker's product of its kind, decided, for a text read
    as one maker's product only by a guess with the brand left out ("Email Security" as
    IRONSCALES Email Security), at a client where another text's question claims that
    product too.

    IRONSCALES names its product by its kind ("IRONSCALES Email Security", the maker's
    product page); Proofpoint sells "Proofpoint Essentials", also email security (its
    product page). At a client buying one seat of each, billed "Email Security" 1 and
    "Phishing Protection Licenses" 3 (asked as IRONSCALES on the seats at other clients),
    both were compared as IRONSCALES (4 billed against 1) and Proofpoint was "missing in
    PSA". The guess is the weakest reading at the client: where another text claims its
    product, the guessed text is the one other product of its kind bought there and billed
    by no text, when its seats are that product's and no other unread text names the kind.

    Args:
        p_all: the PSA groups with their comparison ``target``.
        rows: the guessed texts' rows compared at matched clients as a product sold there.
        claims: (client, PSA key) -> the product another pass compares that text as there.
        mine: the vendor rows at matched clients keyed by PSA client (``pc``,
            ``G.PRODUCT``, ``G.QTY``).
        names: PSA key -> text as written, and vendor key -> product name.
        kinds: product key -> kind (:func:`recon.engine.kind_guesses.catalogue_kinds`).

    Returns:
        The guessed rows to compare as the other product, each decided.
    """
    if not rows.any() or not claims:
        return {}
    claimed: dict[tuple[str, str], set[str]] = defaultdict(set)  # (client, product) -> texts
    for (client, text), pending in claims.items():
        claimed[client, pending.vendor_key].add(text)
    guessed = p_all.loc[rows, [G.CLIENT, G.PRODUCT, TARGET]].astype(str)
    hit = [
        (c, t, a) for c, t, a in guessed.itertuples(index=False) if claimed.get((c, a), set()) - {t}
    ]
    if not hit:
        return {}
    clients = {c for c, _, _ in hit}
    psa_rows = p_all.loc[member(p_all[G.CLIENT], clients), [G.CLIENT, G.PRODUCT, TARGET, G.QTY]]
    billed: dict[str, dict[str, int]] = defaultdict(dict)
    targets: dict[str, set[str]] = defaultdict(set)
    for client, text, target, qty in psa_rows.itertuples(index=False):
        lines = billed[str(client)]
        lines[str(text)] = lines.get(str(text), 0) + (0 if pd.isna(qty) else int(qty))
        targets[str(client)].add(str(target))
    for (client, _text), pending in claims.items():
        if client in clients:
            targets[client].add(pending.vendor_key)
    bought = _bought(mine, clients)
    psa_names, vendor_names = names
    out: dict[tuple[str, str], Pending] = {}
    for client, text, product in sorted(set(hit)):
        kind, family = kinds.get(product), catalogue_family(product)
        if kind is None or not family or not text_names_family(psa_names[text], family):
            continue
        others = [
            p
            for p in bought[client]
            if p != product and kinds.get(p) == kind and p not in targets[client]
        ]
        if len(others) != 1 or bought[client][others[0]] != billed[client].get(text):
            continue
        claimers = claimed[client, product]
        if any(
            text_names_family(psa_names[t], family)
            for t in billed[client]
            if t != text and t not in claimers and t in psa_names
        ):
            continue
        out[client, text] = Pending(
            vendor_key=others[0],
            rests_on="",
            score=SCORE,
            how=YIELD_HOW.format(
                kind=family,
                taken=repr(vendor_names.get(product, product)),
                other=repr(psa_names.get(min(claimers), min(claimers))),
            ),
        )
    return out
