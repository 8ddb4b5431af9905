"""Which format a header row is, which column fills each role, and the messages when unsure.

Scoring: a format's score is the share of its signature headers the file has. A format is a
candidate when it has at least ``min_hits`` of them; the best candidate wins. A tie between
two formats, or no candidate, falls back to the generic format of the side (or to "generic,
side unknown" when nobody said which side the file is). A file given as one side is called
swapped only on strong evidence for a format of the other side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from recon.errors import FormatNotRecognised, MissingColumns, UsageError
from recon.formats.header import find_header, header_key
from recon.formats.spec import FormatSpec
from recon.formats.synonyms import suggest_header
from recon.model import Role, Side

#: The name a detection carries when the file is generic and its side can't be told.
GENERIC = "generic"
GENERIC_LABEL = "generic export (columns found by name)"
#: A format of the other side must have this many signature headers (or this share of them)
#: before a file is called swapped; weaker evidence just falls back to the generic format.
SWAP_MIN_HITS = 4
SWAP_MIN_SCORE = 0.5
_SIDE_WORD = {Side.VENDOR: "a vendor file", Side.PSA: "a PSA file"}


@dataclass(frozen=True)
class Detection:
    """What a file looks like, judged from its header row.

    Attributes:
        format_name: the best-fitting format, or ``generic`` when the side can't be told.
        format_label: its human name.
        side: the format's side; None for ``generic`` (can't tell vendor from PSA).
        score: share of the format's signature headers present (generic: share of required
            roles found), 0-1.
        columns: role -> the header that would be used.
        headers: the file's headers.
    """

    format_name: str
    format_label: str
    side: Side | None
    score: float
    columns: Mapping[str, str]
    headers: tuple[str, ...]


def _ranked(specs: Iterable[FormatSpec], keys: set[str]) -> list[tuple[float, int, FormatSpec]]:
    """Specific formats with enough signature headers, best first."""
    found = []
    for spec in specs:
        if spec.generic or not spec.signature:
            continue
        hits = len(spec.signature & keys)
        if hits >= spec.min_hits:
            found.append((hits / len(spec.signature), hits, spec))
    return sorted(found, key=lambda item: (item[0], item[1]), reverse=True)


def _winner(ranked: list[tuple[float, int, FormatSpec]]) -> tuple[float, int, FormatSpec] | None:
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]:
        return None  # a tie: neither format is a safe bet
    return ranked[0]


def _confident(hits: int, score: float, spec: FormatSpec) -> bool:
    """Evidence strong enough to tell someone they gave the wrong file."""
    return hits >= max(spec.min_hits + 1, SWAP_MIN_HITS) or score >= SWAP_MIN_SCORE


def choose_format(
    specs: Sequence[FormatSpec],
    headers: tuple[str, ...],
    *,
    side: Side | None,
    path: str,
) -> tuple[FormatSpec | None, float]:
    """Pick the format for a header row.

    Args:
        specs: every registered format (generic ones included).
        headers: the file's headers.
        side: the side the caller says this file is, or None.
        path: the name shown in messages.

    Returns:
        ``(format, score)``; the format is None when the file is generic and ``side`` is None.

    Raises:
        FormatNotRecognised: ``side`` was given and the file is clearly the other side's format.
    """
    keys = {header_key(h) for h in headers}
    overall = _winner(_ranked(specs, keys))
    if side is None:
        return (overall[2], overall[0]) if overall else (None, 0.0)
    own = _winner(_ranked((s for s in specs if s.side is side), keys))
    if (
        overall
        and overall[2].side is not side
        and (own is None or overall[0] > own[0])
        and _confident(overall[1], overall[0], overall[2])
    ):
        other = overall[2]
        raise FormatNotRecognised(
            f"this looks like {export_name(other.label)} ({_SIDE_WORD[other.side]}), but it was "
            f"given as the {side.value} file; did you swap the two files?",
            path=path,
            headers=headers,
        )
    if own:
        return own[2], own[0]
    generic = next(s for s in specs if s.generic and s.side is side)
    return generic, 0.0


def export_name(label: str) -> str:
    """``"Pax8 invoice items"`` -> ``"a Pax8 invoice items export"`` (no doubled "export")."""
    return f"a {label}" if label.lower().endswith("export") else f"a {label} export"


def generic_score(spec: FormatSpec, assigned: Mapping[Role, int]) -> float:
    """Share of the required role groups a generic format found a column for."""
    groups = spec.required
    return sum(1 for g in groups if any(r in assigned for r in g)) / len(groups)


def check_role_names(column_map: Mapping[str, str], *, origin: str = "--map") -> None:
    """Refuse role names that are not :class:`Role` values.

    Raises:
        UsageError: naming the unknown role and listing the valid ones.
    """
    valid = [r.value for r in Role]
    for role in column_map:
        if role not in valid:
            raise UsageError(
                f"{origin}: unknown role {role!r}; valid roles are: {', '.join(valid)}"
            )


def apply_maps(
    assigned: Mapping[Role, int],
    headers: tuple[str, ...],
    *,
    saved: Mapping[str, str] | None,
    explicit: Mapping[str, str] | None,
    path: str,
) -> tuple[dict[Role, int], tuple[str, ...]]:
    """Override detected columns with a saved map, then with ``--map`` (which wins).

    A column taken by a map is taken away from whichever role had it. An empty column
    (``--map unit_price=``) leaves the role without a column.

    Args:
        assigned: role -> column index as detected.
        headers: the file's headers.
        saved: this format's saved map (role -> column), if any.
        explicit: ``--map ROLE=COLUMN`` entries, if any.
        path: the name shown in messages.

    Returns:
        ``(role -> column index, notes)``; notes tell about saved entries that no longer fit.

    Raises:
        UsageError: an explicit entry names an unknown role or a column the file lacks.
    """
    result = dict(assigned)
    notes: list[str] = []
    for origin, entries in (("saved column map", saved), ("--map", explicit)):
        if not entries:
            continue
        if origin == "--map":
            check_role_names(entries)
        for role_name, column in entries.items():
            if role_name not in Role.__members__.values():
                notes.append(f"{origin}: unknown role {role_name!r} ignored")
                continue
            role = Role(role_name)
            if not column.strip():
                result.pop(role, None)
                continue
            index = find_header(headers, column)
            if index is None:
                if origin == "--map":
                    raise UsageError(
                        f"--map {role.value}={column!r}: {path} has no column {column!r}; "
                        f"its columns are: {_quoted(headers)}"
                    )
                notes.append(f"{origin}: column {column!r} for {role.value} is not in this file")
                continue
            for other, taken in list(result.items()):
                if taken == index:
                    del result[other]
            result[role] = index
    return result, tuple(notes)


def missing_columns(
    spec: FormatSpec,
    assigned: Mapping[Role, int],
    headers: tuple[str, ...],
    *,
    path: str,
) -> MissingColumns | None:
    """The error to raise when required roles have no column (None when all are there).

    The message names the format, lists the headers seen and the roles missing, and shows
    the ``--map`` to use, suggesting the likeliest unassigned header for each missing role.
    """
    missing = spec.missing(assigned)
    if not missing:
        return None
    used = set(assigned.values())
    free = [h for i, h in enumerate(headers) if i not in used]
    hints: list[str] = []
    for group in missing:
        guess = next(
            ((role, h) for role in group if (h := suggest_header(role, free, spec.side))), None
        )
        role, column = guess if guess else (group[0], "COLUMN")
        if guess:
            free.remove(column)
        hints.append(f'--map {role.value}="{column}"')
    names = " and ".join(" or ".join(r.value for r in group) for group in missing)
    return MissingColumns(
        f"this looks like {export_name(spec.label)}, but no column was found for {names}. "
        f"Columns in the file: {_quoted(headers)}. Say which column to use, e.g. "
        f"{' '.join(hints)} (roles: {', '.join(r.value for r in Role)})",
        path=path,
        format_name=spec.name,
        headers=headers,
        missing_roles=[r.value for group in missing for r in group],
    )


def _quoted(headers: Sequence[str], limit: int = 60) -> str:
    shown = ", ".join(f'"{h}"' for h in headers[:limit])
    return shown + (f", ... ({len(headers) - limit} more)" if len(headers) > limit else "")
