"""Fixtures shared by every test: a clean environment and an injectable clock."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import settings

# CI draws the same examples every run, so a merge is never refused by a new random draw;
# a developer's run draws afresh and finds new counterexamples (add each as a plain test).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Variables any part of the project reads; a developer's own shell must never leak into a test.
_PROJECT_ENV_PREFIXES = (
    "RECON_",
    "SLACK_",
    "PAX8_",
    "PARTNER_CENTER_",
    "CONNECTWISE_",
    "AUTOTASK_",
)


@pytest.fixture(autouse=True)
def clean_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Remove project settings from the environment and point per-user data at a temp folder."""
    import os

    for name in list(os.environ):
        if name.startswith(_PROJECT_ENV_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


class FakeClock:
    """A clock tests move by hand. Call it to read the time; ``advance`` to move it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when


@pytest.fixture
def clock() -> FakeClock:
    """A fake UTC clock starting at 2026-03-02 09:00."""
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
