"""Learn this MSP's naming habits from the pairs its people confirmed and rejected.

Every confirmed pair is evidence about words, not just about that pair. When people confirm
"Stark Ind" = "Stark Enterprises" and "Kord Ind" = "Kord Enterprises", the words "ind" and
"ent" are the same word *here*; when they keep confirming "X Partners" = "X", "partners" is
noise *here*; when they keep rejecting "X - East" = "X", "east" marks a different client.

The engine applies this evidence to names it has never seen: learned equivalents and noise
are rewritten away before comparing (so more new pairs are confident and fewer need review),
and differences people keep rejecting push a candidate out of review. Evidence is never
stronger than a decision: a rejected pair stays rejected, numbers never become noise, and a
word that is both confirmed as noise and rejected as distinguishing is neither.

Thresholds: an equivalence needs 2 confirmations, noise needs 3, a distinguishing word needs
2 rejections, each from different client pairs, with nothing contradicting them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from recon.match.words import unmatched_words
from recon.model import Knowledge
from recon.normalize import client_key

EQUIVALENCE_SUPPORT = 2
NOISE_SUPPORT = 3
DISTINGUISHING_SUPPORT = 2


@dataclass(frozen=True, slots=True)
class Evidence:
    """What people's decisions teach about names.

    Attributes:
        equivalents: word -> the word it is learned to equal (both map to one canonical form).
        noise: words people drop when they confirm a pair.
        distinguishing: words whose presence people keep rejecting as a different client.
        support: a readable line per learned fact -> how many decisions back it.
    """

    equivalents: Mapping[str, str] = field(default_factory=dict)
    noise: frozenset[str] = frozenset()
    distinguishing: frozenset[str] = frozenset()
    support: Mapping[str, int] = field(default_factory=dict)

    def rewrite(self, key: str) -> str:
        """A client key with learned equivalents unified and learned noise removed.

        Never returns "" for a non-empty key: if every word is noise, the key is kept.
        """
        if not self.equivalents and not self.noise:
            return key
        words = [self.equivalents.get(w, w) for w in key.split()]
        kept = [w for w in words if w not in self.noise]
        return " ".join(kept or words)

    def used_for(self, key_a: str, key_b: str) -> list[str]:
        """The learned facts that bear on a pair of keys, for explanations."""
        words = set(key_a.split()) | set(key_b.split())
        facts = []
        for word in sorted(words):
            if word in self.equivalents and self.equivalents[word] != word:
                fact = f"'{word}' = '{self.equivalents[word]}'"
                facts.append(f"{fact} ({self.support.get(fact, 0)} confirmations)")
            if word in self.noise:
                facts.append(
                    f"'{word}' is noise ({self.support.get(f'noise {word}', 0)} confirmations)"
                )
            if word in self.distinguishing:
                facts.append(
                    f"'{word}' marks a different client "
                    f"({self.support.get(f'distinguishing {word}', 0)} rejections)"
                )
        return facts


def _split_difference(key_a: str, key_b: str) -> tuple[list[str], list[str]]:
    """Words only in a, words only in b (typos count as the same word)."""
    words_a, words_b = key_a.split(), key_b.split()
    return unmatched_words(words_a, words_b), unmatched_words(words_b, words_a)


def _facts(pairs: Iterable[tuple[str, str]]) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """Count one-for-one word swaps and single extra words over distinct client pairs."""
    swaps: Counter[tuple[str, str]] = Counter()
    extras: Counter[str] = Counter()
    for vendor, psa in set(pairs):
        only_a, only_b = _split_difference(vendor, psa)
        if len(only_a) == 1 and len(only_b) == 1:
            a, b = sorted((only_a[0], only_b[0]))
            if not (a.isdigit() or b.isdigit()):
                swaps[(a, b)] += 1
        elif len(only_a) + len(only_b) == 1:
            word = (only_a or only_b)[0]
            if not word.isdigit():
                extras[word] += 1
    return swaps, extras


def learn(knowledge: Knowledge) -> Evidence:
    """Turn stored confirmations and rejections into word-level evidence.

    Args:
        knowledge: the store's aliases (confirmed pairs) and rejections.

    Returns:
        The equivalences, noise and distinguishing words with enough support and no
        contradiction (see the module docstring for the thresholds).
    """
    confirmed = [(client_key(v), client_key(p)) for v, p in knowledge.client_aliases]
    rejected = [(client_key(v), client_key(p)) for v, p in knowledge.client_rejections]
    swaps, noise_votes = _facts(confirmed)
    rejected_swaps, distinguishing_votes = _facts(rejected)

    support: dict[str, int] = {}
    parent: dict[str, str] = {}

    def root(word: str) -> str:
        while parent.get(word, word) != word:
            word = parent[word]
        return word

    for (a, b), count in sorted(swaps.items()):
        if count >= EQUIVALENCE_SUPPORT and (a, b) not in rejected_swaps:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
            support[f"'{a}' = '{b}'"] = count
            support[f"'{b}' = '{a}'"] = count
    equivalents = {word: root(word) for word in parent}

    noise = set()
    for word, count in noise_votes.items():
        if count >= NOISE_SUPPORT and distinguishing_votes.get(word, 0) == 0:
            noise.add(word)
            support[f"noise {word}"] = count
    distinguishing = set()
    for word, count in distinguishing_votes.items():
        if count >= DISTINGUISHING_SUPPORT and noise_votes.get(word, 0) == 0:
            distinguishing.add(word)
            support[f"distinguishing {word}"] = count
    return Evidence(equivalents, frozenset(noise), frozenset(distinguishing), support)
