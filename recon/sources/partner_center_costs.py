"""Partner Center unit costs, from the latest billed invoice's reconciliation export.

Subscriptions carry seats but no price, so costs come from what Microsoft actually billed:

1. ``GET {PARTNER_CENTER_API_URL}/invoices``: the latest new-commerce invoice (id ``G…``,
   not a credit note) by ``invoiceDate``;
2. ``POST {PARTNER_CENTER_GRAPH_URL}/reports/partners/billing/reconciliation/billed/export``
   with ``{"invoiceId", "attributeSet": "full"}`` -> 202 and a ``Location``;
3. poll ``Location`` (honouring ``Retry-After``, else every :data:`POLL_SECONDS`, up to
   :data:`EXPORT_TIMEOUT`) until ``succeeded``; its manifest (inline ``resourceLocation`` or
   the ``resourceLocation@odata.navigationLink``) lists blobs under ``rootDirectory``, read
   with ``sasToken``;
4. download each blob (gzip or not; JSON lines, or CSV), turn it into the reconciliation
   CSV and read it with the ``microsoft_nce`` format: ``read_export(bytes,
   format_name="microsoft_nce")``, so costs are monthly exactly as for a downloaded file.

A subscription's cost is its own latest charge line's monthly unit price; failing that, the
price the same customer paid for the same SKU; failing that, the price anyone paid for that
SKU on the invoice (the price list is the same). Each fallback is counted in a warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from recon.errors import ReconError, SourceError
from recon.formats import read_export
from recon.formats.cells import parse_date_column
from recon.model import Col, Side
from recon.sources._http import HttpClient
from recon.sources._shape import as_dict, need, records, text
from recon.sources._wire import parse_json_bytes, retry_after_seconds, same_origin

#: Poll the export this often when the service doesn't say (seconds).
POLL_SECONDS = 15.0
#: Give up on an export that hasn't finished after this long (seconds, by the clock).
EXPORT_TIMEOUT = 1800.0
GRAPH_SETTING = "PARTNER_CENTER_GRAPH_URL"
_EXPORT_PATH = "/reports/partners/billing/reconciliation/billed/export"
_DONE = frozenset({"succeeded", "completed"})
_FAILED = frozenset({"failed", "cancelled", "canceled"})


@dataclass
class CostTable:
    """Monthly unit cost (micro-units) by subscription, by (customer, SKU) and by SKU.

    Attributes:
        invoice_id: the invoice the costs come from.
        by_subscription: subscription id (lower case) -> cost.
        by_customer_sku: (tenant id lower case, SKU) -> cost.
        by_sku: SKU -> cost.
        used: how each lookup was answered, level -> count (for the warning).
    """

    invoice_id: str
    by_subscription: dict[str, int] = field(default_factory=dict)
    by_customer_sku: dict[tuple[str, str], int] = field(default_factory=dict)
    by_sku: dict[str, int] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)

    def lookup(self, subscription_id: str, tenant_id: str, sku: str) -> int | None:
        """The best-known monthly unit cost of one subscription, or None."""
        found: tuple[str, int | None] = ("none", None)
        if (unit := self.by_subscription.get(subscription_id.lower())) is not None:
            found = ("subscription", unit)
        elif (unit := self.by_customer_sku.get((tenant_id.lower(), sku))) is not None:
            found = ("customer", unit)
        elif (unit := self.by_sku.get(sku)) is not None:
            found = ("sku", unit)
        self.used[found[0]] = self.used.get(found[0], 0) + 1
        return found[1]

    def warnings(self) -> list[str]:
        """What people should know about where costs came from."""
        out = []
        if n := self.used.get("customer"):
            out.append(
                f"{n} subscriptions had no charge on invoice {self.invoice_id}; "
                "their cost is what the same customer paid for the same SKU"
            )
        if n := self.used.get("sku"):
            out.append(
                f"{n} subscriptions had no charge for their customer on invoice "
                f"{self.invoice_id}; their cost is the invoice's price for the SKU"
            )
        if n := self.used.get("none"):
            out.append(f"{n} subscriptions have no cost on invoice {self.invoice_id}")
        return out


def latest_invoice_id(invoices: list[dict[str, Any]]) -> str | None:
    """The newest new-commerce invoice (``G…``, not a credit note), or None."""
    candidates = [
        (text(inv.get("invoiceDate")), text(inv.get("id")))
        for inv in invoices
        if text(inv.get("id")).upper().startswith("G")
        and "credit" not in text(inv.get("documentType")).lower()
    ]
    return max(candidates)[1] if candidates else None


def export_rows(
    http: HttpClient,
    *,
    graph_url: str,
    invoice_id: str,
    auth: Any,
) -> list[dict[str, Any]]:
    """Run the billed reconciliation export of one invoice and return its line items.

    Raises:
        SourceError: the export failed, timed out, or came back in a shape we can't read.
    """
    runtime = http.runtime
    accepted = http.request(
        "POST",
        f"{graph_url}{_EXPORT_PATH}",
        what=f"POST {_EXPORT_PATH}",
        json_body={"invoiceId": invoice_id, "attributeSet": "full"},
        auth=auth,
        url_setting=GRAPH_SETTING,
    )
    location = accepted.headers.get("Location")
    if not location:
        raise http.error(f"accepted the billing export of {invoice_id} without a Location")
    operation_url = same_origin(graph_url, location)
    what = f"GET {urlsplit(operation_url).path}"
    deadline = runtime.clock() + dt.timedelta(seconds=EXPORT_TIMEOUT)
    wait = retry_after_seconds(accepted.headers.get("Retry-After"), runtime.clock())
    while True:
        delay = POLL_SECONDS if wait is None else wait
        if runtime.clock() + dt.timedelta(seconds=delay) > deadline:
            raise http.error(
                f"did not finish the billing export of invoice {invoice_id} within "
                f"{EXPORT_TIMEOUT / 60:.0f} minutes; try again later",
                "unreachable",
            )
        runtime.sleep(delay)
        response = http.request(
            "GET", operation_url, what=what, auth=auth, url_setting=GRAPH_SETTING
        )
        doc = as_dict(http.parse(response, what), http, f"a response to {what}")
        status = text(doc.get("status")).lower()
        if status in _DONE:
            break
        if status in _FAILED:
            error = doc.get("error") if isinstance(doc.get("error"), dict) else {}
            reason = text(error.get("message"))[:200] if error else ""
            raise http.error(
                f"could not export invoice {invoice_id}" + (f": {reason}" if reason else "")
            )
        wait = retry_after_seconds(response.headers.get("Retry-After"), runtime.clock())
    manifest = doc.get("resourceLocation")
    if not isinstance(manifest, dict):
        link = need(doc, "resourceLocation@odata.navigationLink", http, f"a response to {what}")
        manifest_url = same_origin(graph_url, text(link))
        label = f"GET {urlsplit(manifest_url).path}"
        manifest = as_dict(
            http.json("GET", manifest_url, what=label, auth=auth, url_setting=GRAPH_SETTING),
            http,
            label,
        )
    return _download(http, manifest, invoice_id)


def _download(http: HttpClient, manifest: dict[str, Any], invoice_id: str) -> list[dict[str, Any]]:
    what = f"the manifest of invoice {invoice_id}"
    root = text(need(manifest, "rootDirectory", http, what)).rstrip("/")
    sas = text(manifest.get("sasToken")).lstrip("?")
    http.add_secret(sas)
    for part in sas.split("&"):  # the signature alone, in case it is echoed decoded
        if part.lower().startswith("sig="):
            http.add_secret(part[4:])
    rows: list[dict[str, Any]] = []
    for blob in records(manifest.get("blobs") or [], http, f"the blobs of {what}"):
        name = text(need(blob, "name", http, f"a blob in {what}"))
        url = f"{root}/{name}" + (f"?{sas}" if sas else "")
        # The SAS token is the credential here: no Authorization header goes to the blob.
        response = http.request(
            "GET", url, what=f"the billing export file of {invoice_id}", url_setting=""
        )
        rows.extend(_blob_rows(http, response.content, invoice_id))
    return rows


def _blob_rows(http: HttpClient, data: bytes, invoice_id: str) -> list[dict[str, Any]]:
    """JSON lines (or a CSV) from one blob, gzip or not."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = zlib.decompress(data, wbits=47)
        except zlib.error:
            raise http.error(
                f"sent a billing export file of {invoice_id} that is not gzip"
            ) from None
    content = data.lstrip(b"\xef\xbb\xbf \r\n\t")
    if not content:
        return []
    if not content.startswith(b"{"):
        reader = csv.DictReader(io.StringIO(content.decode("utf-8", errors="replace")))
        return [dict(row) for row in reader]
    rows = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = parse_json_bytes(line)
        except ValueError:
            raise http.error(
                f"sent a billing export file of {invoice_id} whose line {number} is not JSON"
            ) from None
        rows.append(as_dict(item, http, f"line {number} of the billing export of {invoice_id}"))
    return rows


def cost_table(
    rows: list[dict[str, Any]],
    *,
    invoice_id: str,
    as_of: dt.date,
    error: Callable[[str], SourceError],
) -> CostTable:
    """Read the export's rows with the ``microsoft_nce`` format and index the costs.

    Args:
        rows: line items as the export gives them (keys are the recon file's columns).
        invoice_id: for messages.
        as_of: passed to ``read_export``.
        error: builds the error raised when the rows can't be read.
    """
    table = CostTable(invoice_id)
    if not rows:
        return table
    columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([text(row.get(c)) for c in columns])
    try:
        lines = read_export(
            buffer.getvalue().encode("utf-8"),
            side=Side.VENDOR,
            name=f"billing export of invoice {invoice_id}",
            format_name="microsoft_nce",
            as_of=as_of,
        )
    except ReconError as err:
        raise error(f"sent a billing export of {invoice_id} that can't be read: {err}") from None
    priced = lines.lines[lines.lines[Col.UNIT].notna()]
    source = [rows[int(r) - 2] for r in priced[Col.ROW]]  # a line's row is its record + 2
    keys = {c.lower(): c for c in columns}
    sub_key, end_key = keys.get("subscriptionid", ""), keys.get("chargeenddate", "")
    ends = parse_date_column([text(r.get(end_key)) for r in source]).values
    order = pd.DataFrame(
        {
            "sub": [text(r.get(sub_key)).lower() for r in source],
            "tenant": [str(t).lower() for t in priced[Col.CLIENT_ID]],
            "sku": [str(s) for s in priced[Col.SKU]],
            "unit": [int(u) for u in priced[Col.UNIT]],
            "positive": list(priced[Col.QTY] > 0),
            "end": [d.toordinal() if d else 0 for d in ends],
            "row": list(priced[Col.ROW]),
        }
    ).sort_values(["positive", "end", "row"])
    # The last of each key wins: a positive charge of the latest period, latest row.
    subs = order[order["sub"] != ""].drop_duplicates("sub", keep="last")
    table.by_subscription = dict(zip(subs["sub"], map(int, subs["unit"]), strict=True))
    pairs = order.drop_duplicates(["tenant", "sku"], keep="last")
    table.by_customer_sku = {
        (t, k): int(u) for t, k, u in zip(pairs["tenant"], pairs["sku"], pairs["unit"], strict=True)
    }
    skus = order.drop_duplicates("sku", keep="last")
    table.by_sku = dict(zip(skus["sku"], map(int, skus["unit"]), strict=True))
    return table


def cost_warning_for(err: SourceError) -> str:
    """The warning shown when costs are unavailable for lack of permission."""
    return (
        f"unit costs unavailable: {err} (the app needs the Microsoft Graph permission "
        "PartnerBilling.Read.All); missing_in_psa gaps will be priced from PSA prices"
    )
