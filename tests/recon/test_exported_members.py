"""The public surface: everything in ``__all__`` exists, and the list is sorted."""

from __future__ import annotations

import recon


def test_all_exports_exist() -> None:
    missing = [name for name in recon.__all__ if not hasattr(recon, name)]
    assert missing == []


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions.
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return kind, name


def test_all_is_sorted() -> None:
    assert recon.__all__ == sorted(recon.__all__, key=_isort_key)


def test_recon_never_imports_slack_or_the_bot() -> None:
    import subprocess
    import sys

    code = (
        "import sys, recon, recon.cli, recon.service;"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'bot', 'slack_bolt', 'slack_sdk'}];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
