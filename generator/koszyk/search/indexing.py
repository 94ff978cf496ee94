"""Write the search index of a site: static files the search page reads in the browser.

Layout of ``<site>/szukaj/indeks/`` (N services, numbered in the order of their names):

- ``manifest.json``: N, the first key of every postings and forms shard, the facets'
  values in file order, the byte stride of one bitset, the stopwords;
- ``p<k>.json``: postings shards, sorted by key. Three kinds of key:
  - a folded lemma ("urzad") or, for a word Morfeusz does not know, ``~`` and its
    Snowball stem ("~pup"): ``[docs, impacts, docs with the key in the name]``;
  - ``#<n>``, need n of ``slowa.json``: ``[docs, impacts, ""]``, the services using one
    of the need's terms (its label counts as a term); impact = the best term's, a term's
    = its weakest word's impact times the term's idf over the largest idf (``need_postings``);
  - ``=<lemma> <lemma>``: two words adjacent in a service's name (stopwords skipped),
    ``[docs]`` only: the exact-phrase signal (``records.pair_keys``).
  ``docs`` is base64 of delta-encoded varints, ``impacts`` base64 of one byte per doc:
  the key's field-weighted, length-normalised BM25F term weight ``tf / (K1 + tf)`` scaled
  to 1…255, computed at build time, so the browser ranks with one idf multiplication per
  posting and never sees term frequencies or field lengths;
- ``f<k>.json``: forms shards, ``{folded form: "key key"}``: every inflected form of every
  lemma in the index (``morphology.forms_of``) and the thesaurus's unknown words as
  written ("pup" → "~pup"), which is how a typed word finds its keys without a
  dictionary in the browser; a query fetches the shards of its words only. A cue word
  of the thesaurus (``Concepts.cue_needs``: no service uses it, few needs do) has its
  needs' ``#<n>`` keys among its keys ("chleje" → "chlac #41 #72");
- ``s<k>.json``: spellings shards, ``{folded form: form with Polish letters}`` for the
  forms of the forms table that folding changes ("stracil" → "stracił"); fetched only
  when a typo is corrected, so the line "Pokazujemy wyniki dla: …" shows a Polish word;
- ``slowa.json``: what words mean beyond their lemma (``concepts.py``): taxonomy values
  named by a word ("seniorzy") and the needs thesaurus, reduced to keys in this index;
- ``facets.bin``: per facet value, a bitset of N bits (bit i = service i has it) or, when
  shorter, the varints of its services (``facetSizes`` in the manifest tells which); the
  browser makes bitsets of all, so a facet count is a popcount of two ANDed bitsets; a new facet (e.g. "gmina") is one
  more entry of ``FACETS`` in ``records.py`` and needs nothing here;
- ``ages.bin``: two bytes per service, lowest and highest age admitted (255 = no limit);
  fetched only when an age is asked;
- ``d/<k>.json``: what a result shows, for services 16k … 16k+15 (a list); fetched
  for shown results only. Chunks of 16 keep a page of 20 results under ~150 KB while
  sparing the build tens of thousands of tiny files.

While writing, the index also counts what each need tile's search lists
(``_Collector.tile_counts``): the public home's tiles show that number.

Why our own index, not Pagefind: on a 30,000-service basket a query matching most
services took 1.7–4.2 s in Pagefind, and 8–35 s once its filter counts were on
(headless Chromium, figures in the issue note); here the same query is bitset
operations, one pass over precomputed impacts and a top-k heap. Pagefind also finds
no better on everyday Polish questions.

Measured with ``python -m bench.search_bench --baseline main`` (30,000 services,
27,601 public; this tree and main built and driven in one run on the shared 2-core
machine, load average 10–13 with other work and this tree's tests running), main → this
tree: page and first query 991,623 → 866,461 bytes (ages.bin is fetched only when an age
is asked, rare facet values are varints); query median 40.8 → 29.3 ms, p95 330 → 246 ms
(target 150 ms: not met under this load); bare index query median 12.7 → 15 ms; whole
public site build 649 → 810 s (the two builds ran under different loads: not
comparable). Records, concepts and index alone, alternating trees on one basket
(``bench/search_index_time.py``): main 39.8/39.6/42.9/40.5 s, this tree
39.0/39.5/47.0/66.7 s (the last two while the full test suite ran).
Need tile counts from the postings: 0.55 s against a 46.5 s rescan of every service
(``python -m bench.need_tiles_bench --baseline main``).
"""

from __future__ import annotations

import base64
import bisect
import functools
import json
import math
import shutil
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from ..input_keys import digest
from ..partner_outputs import PartnerOutputs
from .concepts import Concepts
from .morphology import UNKNOWN_MARK, KeptLemmaForms, forget_forms, raw_lemmas
from .records import FACETS, SearchRecord
from .text import STOPWORDS, fold, words

INDEX_FOLDER = "szukaj/indeks"
SHARD_BYTES = 48_000
DOCUMENTS_PER_FILE = 16
NO_AGE = 255
K1, B = 1.2, 0.5  # BM25: term-frequency saturation, length normalisation (services are short texts)


class SearchIndexError(RuntimeError):
    """The index could not be written; the message says why, in Polish."""


def varints(numbers: list[int]) -> str:
    """Ascending ``numbers`` as base64 of LEB128 varints of their gaps."""
    out, previous = bytearray(), 0
    for number in numbers:
        gap, previous = number - previous, number
        while gap >= 0x80:
            out.append((gap & 0x7F) | 0x80)
            gap >>= 7
        out.append(gap)
    return base64.b64encode(bytes(out)).decode("ascii")


def _shard(entries: Iterable[tuple[str, object, int]]) -> list[dict[str, object]]:
    """Sorted (key, value, size) entries cut into dicts of about SHARD_BYTES each."""
    shards: list[dict[str, object]] = [{}]
    size = 0
    for key, value, entry_size in entries:
        if size > SHARD_BYTES:
            shards.append({})
            size = 0
        shards[-1][key] = value
        size += len(key) + entry_size + 8
    return shards


class _Collector:
    """Everything the index files need, gathered one record at a time (records are not kept)."""

    def __init__(self):
        self.count = 0
        self.postings: dict[str, tuple[array, array]] = defaultdict(lambda: (array("I"), array("f")))
        self.in_name: dict[str, array] = defaultdict(lambda: array("I"))
        self.pairs: dict[str, array] = defaultdict(lambda: array("I"))
        self.lengths = array("f")
        self.facets: dict[str, dict[str, array]] = {facet.param: defaultdict(lambda: array("I")) for facet in FACETS}
        self.ages = bytearray()

    def add(self, record: SearchRecord) -> None:
        number = self.count
        self.count += 1
        for key, weight in record.weights.items():
            docs, weights = self.postings[key]
            docs.append(number)
            weights.append(weight)
        for key in record.name_keys:
            self.in_name[key].append(number)
        for key in record.name_pairs:
            self.pairs[key].append(number)
        self.lengths.append(record.length)
        for param, values in record.filters.items():
            for value in values:
                self.facets[param][value].append(number)
        low, high = record.age
        self.ages += bytes([NO_AGE if low is None else min(low, 254), NO_AGE if high is None else min(high, 254)])

    def impacts(self) -> dict[str, bytes]:
        """Per key, one byte per doc of its postings: the BM25F term weight scaled to 1…255.

        The average length is rounded to three significant digits (a norm moves by under 0.5 %,
        an impact by under a third of a byte's step), so the index stays a function of the
        records alone and a changed card mostly leaves the average, and so every impact of the
        other cards' words, as it was: the needs' postings built on them are kept
        (``need_postings``). At 30,000 services a new description moves the average by a small
        fraction of a step, and ``need_postings`` after one card changed went from 7.3 to 0.1 s
        (cProfile); in a basket of a few hundred services one added word may cross a step, and
        then every need is made again, as it always was unrounded (a fraction of a second there)."""
        average = float(f"{sum(self.lengths) / len(self.lengths):.3g}") if self.lengths else 1.0
        norms = [1 - B + B * length / average for length in self.lengths]
        found = {}
        for key, (docs, weights) in self.postings.items():
            found[key] = bytes([max(1, round(255 * tf / (K1 + tf)))
                                for tf in [weight / norms[doc] for doc, weight in zip(docs, weights)]])
        return found

    def need_postings(self, concepts: Concepts, impacts: dict[str, bytes], kept: PartnerOutputs | None = None
                      ) -> dict[str, tuple[array, bytes]]:
        """Per need with terms, ``#<number>``: services using any of its terms (every word of a
        term, in any of its lemmas). A service's impact is that of its best term, a term's that
        of its weakest word (a word's: its best lemma's) scaled by how specific the term is
        (its idf over the rarest possible): a service whose name says "zdrowie psychiczne"
        ranks above one that mentions it in passing, and above one named by a term as wide
        as "terapia". A flat weight ranked a need's services by their names' order.

        ``kept``: a need's postings from an earlier build whose index had the same number of
        services and the same postings and impacts for every key of the need's terms: a
        rebuild after one card changed makes again only the needs whose words that card uses
        (making them all took 2 of the 12 s the index takes at 30,000 services)."""
        by_word: dict[tuple[str, ...], dict[int, int]] = {}
        key_digests: dict[str, str] = {}

        def key_digest(key: str) -> str:
            if key not in key_digests:
                docs = self.postings[key][0].tobytes() if key in self.postings else b""
                key_digests[key] = digest(key, docs, impacts.get(key, b""))
            return key_digests[key]

        def word_impacts(keys: tuple[str, ...]) -> dict[int, int]:
            """Doc → impact of its best key, kept for the needs that share the word. A dict per key
            as well took the peak of making every need anew from 77 to 118 MiB (30,000 services)."""
            if keys not in by_word:
                per_key = [dict(zip(self.postings[key][0], impacts[key])) for key in keys if key in self.postings]
                by_word[keys] = _best_of(per_key)
            return by_word[keys]

        def postings_of(terms) -> tuple[array, bytes]:
            per_term: list[dict[int, int]] = []
            for term in terms:
                per_word = [word_impacts(keys) for keys in term]
                if not per_word:
                    continue
                weakest = _weakest_impacts(per_word)
                specific = _idf(self.count, len(weakest)) / _idf(self.count, 1)
                scaled = [max(1, round(specific * impact)) for impact in range(256)]
                per_term.append({doc: scaled[impact] for doc, impact in weakest.items()})
            best = _best_of(per_term)
            docs = array("I", sorted(best))  # kept for the whole index: 4 bytes a doc, not 36 as a list
            return docs, bytes(map(best.__getitem__, docs))

        kept = kept or PartnerOutputs(None, "potrzeby", "")
        found = {}
        for number, need in enumerate(concepts.needs):
            inputs = (str(self.count), repr(need.terms),
                      *(key_digest(key) for term in need.terms for keys in term for key in keys))
            docs, weights = kept.keyed(functools.partial(postings_of, need.terms), *inputs)
            if docs:
                found[f"#{number}"] = (docs, weights)
        return found

    def tile_counts(self, concepts: Concepts, needs: dict[str, tuple[array, bytes]],
                    forms: dict[str, set[str]]) -> dict[str, int]:
        """Need tile label → how many services the tile's search (its label) lists, from the postings.

        Mirrors what ``szukaj-indeks.js`` unites for a query (``conceptBits``): each word's
        keys from the forms table, as the browser looks them up, and their family (keys sharing all but the last two letters, from six
        letters), the taxonomy values the word names, and every need one of whose phrases
        the words spell, with that need's postings and its areas and groups. Counting from
        the postings costs a few set unions per tile; scanning every service per tile took
        seconds at 30,000 services."""
        sorted_keys = sorted(key for key in self.postings if key[0] not in "#=" + UNKNOWN_MARK)

        def family(key: str) -> list[str]:
            if len(key) < 6 or key.startswith(UNKNOWN_MARK):
                return []
            start = bisect.bisect_left(sorted_keys, key[:-2])
            found = []
            while start < len(sorted_keys) and sorted_keys[start].startswith(key[:-2]):
                found.append(sorted_keys[start])
                start += 1
            return found

        def tagged(param: str, value: str) -> Iterable[int]:
            return self.facets.get(param, {}).get(value, ())

        counts = {}
        for need in concepts.needs:
            if not need.tile:
                continue
            label = tuple(tuple(forms.get(fold(word), ())) for word in words(need.label))
            docs: set[int] = set()
            for keys in label:
                for key in {*keys, *(other for key in keys for other in family(key))}:
                    docs.update(self.postings[key][0] if key in self.postings else needs.get(key, ((), b""))[0])
                    for param, value in concepts.labels.get(key, ()):
                        docs.update(tagged(param, value))
            for number in _needs_named(label, concepts.needs):
                docs.update(needs.get(f"#{number}", ((), b""))[0])
                for param, value in concepts.needs[number].facets:
                    docs.update(tagged(param, value))
            counts[need.label] = len(docs)
        return counts

    def postings_shards(self, needs: dict[str, tuple[array, bytes]], impacts: dict[str, bytes]
                        ) -> list[dict[str, object]]:
        """The postings shards, the needs' postings (``need_postings``) among them."""
        every = {key: (self.postings[key][0], impacts[key]) for key in self.postings} | needs

        def entries():
            for key in sorted(every.keys() | self.pairs.keys()):
                if key in self.pairs:  # a phrase of the name: no impacts (all the name's), no name list
                    entry = [varints(self.pairs[key])]
                else:
                    docs, weights = every[key]
                    entry = [varints(docs), base64.b64encode(weights).decode("ascii"), varints(self.in_name.get(key, []))]
                yield key, entry, sum(map(len, entry))
        return _shard(entries())

    def forms_table(self, extra_keys: set[str], spellings: dict[str, str] | None = None,
                    lemma_forms: KeptLemmaForms | None = None) -> dict[str, set[str]]:
        """Forms of every lemma in the index and of ``extra_keys`` (the thesaurus's and the
        taxonomy's words, which the browser must recognise even when no service uses them);
        a person noun's feminine forms lead to it too („asystentki” → asystent).

        ``spellings``, when given, is filled with folded form → its Polish spelling, for
        the forms folding changes (``s<k>.json``); where two lemmas fold alike ("laska",
        "łaska"), the one more services use wins, and a plain spelling wins a tie."""
        lemma_forms = lemma_forms or KeptLemmaForms(None)
        table: dict[str, set[str]] = defaultdict(set)
        chosen: dict[str, tuple[int, bool, str]] = {}
        for key in self.postings.keys() | extra_keys:
            if not key.startswith(UNKNOWN_MARK):
                for lemma in raw_lemmas(key):
                    forms, pairs = lemma_forms(lemma)
                    for form in forms:
                        table[form].add(key)
                    if spellings is not None:
                        used = len(self.postings[key][0]) if key in self.postings else 0
                        for form, spelled in pairs:
                            candidate = (used, form == spelled, spelled)
                            if candidate > chosen.get(form, (-1, False, "")):
                                chosen[form] = candidate
        if spellings is not None:
            spellings.update((form, spelled) for form, (_used, _plain, spelled) in chosen.items() if spelled != form)
        return table

    def facet_bits(self, stride: int) -> tuple[dict[str, list[str]], list[int], bytes]:
        """Each facet value's services, in file order: a bitset of ``stride`` bytes, or the
        LEB128 varints of their gaps when that is shorter (a value few services have);
        the sizes tell them apart (a size of ``stride`` is a bitset)."""
        values, sizes, blob = {}, [], bytearray()
        for param, by_value in self.facets.items():
            values[param] = sorted(by_value)
            for value in values[param]:
                numbers = by_value[value]
                listed = base64.b64decode(varints(list(numbers)))
                if len(listed) < stride:
                    encoded = listed
                else:
                    encoded = bytearray(stride)
                    for number in numbers:
                        encoded[number >> 3] |= 1 << (number & 7)
                sizes.append(len(encoded))
                blob += encoded
        return values, sizes, bytes(blob)


def _weakest_impacts(per_word: list[dict[int, int]]) -> dict[int, int]:
    """Docs using every word of a term, each with its weakest word's impact.

    A one-word term (most of them) is its word's impacts as they are; the scaling in
    ``need_postings`` is a 256-entry table, as impacts are bytes. The per-doc ``min`` and
    ``round`` over every posting were 5 of the 13 s the index took at 30,000 services. The docs
    of all words are found by intersecting key sets (in C), and only they are visited."""
    if len(per_word) == 1:
        return per_word[0]
    order = sorted(per_word, key=len)
    shared = order[0].keys() & order[1].keys()
    for word in order[2:]:
        shared &= word.keys()
    weakest = {doc: order[0][doc] for doc in shared}
    for word in order[1:]:
        weakest = {doc: impact if impact <= (other := word[doc]) else other for doc, impact in weakest.items()}
    return weakest


def _best_of(impacts: list[dict[int, int]]) -> dict[int, int]:
    """Doc → its highest value in any of ``impacts`` (one of them when there is one). Docs in one
    dict alone (most) are copied at C speed; only those in several are compared one by one.
    With it and ``_weakest_impacts``' key sets, making all 176 needs of the 30,000-service
    public index took 0.96 s instead of 1.55 s, with the same postings (same run)."""
    if len(impacts) < 2:
        return impacts[0] if impacts else {}
    best = dict(impacts[0])
    for other in impacts[1:]:
        before = [(doc, best[doc]) for doc in best.keys() & other.keys()]
        best.update(other)
        for doc, value in before:
            if value > best[doc]:
                best[doc] = value
    return best


def _idf(count: int, documents: int) -> float:
    """BM25's idf, as ``idf`` in szukaj-indeks.js."""
    return math.log(1 + (count - documents + 0.5) / (documents + 0.5))


def _needs_named(words: tuple[tuple[str, ...], ...], needs: list) -> set[int]:
    """The needs a query of ``words`` (keys per word) stands for, chosen as ``concepts()`` in
    szukaj-indeks.js does: phrases matched longest first; a shorter one counts only where it
    starts a span already taken, or on words still free."""
    matches = []
    for number, need in enumerate(needs):
        for phrase in need.phrases:
            for start in range(len(words) - len(phrase) + 1):
                if all(set(keys) & set(words[start + i]) for i, keys in enumerate(phrase)):
                    matches.append((start, start + len(phrase), number))
    matches.sort(key=lambda match: match[0] - match[1])  # longest first; stable like Array.sort
    taken: list[tuple[int, int] | None] = [None] * len(words)
    found: set[int] = set()
    for start, end, number in matches:
        holder = taken[start]
        if holder is not None and holder[0] == start and holder[1] >= end:
            found.add(number)
        elif all(slot is None for slot in taken[start:end]):
            taken[start:end] = [(start, end)] * (end - start)
            found.add(number)
    return found


Write = Callable[[Path, bytes], None]  # how bytes reach a file of the index (``write_search_index``)


def _write_documents(write: Write, staging: Path, count: int, chunk: list[dict]) -> None:
    number = (count - 1) // DOCUMENTS_PER_FILE
    _write_json(write, staging / "d" / f"{number}.json", chunk)


def _write_json(write: Write, path: Path, data: object) -> None:
    write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def write_search_index(records: Iterable[SearchRecord], site_dir: Path, concepts: Concepts | None = None,
                       tile_counts: dict[str, int] | None = None, cache_dir: Path | None = None,
                       write: Write = Path.write_bytes) -> int:
    """Replace ``<site>/szukaj/indeks`` with an index of ``records`` (in name order); returns their number.

    ``tile_counts``, when given, is filled with the number of services each need tile's
    search lists (tile label → count; ``_Collector.tile_counts``), for the public home.
    ``cache_dir``: where the needs' postings are kept for the next build (``need_postings``).
    ``write(path, data)`` makes each file (the plugin links unchanged ones from its cache)."""
    output = site_dir / INDEX_FOLDER
    staging = output.with_name("indeks.nowy")
    shutil.rmtree(staging, ignore_errors=True)
    collected = _Collector()
    try:
        (staging / "d").mkdir(parents=True)
        chunk: list[dict] = []
        for record in records:
            chunk.append({**record.meta, "url": record.url})
            collected.add(record)
            if len(chunk) == DOCUMENTS_PER_FILE:
                _write_documents(write, staging, collected.count, chunk)
                chunk = []
        if chunk:
            _write_documents(write, staging, collected.count, chunk)
        stride = 4 * math.ceil(max(collected.count, 1) / 32)  # whole 32-bit words, for Uint32Array
        concepts = concepts or Concepts()
        impacts = collected.impacts()
        needs = collected.need_postings(concepts, impacts, PartnerOutputs.in_cache(cache_dir, "potrzeby"))
        shards = collected.postings_shards(needs, impacts)
        for number, shard in enumerate(shards):
            _write_json(write, staging / f"p{number}.json", shard)
        cues = concepts.cue_needs(set(collected.postings), set(needs))
        spellings: dict[str, str] = {}
        lemma_forms = KeptLemmaForms(cache_dir)
        forms = collected.forms_table(concepts.query_keys() | cues.keys(), spellings, lemma_forms)
        lemma_forms.keep()
        del lemma_forms  # every lemma the cache knows: not kept for the rest of the build
        forget_forms()
        for form, keys in concepts.unknown_forms.items():
            forms.setdefault(form, set()).update(keys)
        for keys in forms.values():
            keys.update(*(cues[key] for key in list(keys) if key in cues))
        form_shards = _shard((form, " ".join(sorted(keys)), 4 + sum(map(len, keys))) for form, keys in sorted(forms.items()))
        if tile_counts is not None:
            tile_counts.update(collected.tile_counts(concepts, needs, forms))
        for number, shard in enumerate(form_shards):
            _write_json(write, staging / f"f{number}.json", shard)
        spelling_shards = _shard((form, spelled, len(spelled)) for form, spelled in sorted(spellings.items()))
        for number, shard in enumerate(spelling_shards):
            _write_json(write, staging / f"s{number}.json", shard)
        _write_json(write, staging / "slowa.json", concepts.for_browser(set(needs)))
        facet_values, facet_sizes, facet_blob = collected.facet_bits(stride)
        write(staging / "facets.bin", facet_blob)
        write(staging / "ages.bin", bytes(collected.ages))
        manifest = {"version": 2, "count": collected.count, "stride": stride, "perFile": DOCUMENTS_PER_FILE,
                    "shards": [next(iter(shard), "") for shard in shards],
                    "formShards": [next(iter(shard), "") for shard in form_shards],
                    "spellingShards": [next(iter(shard), "") for shard in spelling_shards],
                    "stopwords": sorted(STOPWORDS), "facets": facet_values, "facetSizes": facet_sizes}
        _write_json(write, staging / "manifest.json", manifest)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SearchIndexError(f"Nie udało się zapisać indeksu wyszukiwarki w {output}: {error}") from None
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    return collected.count
