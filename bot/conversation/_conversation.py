"""The :class:`Conversation` class: every part of the bot's own memory on one object."""

from __future__ import annotations

from bot.conversation._claims import ClaimsMixin
from bot.conversation._leases import LeasesMixin
from bot.conversation._messages import MessagesMixin
from bot.conversation._reviews import ReviewsMixin
from bot.conversation._schema import CONVERSATION_VERSION, conversation_version, migrate
from bot.conversation._uploads import UploadsMixin
from recon import Store, read_transaction, write_transaction


class Conversation(ClaimsMixin, UploadsMixin, MessagesMixin, ReviewsMixin, LeasesMixin):
    """What the bot must remember across restarts that is not billing.

    Seen ids, files waiting for their partner, where each message was posted, review
    prompts and the scheduler's lease: Slack conversation state, in the bot's own tables
    beside the store's (same file, same clock). recon never reads them.

    Example::

        store = Store.open(settings.db_path)
        chat = Conversation.open(store)
        if chat.claim(ClaimKind.FILE, file_id):
            ...
    """

    @classmethod
    def open(cls, store: Store) -> Conversation:
        """The conversation kept in a store's database file, its tables brought up to date.

        Args:
            store: an open store; the conversation uses its file and its clock.

        Raises:
            StoreError: the bot's tables were written by a newer bot.
            DatabaseUnusable: the file is read-only, damaged, or its disk is full.
        """
        with read_transaction(store.path) as db:
            current = conversation_version(db)
        if current != CONVERSATION_VERSION:  # only then take the write lock (and check again)
            with write_transaction(store.path) as db:
                migrate(db)
        return cls(store.path, store.now)
