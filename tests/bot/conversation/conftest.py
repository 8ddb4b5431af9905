"""Fixtures for the bot's own memory: a real store file in a temp folder, on the fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation import Conversation
from recon import Store
from tests.conftest import FakeClock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database lives."""
    return tmp_path / "recon.db"


@pytest.fixture
def store(db_path: Path, clock: FakeClock) -> Store:
    """A fresh store on the fake clock."""
    return Store.open(db_path, clock=clock)


@pytest.fixture
def chat(store: Store) -> Conversation:
    """The bot's memory beside the store."""
    return Conversation.open(store)
