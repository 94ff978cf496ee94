"""Partner names so close that people cannot tell the two partners apart.

Two names are near twins when, folded (no case, accents or punctuation), they are
equal, or they carry the same numbers and ``difflib.SequenceMatcher.ratio`` is at
least ``TWIN_RATIO``. Comparing every pair is quadratic (45 million pairs for 3,000
cards), so pairs are first found through rare character trigrams ("prefix
filtering"): a pair with that ratio must share one of the rarest ``3·D + 1``
trigrams of each name, where ``D`` bounds the characters the two names can differ
in; only names with the same numbers are paired. The reasoning is in ``_probe_length``;
the bench compares the result with the full comparison (``bench/validate_bench.py``).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

TWIN_RATIO = 0.92


def folded_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _numbers(folded: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", folded))


def _trigrams(folded: str) -> set[str]:
    if len(folded) < 3:
        return {folded}
    return {folded[i:i + 3] for i in range(len(folded) - 2)}


def _probe_length(length: int) -> int:
    """How many of a name's rarest trigrams a twin must share one of.

    ``ratio = 2·M / (la + lb) ≥ r`` (M characters in matching blocks) bounds the
    length of a twin, ``lb ≤ la·(2/r − 1)``, and the unmatched characters,
    ``d = la + lb − 2·M ≤ (1 − r)·(la + lb)``. A trigram of one name lying inside one
    matching block is also a trigram of the other; each unmatched character of the
    name spoils at most 3 of its trigrams and each gap on the other side at most 2,
    so at most ``3·d`` trigrams are not shared: the two trigram sets overlap in all
    but ``3·D`` of either's, and (under one global order) the first ``3·D + 1`` of
    each must meet.
    """
    longest_twin = math.floor(length * (2 / TWIN_RATIO - 1)) + 1
    most_unmatched = math.floor((1 - TWIN_RATIO) * (length + longest_twin)) + 1
    return 3 * most_unmatched + 1


def _may_be_twins(grams: set[str], other_grams: set[str], length: int, other_length: int) -> bool:
    """Cheap necessary conditions for the ratio (see ``_probe_length``): lengths close
    enough, and all but ``3·d`` trigrams of each shared."""
    total = length + other_length
    if 2 * min(length, other_length) < TWIN_RATIO * total:
        return False
    unmatched = math.floor((1 - TWIN_RATIO) * total + 1e-9)
    return len(grams & other_grams) >= max(len(grams), len(other_grams)) - 3 * unmatched


def is_twin(folded: str, other: str) -> bool:
    if folded == other:
        return True
    if _numbers(folded) != _numbers(other):
        return False
    matcher = difflib.SequenceMatcher(None, other, folded, autojunk=False)
    return matcher.quick_ratio() >= TWIN_RATIO and matcher.ratio() >= TWIN_RATIO


def first_twins(names: Sequence[str]) -> dict[int, int]:
    """For each name that has a twin earlier in ``names``, the index of the first such."""
    folded = [folded_name(name) for name in names]
    grams = [_trigrams(text) for text in folded]
    frequency = Counter(gram for name_grams in grams for gram in name_grams)
    # keyed by the name's numbers too: names with different numbers are never twins
    probe_index: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    twins = {}
    for index, text in enumerate(folded):
        rarest = sorted(grams[index], key=lambda gram: (frequency[gram], gram))[:_probe_length(len(text))]
        numbers = _numbers(text)
        rarest = [(numbers, gram) for gram in rarest]
        candidates = sorted({other for key in rarest for other in probe_index[key]})
        earlier = next((other for other in candidates
                        if _may_be_twins(grams[index], grams[other], len(text), len(folded[other]))
                        and is_twin(text, folded[other])), None)
        if earlier is not None:
            twins[index] = earlier
        for key in rarest:
            probe_index[key].append(index)
    return twins


def first_twins_by_full_comparison(names: Sequence[str]) -> dict[int, int]:
    """The same answer by comparing every pair: the reference for tests and the bench."""
    folded = [folded_name(name) for name in names]
    twins = {}
    for index, text in enumerate(folded):
        earlier = next((other for other in range(index) if is_twin(text, folded[other])), None)
        if earlier is not None:
            twins[index] = earlier
    return twins
