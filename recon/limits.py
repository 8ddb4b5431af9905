"""Limits that command-line options show before any file is read.

Kept apart from :mod:`recon.formats` (which imports pandas and numpy) so that
``recon reconcile --help`` can print its defaults without importing them.
"""

from __future__ import annotations

#: Files (and decompressed gzip content) above this many bytes are refused.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
