"""The owners CSV: ``client,slack_user,email,billing_owner``, one client per row.

``recon owners export`` writes it and ``recon owners import`` reads it back, so a team can
keep account-manager assignments in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TextIO

from recon.errors import InputError
from recon.report import neutralise, unneutralise
from recon.store.people import Owner, OwnerRow

#: The columns, in the order export writes them. ``client`` and ``slack_user`` are required.
OWNER_COLUMNS = ("client", "slack_user", "email", "billing_owner")
_REQUIRED = ("client", "slack_user")


def read_owners_csv(text: str, *, path: str | None = None) -> list[OwnerRow]:
    """Parse an owners CSV (header row first; extra columns are ignored).

    Args:
        text: the file's content (a leading BOM is fine).
        path: the file name, for messages.

    Returns:
        One row per non-blank data row, numbered as a spreadsheet numbers them.

    Raises:
        InputError: the file is empty or its header lacks ``client`` or ``slack_user``.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None:
        raise InputError("the owners file is empty", path=path)
    names = [h.strip().casefold().replace(" ", "_") for h in header]
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        raise InputError(
            f"the owners file needs columns {', '.join(OWNER_COLUMNS[:2])} (and may have "
            f"{', '.join(OWNER_COLUMNS[2:])}); missing {', '.join(missing)}",
            path=path,
        )
    rows: list[OwnerRow] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        # A cell export wrote as '=... (spreadsheet-safe) reads back as it was.
        values = dict(zip(names, (unneutralise(cell.strip()) for cell in cells), strict=False))
        rows.append(
            OwnerRow(
                row=reader.line_num,
                client=values.get("client", ""),
                slack_user=values.get("slack_user", ""),
                email=values.get("email") or None,
                billing_owner=values.get("billing_owner") or None,
            )
        )
    return rows


def write_owners_csv(owners: Iterable[Owner], out: TextIO) -> None:
    """Write owners as CSV (the format :func:`read_owners_csv` reads), spreadsheet-safe: a
    cell that would start a formula (``=``, ``+``, ``-``, ``@``) starts with ``'``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OWNER_COLUMNS)
    for owner in owners:
        cells = [owner.client, owner.slack_user, owner.email or "", owner.billing_owner or ""]
        writer.writerow([neutralise(cell) for cell in cells])
