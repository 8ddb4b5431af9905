"""Split some clients of a generated pair into a FAMILY: one vendor customer billed from
several PSA companies, or one PSA company holding what the vendor sells to two customers.

A pseudo-holdout for client matching built from dev data only (no held-back list is read,
nothing is imported from ``recon``). Real-world sources of the shapes:

- Autotask: a sub-organization "is typically a customer location or franchise of the parent
  organization that in all respects except billing needs to be set up as an organization"
  (Autotask help, "Parent/sub-organization and job-level invoicing"); "a separate Autotask
  organization record for a sub-organization, department, or franchise ... you may well bill
  the individual sub-organizations" (Autotask help, "Invoicing sub-organization items to a
  parent organization"); site-level invoicing, one section per child account
  (kb.clouddepot.com "Autotask Parent Child Invoicing").
- ConnectWise Manage: a client's offices entered as Sites under the parent company or "as
  individual Companies themselves", separate companies when each location pays its own bill
  (visionary360.com "When to use sites vs separate companies in ConnectWise Manage"); an
  agreement covering "both a client and their parent company" (betterinvoice.io, Agreement
  Sites Tab).
- Microsoft: "an organization with more than one instance of Microsoft Entra ID"
  (learn.microsoft.com, Graph ``tenantRelationship`` / multiTenantOrganization): after an
  acquisition the bought company keeps its own tenant, a second Partner Center / Pax8
  customer, while the MSP bills the group as one PSA company.

Classes (``--classes``; all by default):

- ``sites``: the PSA bills the customer as two or three companies named after its offices,
  "X - Denver", "X (Boston)", "X: Tampa Office"; the vendor keeps one customer "X".
- ``department``: the PSA keeps "X" and adds a department or a lab, "X - Accounting Dept",
  "X Lab"; the vendor keeps "X".
- ``subsidiary``: the PSA keeps "X" and adds a subsidiary under a name of its own (the head
  word of X and a business word: "Hastings Property Services"): names alone cannot say it.
- ``tenants`` (the reverse): the vendor sells to two customers, "X" and a second tenant
  "X - Boston" / "X (Legacy Tenant)"; the PSA keeps one company "X".
- ``twin`` (a negative, no family): a different company named like the client plus a
  business word ("X Realty"), billed in the PSA only, products disjoint from the client's.
  Summing it into X's family is a wrong merge.

Seats of each product line are split between the members (a line of one seat, or with
seats included, goes whole to one member), so the members' seats sum to the original and
the truth's gaps are unchanged: a gap is on the family's summed seats. ``truth.json`` gets
a ``families`` list (client id, class, vendor names, PSA names), the members' names in the
scorer's maps, and for ``twin`` a new PSA-only client with its own gaps. Usage::

    python -m benchmarks.independent sites PAIR_DIR OUT_DIR --seed 16 --share 0.15
"""

from __future__ import annotations

import csv
import json
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

_VENDOR_CLIENT = ("companyName", "CustomerName")
_PSA_CLIENT = ("Company Name", "Organization Name")
_PSA_QTY = ("Quantity", "Units")
_PSA_TEXT = ("Description", "Service Name")
_VENDOR_QTY = ("quantity", "Quantity")
_VENDOR_IDS = ("CustomerId", "companyId")
_VENDOR_TEXT = ("productName", "ProductName")

#: US cities an office is named after (Census Bureau's largest cities, a few).
_CITIES = (
    "Denver", "Boston", "Tampa", "Austin", "Phoenix", "Omaha", "Dayton", "Reno", "Tulsa",
    "Raleigh", "Fresno", "Spokane", "Madison", "Toledo", "Boise", "Mesa", "Plano", "Irvine",
)  # fmt: skip
_SITE_FORMS = ("{x} - {c}", "{x} ({c})", "{x}: {c} Office", "{x} - {c} Office", "{x} {c}")
#: Departments and labs a PSA company is opened for (a billing contact of their own).
_DEPARTMENTS = (
    "{x} - Accounting Dept", "{x} Lab", "{x} - Billing", "{x} - IT Dept", "{x} Laboratory",
    "{x} - Admin", "{x} - HR Department", "{x} Warehouse",
)  # fmt: skip
_SUBSIDIARY_WORDS = ("Property Services", "Staffing", "Logistics", "Imaging", "Transport")
_TENANT_FORMS = ("{x} - {c}", "{x} ({c})", "{x} (Legacy Tenant)", "{x} - {c} Tenant")
_TWIN_WORDS = ("Realty", "Foundation", "Trust", "Properties", "Insurance Agency")
CLASSES = ("sites", "department", "subsidiary", "tenants", "twin")


@dataclass
class Made:
    """What :func:`split_families` wrote."""

    folder: Path
    families: list[dict[str, Any]] = field(default_factory=list)


def _col(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _strip(text: str) -> str:
    return " ".join(text.split())


def _head(name: str) -> str:
    words = [w for w in name.split() if w.lower() != "the"]
    return words[0] if words else name


def _two(name: str) -> tuple[str, ...]:
    """The first word and the head of the second: names that start alike."""
    words = name.split()
    return (words[0], words[1][:4]) if len(words) > 1 else (name,)


def _money(value: str, factor: Decimal) -> str:
    return str((Decimal(value) * factor).quantize(Decimal("0.01")))


class _Sheet:
    """One CSV file's rows with the columns a split needs."""

    def __init__(self, rows: list[list[str]], client: tuple[str, ...], qty: tuple[str, ...]):
        self.rows = rows
        header = rows[0]
        found = _col(header, client)
        if found is None:
            raise SystemExit(f"no client column among {client}")
        self.client = found
        self.qty = _col(header, qty)
        self.header = header
        self._rows: dict[str, list[int]] = {}
        for i, r in enumerate(rows[1:], 1):
            self._rows.setdefault(_strip(r[self.client]), []).append(i)

    def of(self, name: str) -> list[int]:
        """The rows a client had in the source file (read before any split)."""
        return self._rows.get(name, [])


def _split_rows(
    sheet: _Sheet, rows: list[int], names: list[str], rng: random.Random, *, vendor: bool
) -> None:
    """Give each row to one member, or split its seats between two (the seats sum)."""
    header = sheet.header
    less = _col(header, ("Less Included",))
    extra: list[list[str]] = []
    # Every member gets at least one row: the first rows go to each in turn.
    for n, i in enumerate(rows):
        row = sheet.rows[i]
        qty = int(row[sheet.qty]) if sheet.qty is not None and row[sheet.qty].strip() else 0
        whole = qty < 2 or (less is not None and row[less].strip() not in ("", "0"))
        if n < len(names) or whole or rng.random() < 0.4:
            row[sheet.client] = names[n % len(names)] if n < len(names) else rng.choice(names)
            continue
        a, b = rng.sample(names, 2)
        part = rng.randint(1, qty - 1)
        copy = list(row)
        row[sheet.client], copy[sheet.client] = a, b
        _reseat(header, row, part, qty, vendor=vendor)
        _reseat(header, copy, qty - part, qty, vendor=vendor)
        extra.append(copy)
    sheet.rows.extend(extra)


def _reseat(header: list[str], row: list[str], seats: int, was: int, *, vendor: bool) -> None:
    factor = Decimal(seats) / Decimal(was)
    for name in ("quantity", "Quantity", "BillableQuantity", "Units"):
        if name in header and row[header.index(name)].strip():
            row[header.index(name)] = str(seats)
    totals = ("costTotal", "Subtotal", "Total") if vendor else ("Ext Price",)
    for name in totals:
        i = header.index(name) if name in header else None
        if i is not None and row[i].strip():
            row[i] = _money(row[i], factor)


def split_families(
    src: Path, out: Path, *, seed: int = 16, share: float = 0.15, classes: tuple[str, ...] = ()
) -> Made:
    """Copy the pair in ``src`` to ``out`` with a ``share`` of its clients made families.

    Only clients billed in both files with two or more PSA lines (vendor lines for
    ``tenants``) are chosen; the classes are used in turn, the rarest first.
    """
    rng = random.Random(seed)
    truth: dict[str, Any] = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    vendor = _Sheet(_read(src / "vendor.csv"), _VENDOR_CLIENT, _VENDOR_QTY)
    psa = _Sheet(_read(src / "psa.csv"), _PSA_CLIENT, _PSA_QTY)
    taken = {_strip(r[vendor.client]).casefold() for r in vendor.rows[1:]}
    taken |= {_strip(r[psa.client]).casefold() for r in psa.rows[1:]}
    for c in truth["clients"]:
        for side in ("vendor", "psa", "canonical"):
            if c.get(side):
                taken.add(_strip(c[side]).casefold())
    heads = {_two(name) for name in taken}
    names = list(classes) or list(CLASSES)
    used = dict.fromkeys(names, 0)
    made = Made(out)
    psa_product = {_strip(k): v for k, v in truth["products"]["psa"].items()}
    catalogue = truth["products"]["catalogue"]
    new_clients: list[dict[str, Any]] = []
    for client in list(truth["clients"]):
        if client["role"] != "both" or not (client["in_vendor_file"] and client["in_psa_file"]):
            continue
        if client.get("twin_of") or rng.random() >= share:
            continue
        v_name, p_name = _strip(client["vendor"]), _strip(client["psa"])
        v_rows, p_rows = vendor.of(v_name), psa.of(p_name)
        for kind in sorted(names, key=lambda n: (used[n], rng.random())):
            member = _members(kind, p_name, v_name, rng)
            if member is None or any(m.casefold() in taken for m in member):
                continue
            # A subsidiary named like another client ("Kendall Transport" beside a client
            # "Kendall Transportation") is undecidable from the files, not this class.
            if kind == "subsidiary" and any(_two(m.casefold()) in heads for m in member):
                continue
            if kind == "tenants":
                if len(v_rows) < 2:
                    continue
                _split_rows(vendor, v_rows, [v_name, *member], rng, vendor=True)
                _new_tenant_id(vendor, member[0])
                family = {"vendor": [v_name, *member], "psa": [p_name]}
            elif kind == "twin":
                twin = _twin(client, member[0], psa, psa_product, catalogue, truth, rng)
                if twin is None:
                    continue
                new_clients.append(twin)
                family = {"vendor": [v_name], "psa": [p_name], "twin": member[0]}
            else:
                if len(p_rows) < len(member) + 1 and kind == "sites":
                    continue
                if len(p_rows) < 2:
                    continue
                billed = member if kind == "sites" else [p_name, *member]
                _split_rows(psa, p_rows, billed, rng, vendor=False)
                family = {"vendor": [v_name], "psa": billed}
            taken.update(m.casefold() for m in member)
            used[kind] += 1
            made.families.append({"client": client["id"], "class": kind, **family})
            break
    truth["clients"].extend(new_clients)
    out.mkdir(parents=True, exist_ok=True)
    for name, sheet in (("vendor.csv", vendor), ("psa.csv", psa)):
        with (out / name).open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(sheet.rows)
    if (src / "commitments.csv").exists():
        (out / "commitments.csv").write_bytes((src / "commitments.csv").read_bytes())
    truth["families"] = [f for f in made.families if f["class"] != "twin"]
    truth["perturbation"] = {
        "kind": "site_families",
        "seed": seed,
        "share": share,
        "classes": names,
        "families": made.families,
    }
    (out / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return made


def _members(kind: str, psa: str, vendor: str, rng: random.Random) -> list[str] | None:
    cities = rng.sample(_CITIES, 3)
    if kind == "sites":
        form = rng.choice(_SITE_FORMS)
        return [form.format(x=psa, c=c) for c in cities[: rng.choice((2, 2, 3))]]
    if kind == "department":
        return [rng.choice(_DEPARTMENTS).format(x=psa)]
    if kind == "subsidiary":
        head = _head(psa)
        return [f"{head} {rng.choice(_SUBSIDIARY_WORDS)}"] if head.isalpha() else None
    if kind == "tenants":
        return [rng.choice(_TENANT_FORMS).format(x=vendor, c=cities[0])]
    if kind == "twin":
        return [f"{psa} {rng.choice(_TWIN_WORDS)}"]
    raise SystemExit(f"unknown class {kind!r}")


def _new_tenant_id(vendor: _Sheet, name: str) -> None:
    """A second tenant is a second customer: its own customer id on every row it holds."""
    col = _col(vendor.header, _VENDOR_IDS)
    if col is None:
        return
    new = str(uuid.UUID(int=random.Random(name).getrandbits(128)))
    for row in vendor.rows[1:]:
        if row[vendor.client] == name:
            row[col] = new


def _twin(
    client: dict[str, Any],
    name: str,
    psa: _Sheet,
    psa_product: dict[str, str],
    catalogue: dict[str, Any],
    truth: dict[str, Any],
    rng: random.Random,
) -> dict[str, Any] | None:
    """A PSA-only company named like ``client`` plus a word, billing products it does not."""
    text = _col(psa.header, _PSA_TEXT)
    if text is None or psa.qty is None:
        return None
    own = set(truth["holdings"].get(client["id"], {}))
    donors = [
        c for c in truth["clients"] if c["role"] == "both" and c["psa"] and c["id"] != client["id"]
    ]
    rng.shuffle(donors)
    less = _col(psa.header, ("Less Included",))
    for donor in donors[:20]:
        rows = [psa.rows[i] for i in psa.of(_strip(donor["psa"]))]
        picked = [
            r
            for r in rows
            if (pid := psa_product.get(_strip(r[text])))
            and pid not in own
            and catalogue.get(pid, {}).get("sold_by_vendor")
            and r[psa.qty].strip().isdigit()
            and int(r[psa.qty]) > 0
            and (less is None or r[less].strip() in ("", "0"))
        ]
        seats: dict[str, int] = {}
        for r in picked:
            pid = psa_product[_strip(r[text])]
            seats[pid] = seats.get(pid, 0) + int(r[psa.qty])
        billed = truth["holdings"].get(donor["id"], {})
        # Only products all of whose lines the truth counts as billed (active, billable).
        whole = {pid for pid, n in seats.items() if billed.get(pid, [0, -1])[1] == n}
        picked = [r for r in picked if psa_product[_strip(r[text])] in whole]
        if len(picked) < 2:
            continue
        cid = f"{client['id']}T"
        holdings: dict[str, list[int]] = {}
        for r in picked:
            copy = list(r)
            copy[psa.client] = name
            psa.rows.append(copy)
            pid = psa_product[_strip(r[text])]
            holdings.setdefault(pid, [0, 0])[1] += int(r[psa.qty])
        truth["holdings"][cid] = holdings
        truth["gaps"].extend(
            {
                "client": cid,
                "product": pid,
                "kind": "missing_in_vendor",
                "seat_delta": -seats,
                "vendor_qty": 0,
                "psa_qty": seats,
                "vendor_monthly_cost": None,
                "psa_monthly_price": None,
            }
            for pid, (_, seats) in holdings.items()
        )
        return {
            "id": cid,
            "canonical": name,
            "role": "psa_only",
            "vendor": None,
            "psa": name,
            "twin_of": client["id"],
            "currency": client.get("currency", "USD"),
            "in_vendor_file": False,
            "in_psa_file": True,
        }
    return None
