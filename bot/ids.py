"""Every ``action_id``, ``callback_id`` and ``block_id`` the bot uses, in one place.

Listeners register on these and :mod:`bot.blocks` puts them on buttons and modals; ids
never carry data (a gap id goes in the button's ``value`` or the modal's
``private_metadata``), so one listener serves every button of a kind.
"""

from __future__ import annotations

from recon import Side

# Buttons on a gap.
GAP_RESOLVE = "gap_resolve"
GAP_ACCEPT = "gap_accept"
GAP_SNOOZE = "gap_snooze"
GAP_ALIAS = "gap_alias"
# "Update <PSA> to N": opens the fix preview (only where write-back is on for that PSA).
GAP_FIX = "gap_fix"

# Buttons on a review prompt (a client pair the engine would not make alone).
REVIEW_CONFIRM = "review_confirm"
REVIEW_REJECT = "review_reject"
REVIEW_ALIAS = "review_alias"

# Buttons on a mapping question (a PSA product that is probably a vendor product), in the
# thread of a run's billing-channel message; the value carries the PSA product and answer.
QUESTION_YES = "question_yes"
QUESTION_NO = "question_no"
# A mapping question on a PSA line that bills two products: "Yes, a bundle of both" stores
# the bundle (the value carries the PSA product and every product it names).
QUESTION_BUNDLE = "question_bundle"
# A family question (is a PSA company billed for another client's licences?), in the same
# thread: "Yes, bill them as one" / "No, separate companies"; the value carries the pair.
FAMILY_YES = "family_yes"
FAMILY_NO = "family_no"
# A maker question (is a maker the vendor file sells nothing of bought from its source?), in
# the same thread: "Yes, we buy it from Pax8" / "No, bought elsewhere"; the value carries the
# maker and the source.
MAKER_YES = "maker_yes"
MAKER_NO = "maker_no"
# A run's vendor products read as one (a second vendor name compared as a product), in the
# same thread: "Not the same product" stores the product rejection; the value is a question's.
MERGE_REJECT = "merge_reject"

# An anomaly in the seat history: "this is expected" (its key is the button's value).
ANOMALY_EXPECTED = "anomaly_expected"

# A client nobody owns: the user picker in the billing channel.
ASSIGN_OWNER = "assign_owner"

# The billing channel's one message per run: the button that opens everything in a modal.
RUN_LIST_OPEN = "run_list_open"
RUN_LIST_MODAL = "run_list_modal"

# An upload whose side can't be told.
UPLOAD_IS_VENDOR = "upload_is_vendor"
UPLOAD_IS_PSA = "upload_is_psa"
UPLOAD_SIDES = {UPLOAD_IS_VENDOR: Side.VENDOR, UPLOAD_IS_PSA: Side.PSA}

# A run the plausibility guard held: apply it, or drop it (its id is the button's value).
RUN_CONFIRM = "run_confirm"
RUN_DISCARD = "run_discard"

# Modals.
ACCEPT_MODAL = "accept_modal"
SNOOZE_MODAL = "snooze_modal"
ALIAS_MODAL = "alias_modal"
BUNDLE_MODAL = "bundle_modal"
FIX_MODAL = "fix_modal"

# Inputs inside the modals: (block_id, action_id) pairs.
REASON_BLOCK = "reason"
REASON_INPUT = "reason_input"
DATE_BLOCK = "until"
DATE_INPUT = "until_input"
ALIAS_PICK_BLOCK = "alias_pick"
ALIAS_PICK_INPUT = "alias_pick_input"
ALIAS_TYPED_BLOCK = "alias_typed"
ALIAS_TYPED_INPUT = "alias_typed_input"
BUNDLE_NAME_BLOCK = "bundle_name"
BUNDLE_NAME_INPUT = "bundle_name_input"
BUNDLE_PICK_BLOCK = "bundle_pick"
BUNDLE_PICK_INPUT = "bundle_pick_input"
BUNDLE_TYPED_BLOCK = "bundle_typed"
BUNDLE_TYPED_INPUT = "bundle_typed_input"

# The slash command.
COMMAND = "/reconcile"
