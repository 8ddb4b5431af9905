"""Where things live on disk when nobody says otherwise."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

#: Environment variable that overrides the default database location.
DB_ENV_VAR = "RECON_DB"


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """The database used when ``--db`` is not given.

    ``$RECON_DB`` wins; otherwise a per-user file, ``$XDG_DATA_HOME/recon/recon.db``
    (``~/.local/share/recon/recon.db`` when XDG_DATA_HOME is unset).

    Args:
        environ: the environment to read (default: ``os.environ``).

    Returns:
        The path; its parent folder may not exist yet (the store creates it).
    """
    env = os.environ if environ is None else environ
    explicit = env.get(DB_ENV_VAR, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    data_home = env.get("XDG_DATA_HOME", "").strip()
    base = Path(data_home).expanduser() if data_home else Path.home() / ".local" / "share"
    return base / "recon" / "recon.db"
