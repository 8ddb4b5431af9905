"""Shared setup for the client-name shape tests: clients named by their keys, and each
client's (product, seats) lines as the footprints matching reads."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from recon.match import ClientName
from recon.match.client_evidence import Footprints
from recon.normalize import client_key


def names(*raw: str) -> list[ClientName]:
    return [ClientName(client_key(n), n, client_key(n), "", Decimal(0)) for n in raw]


def pairs(result) -> dict[str, str]:
    return {m.vendor_client: m.psa_client for m in result.matches}


def footprints(vendor: dict, psa: dict) -> Footprints:
    def frame(rows: dict) -> pd.DataFrame:
        records = [
            {"identity": client_key(c), "product": p, "qty": n * 1000}
            for c, held in rows.items()
            for p, n in held
        ]
        return pd.DataFrame(records, columns=["identity", "product", "qty"])

    return Footprints(frame(vendor), frame(psa), {"cat:a", "cat:b", "cat:c", "cat:d", "cat:e"})


SHARED = [("cat:a", 10), ("cat:b", 4), ("cat:c", 7)]
OTHER = [("cat:d", 2), ("cat:e", 9)]
