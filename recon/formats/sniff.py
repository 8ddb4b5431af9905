"""Bytes in, UTF-8 text out: size, compression, encoding, BOM, delimiter.

Exports come out of real systems and out of Excel, so this module accepts what they write:
UTF-8 with or without a BOM, UTF-16 ("Unicode text"), Windows-1252, gzip; comma, semicolon,
tab or pipe; CRLF, LF or CR; quoted fields with delimiters, doubled quotes and newlines; title
lines and blank lines above the header. It refuses, with a hint, what it can't read: workbooks,
PDFs and other binary files.

This is the first step of reading: :func:`open_text` looks at the bytes, and at the top of the
file for the delimiter; :func:`recon.formats.header.find_header_row` then finds the header, and
:mod:`recon.formats.table` reads the rows under it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import stat
import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import recon.limits
from recon.errors import EmptyFile, FileTooLarge, InputError, NotATextFile

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

#: Files (and decompressed gzip content) above this many bytes are refused (defined in
#: :mod:`recon.limits`, which the command line can import without pandas).
DEFAULT_MAX_BYTES: int = recon.limits.DEFAULT_MAX_BYTES
#: A header row with more cells than this is refused before any row is read (no export has
#: that many columns; a file that does is not an export, and reading it would cost minutes).
MAX_COLUMNS = 1_000
#: The longest cell accepted: Excel's own limit, so no spreadsheet-made export goes past it.
MAX_CELL_CHARS = 32_767
#: How many rows from the top the delimiter is sniffed from (the header row is among them).
SNIFF_ROWS = 30
DELIMITERS = (",", ";", "\t", "|")
#: How much of the top of a file sniffing and the header search look at.
REGION_BYTES = 1024 * 1024
_SAVE_AS_CSV = "save it as CSV (File > Save As > CSV UTF-8) and try again"
#: Files at least this large are hashed on a thread of their own while their rows are parsed.
BACKGROUND_HASH_BYTES = 1 << 20


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def load_bytes(
    source: str | os.PathLike[str] | bytes, *, name: str | None = None, max_bytes: int
) -> tuple[str, bytes]:
    """Read a file (or take uploaded bytes), refusing anything over the size limit.

    Args:
        source: a path, or the file's bytes (an upload).
        name: the name to show in messages (default: the path, or ``upload``).
        max_bytes: the size limit.

    Returns:
        ``(name, raw bytes)``.

    Raises:
        FileTooLarge: over ``max_bytes``.
        InputError: the path does not exist, is a folder, or is not a regular file.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        label = name or "upload"
        data = bytes(source)
        if len(data) > max_bytes:
            raise _too_large(label, len(data), max_bytes)
        return label, data
    path = Path(source)
    label = name or str(source)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a folder, not a file", path=label)
        if not stat.S_ISREG(info.st_mode):
            # A pipe or a device would block or never end; only a saved file is an export.
            raise InputError(
                "is not a regular file (a pipe, a device or a socket); save the export to a "
                "file and give that",
                path=label,
            )
        size = info.st_size
        if size > max_bytes:
            raise _too_large(label, size, max_bytes)
        return label, path.read_bytes()
    except FileNotFoundError as err:
        raise InputError("no such file", path=label) from err
    except PermissionError as err:
        raise InputError("permission denied", path=label) from err


def _too_large(label: str, size: int, limit: int, what: str = "the file") -> FileTooLarge:
    return FileTooLarge(
        f"{what} is {_size(size)}, over the {_size(limit)} limit; "
        "export a shorter period or fewer columns",
        path=label,
        size=size,
        limit=limit,
    )


@dataclass(frozen=True, slots=True)
class TextFile:
    """A file decoded to UTF-8, with its delimiter.

    Attributes:
        path: the name shown in messages.
        digest: hex SHA-256 of the bytes as given (before any decompression), or the
            background hash that gives it (:attr:`sha256` waits for it).
        body: the content as UTF-8 bytes without a BOM.
        encoding: what the bytes were (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``...).
        delimiter: the field delimiter.
        notes: things worth telling the user (e.g. "read as Windows-1252").
    """

    path: str
    digest: str | Future[str]
    body: bytes
    encoding: str
    delimiter: str
    notes: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes as given (waits for a background hash to end)."""
        return hex_digest(self.digest)


def hex_digest(digest: str | Future[str]) -> str:
    """A digest, once its background hash (if any) has ended."""
    return digest if isinstance(digest, str) else digest.result()


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _digest(raw: bytes) -> str | Future[str]:
    """The file's SHA-256, or a hash of it under way on another thread.

    Hashing a distributor's export (over 100 MB) takes a quarter of a second of one core, and
    hashlib lets go of the interpreter while it hashes: started here, it is done while the
    rows are parsed and converted, and the run waits for it only once the lines are built.
    """
    if len(raw) < BACKGROUND_HASH_BYTES:
        return _sha256(raw)
    return _hasher().submit(_sha256, raw)


@functools.cache
def _hasher() -> ThreadPoolExecutor:
    """The threads that hash large files, made once, on the first large file."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 - big files only

    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="recon-sha256")


def _gunzip(raw: bytes, label: str, max_bytes: int) -> bytes:
    """Decompress every gzip member, refusing content over the limit."""
    out: list[bytes] = []
    total = 0
    data = raw
    try:
        while data:
            engine = zlib.decompressobj(wbits=31)
            chunk = engine.decompress(data, max_bytes + 1 - total)
            total += len(chunk)
            out.append(chunk)
            if total > max_bytes or engine.unconsumed_tail:
                raise _too_large(label, total, max_bytes, "the unzipped content")
            data = engine.unused_data
            if not engine.eof:
                raise NotATextFile("the gzip file is cut short; download it again", path=label)
            data = data.lstrip(b"\x00")
    except zlib.error as err:
        raise NotATextFile("the gzip file is damaged; download it again", path=label) from err
    return b"".join(out)


def _refuse_binary(data: bytes, label: str, *, nul: bool) -> None:
    """Raise NotATextFile with a specific hint for known binary formats (and NULs if ``nul``)."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        if b"[Content_Types].xml" in head or b"xl/" in head:
            raise NotATextFile(f"this is an Excel workbook; {_SAVE_AS_CSV}", path=label)
        raise NotATextFile("this is a zip archive; unzip it and use the CSV inside", path=label)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotATextFile(f"this is an old Excel workbook (.xls); {_SAVE_AS_CSV}", path=label)
    if head.startswith(b"%PDF"):
        raise NotATextFile(
            "this is a PDF; export the report as CSV from the portal instead", path=label
        )
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise NotATextFile("this is an image, not an export; upload the CSV file", path=label)
    if nul and b"\x00" in data[:65536]:
        raise NotATextFile(
            "this is a binary file, not a CSV or text export; export the report as CSV",
            path=label,
        )


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:2048]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _to_utf8(data: bytes, label: str) -> tuple[bytes, str, tuple[str, ...]]:
    """Decode the bytes and return them as UTF-8 without a BOM, the source encoding, notes."""
    _refuse_binary(data, label, nul=False)
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return _transcode(data[len(bom) :], codec, label), codec[:6], ()
    bomless = _utf16_without_bom(data)
    if bomless:
        return _transcode(data, bomless, label), "utf-16", ()
    _refuse_binary(data, label, nul=True)
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    if data.isascii():
        return data, encoding, ()
    if not _valid_utf8(data):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        note = "the file is not UTF-8; it was read as Windows-1252 (check accented names)"
        log.info("%s: %s", label, note)
        return text.encode("utf-8"), "cp1252", (note,)
    return data, encoding, ()


def _valid_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, as ``data.decode("utf-8")`` judges it.

    Checked by Arrow over the bytes in place: decoding a large file with one accented name
    would build a text two to four times its size only to throw it away (and take about
    twenty times as long).
    """
    import pyarrow as pa  # noqa: PLC0415 - only for non-ASCII files: keeps sniffing light

    offsets = pa.py_buffer(struct.pack("<qq", 0, len(data)))
    try:
        pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _transcode(data: bytes, codec: str, label: str) -> bytes:
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError as err:
        raise NotATextFile(
            f"the file is damaged ({codec} text that can't be read)", path=label
        ) from err


def _records(text: str) -> Iterator[tuple[int, str]]:
    """Split text into records (quote-aware), yielding (start offset, record text)."""
    start = 0
    quoted = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            yield start, text[start:i]
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    if start < n:
        yield start, text[start:]


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits the top rows most consistently.

    Counts each candidate outside quotes in up to :data:`SNIFF_ROWS` non-blank rows;
    the winner is the one whose most common non-zero count occurs in the most rows (ties go to
    the higher count, so ``Contoso;10;12,50`` is semicolon-delimited).

    Args:
        text: the start of the file.

    Returns:
        One of :data:`DELIMITERS` (comma when nothing fits).
    """
    rows: list[str] = []
    for _, record in _records(text):
        if record.strip():
            rows.append(record)
        if len(rows) >= SNIFF_ROWS:
            break
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [_count_outside_quotes(row, delimiter) for row in rows]
        nonzero = Counter(c for c in counts if c)
        if not nonzero:
            continue
        mode, _ = max(nonzero.items(), key=lambda item: (item[1], item[0]))
        score = (nonzero[mode], mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _count_outside_quotes(row: str, delimiter: str) -> int:
    if '"' not in row:
        return row.count(delimiter)
    return sum(part.count(delimiter) for part in row.split('"')[0::2])


def open_text(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> TextFile:
    """Read, decompress and decode a file, and find its delimiter.

    Args:
        source: a path or the file's bytes.
        name: the name to show in messages.
        max_bytes: size limit for the file and for its unzipped content (default 200 MB).

    Returns:
        The decoded file.

    Raises:
        FileTooLarge: over the limit.
        EmptyFile: no bytes, or only whitespace.
        NotATextFile: a workbook, PDF, image or other binary content.
        InputError: the path can't be read.
    """
    label, raw = load_bytes(source, name=name, max_bytes=max_bytes)
    digest = _digest(raw)
    data = raw
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, label, max_bytes)
    if not data or data.isspace():
        raise EmptyFile("the file is empty", path=label)
    body, encoding, notes = _to_utf8(data, label)
    head = body[:REGION_BYTES].decode("utf-8", errors="ignore")
    if not head.strip():
        raise EmptyFile("the file has nothing but blank lines", path=label)
    sep_line = re.match(r'^"?sep=(.)"?[^\S\r\n]*(?:\r\n|\r|\n)', head)
    if sep_line:  # Excel's "sep=;" hint line; Excel hides it, so it is not a row
        delimiter = sep_line[1]
        body = body[len(sep_line[0].encode("utf-8")) :]
    else:
        delimiter = sniff_delimiter(head)
    return TextFile(label, digest, body, encoding, delimiter, notes)
