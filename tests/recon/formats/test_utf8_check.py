"""The in-place UTF-8 check judges bytes exactly as ``bytes.decode("utf-8")`` does (issue 16:
a large file with one accented name is no longer decoded whole only to be validated)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recon.formats.sniff import _valid_utf8, open_text


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize(
    "data",
    [
        b"",
        "Zoë Café, Ærø".encode(),
        "\U0001f600 \uffff \u0800".encode(),
        b"\xed\xa0\x80",  # a surrogate
        b"\xc0\x80",  # overlong
        b"\xe0\x80\x80",  # overlong
        b"\xf4\x90\x80\x80",  # past U+10FFFF
        b"caf\xc3",  # cut short
        b"caf\xe9",  # Windows-1252
    ],
)
def test_known_cases_are_judged_as_python_judges_them(data: bytes) -> None:
    assert _valid_utf8(data) == _decodes(data)


@given(st.lists(st.one_of(st.binary(max_size=6), st.text(max_size=4).map(str.encode))))
def test_any_bytes_are_judged_as_python_judges_them(parts: list[bytes]) -> None:
    data = b"".join(parts)
    assert _valid_utf8(data) == _decodes(data)


def test_a_windows_1252_file_is_still_read_as_windows_1252() -> None:
    text = open_text("Client,Product\nCaf\xe9 Ltd,Backup\n".encode("cp1252"), name="p.csv")
    assert text.encoding == "cp1252"
    assert "Café Ltd".encode() in text.body
