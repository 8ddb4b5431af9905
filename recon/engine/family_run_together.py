"""A company named after its parent's whole name written run together, a word of it folded.

PSA company names are often typed as a company identifier, the words run together
(ConnectWise's Company ID, 25 characters without spaces: "SandersAssociation"), and an MSP
opens a company per subsidiary or department under that identifier and words of its own
("SandersAssociation Property Services"). :func:`recon.engine.family_names.named_after` reads
the parent's whole key written as one word ("cunninghamdermatology"), but a client key folds
business words to one form (USPS Publication 28 and the business-abbreviation lists:
"Association" is "assn"), so the parent keyed "sanders assn" ran together as "sandersassn"
while the company's first word stays "sandersassociation": the subsidiary was not named after
its parent, its one exact line (39 Defender for Office 365 seats the parent bills none of)
too little on seats alone, and it showed as both halves of the product.

Here the company's first word is keyed as a name on its own (:func:`recon.normalize.
client_key` splits a run-together identifier into its words and folds them, as it keyed the
parent's "SandersAssociation"): where that key has two words or more, it is a parent's whole
name, looked up as one.
"""

from __future__ import annotations

from recon.normalize import client_key


def first_word_as_name(word: str) -> str | None:
    """A company's first key word keyed as a whole name ("sandersassociation" -> "sanders
    assn"), where that splits it into two words or more; None otherwise (a word the key
    leaves whole, "northgate", is no run-together name).

    Args:
        word: the first word of a company's client key.
    """
    key = client_key(word)
    return key if key != word and " " in key else None
