"""The bot's own memory: Slack conversation state, in its own tables beside the store's.

What the bot must remember across restarts and that is not billing lives here, not in
:mod:`recon.store`: ids already handled (uploads, events, questions asked, digest slots),
the first file of a pair waiting for its partner, where each message was posted (so a
decision edits it in place), review prompts put to people, and the scheduler's lease.
The tables share the store's database file and clock; their schema has its own steps
(:mod:`bot.conversation._schema`), and the first took over the tables the store kept
for the bot until its schema 11, rows and all.

Example::

    chat = Conversation.open(store)
    if chat.claim(ClaimKind.FILE, "F0123"):
        ...
"""

from __future__ import annotations

from bot.conversation._claims import SEEN_TTL, ClaimKind
from bot.conversation._conversation import Conversation
from bot.conversation._leases import Lease
from bot.conversation._messages import MessageKind, PostedMessage
from bot.conversation._reviews import ReviewPrompt, ReviewStatus
from bot.conversation._schema import CONVERSATION_VERSION, STEPS
from bot.conversation._uploads import UPLOAD_TTL, HeldUpload

__all__ = [
    "CONVERSATION_VERSION",
    "SEEN_TTL",
    "STEPS",
    "UPLOAD_TTL",
    "ClaimKind",
    "Conversation",
    "HeldUpload",
    "Lease",
    "MessageKind",
    "PostedMessage",
    "ReviewPrompt",
    "ReviewStatus",
]
