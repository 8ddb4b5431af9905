"""The owners CSV: one client per row, with its account manager.

Two columns are enough: the client, and the account manager as a Slack user id
(``U0123ABCD``) or an e-mail (the bot finds the Slack user by it)::

    client,owner
    Wayne Enterprises,U0123ABCD
    Acme Manufacturing,dana@msp.example

The header row may be left out when the file has exactly those two columns. The full form,
``client,slack_user,email,billing_owner``, is what ``recon owners export`` writes, so a team
can keep assignments in a spreadsheet and import them back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import TextIO

from recon.errors import InputError
from recon.report import neutralise, unneutralise
from recon.store._people import Owner, OwnerRow

#: The columns, in the order export writes them. ``client`` and one of ``slack_user``,
#: ``email`` or ``owner`` (either of the two) are required.
OWNER_COLUMNS = ("client", "slack_user", "email", "billing_owner")
#: Header names read as the one "owner" column of a two-column file.
_OWNER_NAMES = ("owner", "account_manager", "slack", "slack_user_or_email", "user", "manager")
_PERSON = ("slack_user", "email", *_OWNER_NAMES)


def read_owners_csv(text: str, *, path: str | None = None) -> list[OwnerRow]:
    """Parse an owners CSV (header row first, unless the file has exactly two columns).

    Args:
        text: the file's content (a leading BOM is fine).
        path: the file name, for messages.

    Returns:
        One row per non-blank data row, numbered as a spreadsheet numbers them. A Slack user
        id in the owner column becomes ``slack_user``; anything with an ``@`` becomes
        ``email``; anything else is left in ``slack_user`` for the import to report.

    Raises:
        InputError: the file is empty, or its header has no client column or no owner
            column.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(reader, None)
    if header is None:
        raise InputError("the owners file is empty", path=path)
    names = [h.strip().casefold().replace(" ", "_").replace("-", "_") for h in header]
    first_data: list[str] | None = None
    if "client" not in names and len(names) == 2 and _looks_like_owner(header[1]):
        first_data, names = header, ["client", "owner"]  # no header row: client, owner
    if "client" not in names or not any(n in _PERSON for n in names):
        raise InputError(
            "the owners file needs a client column and the account manager's Slack user id "
            "or e-mail (columns client,owner; or client,slack_user,email,billing_owner); "
            f"its header is {', '.join(h.strip() for h in header)}",
            path=path,
        )
    rows: list[OwnerRow] = []
    lines = [(1, first_data)] if first_data is not None else []
    for number, cells in [*lines, *((reader.line_num, c) for c in reader)]:
        if cells is None or not any(cell.strip() for cell in cells):
            continue
        # A cell export wrote as '=... (spreadsheet-safe) reads back as it was.
        values = dict(zip(names, (unneutralise(cell.strip()) for cell in cells), strict=False))
        slack_user = values.get("slack_user", "")
        email = values.get("email") or None
        for name in _OWNER_NAMES:
            given = values.get(name, "")
            if given and not slack_user and not email:
                if "@" in given and not given.startswith("<@"):
                    email = given
                else:
                    slack_user = given
        rows.append(
            OwnerRow(
                row=number,
                client=values.get("client", ""),
                slack_user=slack_user,
                email=email,
                billing_owner=values.get("billing_owner") or None,
            )
        )
    return rows


def _looks_like_owner(cell: str) -> bool:
    """True for a Slack user id, a mention or an e-mail: data, not a header."""
    value = cell.strip()
    return bool(re.match(r"^(<@)?[UW][A-Z0-9]{6,}", value)) or "@" in value


def write_owners_csv(owners: Iterable[Owner], out: TextIO) -> None:
    """Write owners as CSV (the format :func:`read_owners_csv` reads), spreadsheet-safe: a
    cell that would start a formula (``=``, ``+``, ``-``, ``@``) starts with ``'``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OWNER_COLUMNS)
    for owner in owners:
        cells = [
            owner.client,
            owner.slack_user or "",
            owner.email or "",
            owner.billing_owner or "",
        ]
        writer.writerow([neutralise(cell) for cell in cells])
