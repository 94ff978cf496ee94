// The search index in the browser. Files and their layout: generator/koszyk/search/indexing.py.
//
// Every set of services is a bitset (one bit per service, in name order). A query is
// cut into concepts: a need phrase of the thesaurus ("stracił pracę") or one word.
// A word is looked up in the forms table (typed form -> lemma keys); a concept's
// services are the union of its keys' postings, of the taxonomy values its words name
// and of its needs' postings. Every service matching any concept is listed (no strict
// AND), ranked by the number of concepts it covers, then by its BM25F score (with a
// bonus for the exact phrase: typed words adjacent in its name), then by having every
// word in its name; the age and the ticked facets cut the set, and a facet count is a
// popcount. Only the shown page is ranked fully (Ranking) and fetched (document()).
// A concept that only names who the help is for (a thesaurus group marked `wskazowka`:
// "syn", "mama", "dziadek") is not counted as covered when the query also says what is
// needed ("syn ćpa"): it adds score, as a group word does, and no more. A service that
// does not run now (taxonomy status with `dziala: false`) ranks below running ones.

const NO_AGE = 255;
const UNKNOWN = "~";
const MIN_CORRECTED = 5; // shorter words are too easy to "correct" into another word
const LABEL_SCORE = 1.0; // a service tagged with a value the concept names: about one fair text match
const NEED_WEIGHT = 0.7; // a need's terms count a little less than the words typed
const MAX_COMPLETIONS = 300;
const HINT_WEIGHT = 0.5; // a word naming who ("syn", "mama") beside a need: half its score, none of its coverage
const RELATED_WEIGHT = 0.5; // a word of the same family ("logopeda" -> logopedyczny): found, ranked lower
const RELATED_MIN = 6; // lemmas this long share a family by all but their last two letters
const NEED = "#"; // a need's postings; among a cue word's keys in the forms table (concepts.cue_needs)
const PHRASE = "="; // phrase keys: "=urzad praca" (records.pair_keys)
const PHRASE_WEIGHT = 1.0; // the exact phrase in the name: like one more word matched there
const MAX_PHRASE_KEYS = 16; // pairs of keys looked up for two adjacent words
const PAGE_KEPT = 40; // results ranked by the heap; further pages sort every candidate once
const DECODED_KEPT = 600; // decoded postings kept in memory (a few MB at most)
const SCORED_KEPT = 8; // queries whose scores are kept, for facet changes and hints
// A service that does not run now (a status with `dziala: false` in the taxonomy, e.g.
// suspended) is still listed, but its score counts this much: it follows the running
// services that cover as many words about as well, and still leads weaker ones.
const PAUSED_FACTOR = 0.75;

// base64 -> bytes, without a callback per character (postings of common words are long).
function bytesOf(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

// base64 of LEB128 varints of gaps -> the ascending numbers.
function decode(base64) {
  return decodeBytes(bytesOf(base64));
}

function decodeBytes(bytes) {
  const numbers = new Int32Array(bytes.length);
  let value = 0, shift = 0, previous = 0, count = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    value |= (byte & 0x7f) << shift;
    if (byte & 0x80) { shift += 7; continue; }
    previous += value;
    numbers[count++] = previous;
    value = 0;
    shift = 0;
  }
  return numbers.subarray(0, count);
}

const own_ = (object, key) => object !== null && typeof object === "object" && Object.hasOwn(object, key);

function popcount(word) {
  word -= (word >>> 1) & 0x55555555;
  word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
  return (((word + (word >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

class Bits {
  constructor(words) { this.words = words; }
  static empty(size) { return new Bits(new Uint32Array(size)); }
  static full(size, count) {
    const bits = new Bits(new Uint32Array(size).fill(0xffffffff));
    for (let i = count; i < size * 32; i++) bits.words[i >>> 5] &= ~(1 << (i & 31));
    return bits;
  }
  add(numbers) {
    for (const n of numbers) this.words[n >>> 5] |= 1 << (n & 31);
    return this;
  }
  and(other) { return new Bits(this.words.map((w, i) => w & other.words[i])); }
  or(other) { return new Bits(this.words.map((w, i) => w | other.words[i])); }
  orWith(other) {
    const words = this.words, others = other.words;
    for (let i = 0; i < words.length; i++) words[i] |= others[i];
    return this;
  }
  has(n) { return (this.words[n >>> 5] & (1 << (n & 31))) !== 0; }
  forEach(callback) {
    const words = this.words;
    for (let index = 0; index < words.length; index++) {
      let word = words[index];
      while (word) {
        const low = word & -word;
        callback(index * 32 + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }
  list() {
    const found = new Int32Array(this.count());
    let next = 0;
    this.forEach((n) => { found[next++] = n; });
    return found;
  }
  count() { let total = 0; for (const w of this.words) total += popcount(w); return total; }
  countAnd(other) {
    const words = this.words, others = other.words;
    let total = 0;
    for (let i = 0; i < words.length; i++) total += popcount(words[i] & others[i]);
    return total;
  }
}

// Optimal string alignment distance, giving up above `limit`.
export function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

const isLemma = (key) => !key.startsWith(UNKNOWN) && !key.startsWith(NEED);

const allowedEdits = (word) => (word.length >= 8 ? 2 : 1);

class ShardedTable {
  // Sorted keys cut into files named prefix<k>.json; starts[k] is the first key of file k.
  constructor(base, prefix, starts) {
    Object.assign(this, { base, prefix, starts, files: new Map() });
  }
  shardOf(key) {
    let low = 0, high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= key) low = middle; else high = middle - 1;
    }
    return low;
  }
  file(number) {
    if (!this.files.has(number)) {
      this.files.set(number, fetch(new URL(`${this.prefix}${number}.json`, this.base)).then((response) => response.json()));
    }
    return this.files.get(number);
  }
  async get(key) {
    if (!this.starts.length) return undefined;
    const shard = await this.file(this.shardOf(key));
    return own_(shard, key) ? shard[key] : undefined;
  }
  async startingWith(prefix, limit = Infinity) {
    const found = [];
    if (!this.starts.length) return found;
    for (let number = this.shardOf(prefix); number <= this.shardOf(`${prefix}\uffff`); number++) {
      const shard = await this.file(number);
      for (const key of Object.keys(shard)) {
        if (key.startsWith(prefix)) found.push([key, shard[key]]);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }
}

// The matched services in rank order, sorted only as far as a page asks: the first page
// is a pass over the candidates with a heap of PAGE_KEPT, not a sort of every service
// that matches one word (at 30,000 services a common word matches most of them).
class Ranking {
  constructor(candidates, compare) {
    Object.assign(this, { candidates, compare, sorted: [], complete: false });
  }
  get length() { return this.candidates.length; }
  slice(start, end) {
    end = Math.min(end, this.length);
    if (end > this.sorted.length && !this.complete) {
      if (end <= PAGE_KEPT) {
        this.sorted = this.top(PAGE_KEPT);
        this.complete = this.sorted.length === this.length;
      } else {
        this.sorted = Array.from(this.candidates).sort(this.compare);
        this.complete = true;
      }
    }
    return this.sorted.slice(start, end);
  }
  // The first `size` candidates, best first: a max-heap of the worst kept at its root.
  top(size) {
    const heap = [], compare = this.compare;
    const before = (a, b) => compare(a, b) < 0;
    const down = (from) => {
      for (let i = from; ;) {
        const left = 2 * i + 1, right = left + 1;
        let worst = i;
        if (left < heap.length && before(heap[worst], heap[left])) worst = left;
        if (right < heap.length && before(heap[worst], heap[right])) worst = right;
        if (worst === i) return;
        [heap[i], heap[worst]] = [heap[worst], heap[i]];
        i = worst;
      }
    };
    for (const doc of this.candidates) {
      if (heap.length < size) {
        heap.push(doc);
        for (let i = heap.length - 1; i > 0;) {
          const parent = (i - 1) >> 1;
          if (!before(heap[parent], heap[i])) break;
          [heap[i], heap[parent]] = [heap[parent], heap[i]];
          i = parent;
        }
      } else if (before(doc, heap[0])) {
        heap[0] = doc;
        down(0);
      }
    }
    return heap.sort(compare);
  }
}

class SearchIndex {
  constructor(base, manifest, facetBytes, words) {
    this.count = manifest.count;
    this.perFile = manifest.perFile;
    this.size = manifest.stride / 4;
    this.postings = new ShardedTable(base, "p", manifest.shards);
    this.forms = new ShardedTable(base, "f", manifest.formShards);
    this.spellings = new ShardedTable(base, "s", manifest.spellingShards || []); // folded form -> Polish spelling
    this.stopwords = new Set(manifest.stopwords);
    this.ages = null; // ages.bin, fetched when an age is first asked (loadAges)
    this.labels = words.etykiety;
    this.needs = words.potrzeby;
    this.pausedStatuses = words.wstrzymane || [];
    this.base = base;
    this.facets = new Map();
    let offset = 0, number = 0;
    for (const [param, values] of Object.entries(manifest.facets)) {
      const byValue = new Map();
      for (const value of values) {
        const size = manifest.facetSizes[number++];
        const bytes = facetBytes.slice(offset, offset + size);
        offset += size;
        // a bitset, or the varints of a value few services have (indexing.facet_bits)
        byValue.set(value, size === manifest.stride ? new Bits(new Uint32Array(bytes)) : Bits.empty(this.size).add(decodeBytes(new Uint8Array(bytes))));
      }
      this.facets.set(param, byValue);
    }
    this.documents = new Map();
    this.ageMasks = new Map();
    this.decoded = new Map();
    this.resolvedWords = new Map();
    this.scoredQueries = new Map();
  }

  // ---- words ----

  async formKeys(form) {
    const keys = await this.forms.get(form);
    return keys ? keys.split(" ") : null;
  }

  // Forms within the allowed edits of `word`, closest first. Only forms sharing the
  // word's first three letters (or those with two of them swapped) are looked at:
  // a typo rarely hits the start of a word, and this keeps the fetch to a shard or two.
  async closeForms(word, limit) {
    const starts = new Set([word.slice(0, 3), word[1] + word[0] + word[2], word[0] + word[2] + word[1], word.slice(0, 2)]);
    const seen = new Map();
    for (const start of starts) {
      if (start.length === 2 && this.forms.shardOf(`${start}\uffff`) - this.forms.shardOf(start) > 2) continue;
      for (const [form, keys] of await this.forms.startingWith(start)) {
        if (seen.has(form)) continue;
        const distance = editDistance(word, form, limit);
        if (distance <= limit && distance > 0) seen.set(form, { form, keys: keys.split(" "), distance });
      }
    }
    return [...seen.values()].sort((a, b) => a.distance - b.distance || a.form.localeCompare(b.form));
  }

  async correction(word) {
    const candidates = (await this.closeForms(word, allowedEdits(word)));
    if (!candidates.length) return null;
    const best = candidates.filter((c) => c.distance === candidates[0].distance);
    // among equally close forms, the one found in most services
    let chosen = best[0], most = -1;
    for (const candidate of best) {
      let size = 0;
      for (const key of candidate.keys) size += ((await this.postings.get(key)) || [""])[0].length;
      if (size > most) { most = size; chosen = candidate; }
    }
    return chosen;
  }

  // Keys for a word that is no form of any lemma here, found like before lemmas: the
  // shortest stem the word begins with (cutting at most 4 letters), then every key
  // beginning so. Among words Morfeusz did not know (mark "~", from 3 letters), or
  // among lemmas (from 5: "socjoterapia" -> socjoterapeutyczny).
  async unknownStems(word, mark, shortest) {
    if (word.length < shortest) return [];
    let base = word;
    for (let length = Math.max(shortest, word.length - 4); length < word.length; length++) {
      const stem = mark + word.slice(0, length);
      const known = mark ? await this.postings.get(stem) : (await this.postings.startingWith(stem, 1)).length;
      if (known) { base = word.slice(0, length); break; }
    }
    return (await this.postings.startingWith(mark + base)).map(([key]) => key).filter((key) => !key.startsWith("#"));
  }

  // Lemmas of the same family as known lemmas: the same start but for the last two
  // letters ("logopeda" -> logopedyczny, logopedia; "lekarz" -> lekarski). Not a guess
  // from the typed letters: it starts from the lemma, and only long lemmas have families.
  async related(keys) {
    const found = new Set();
    for (const key of keys) {
      if (key.length < RELATED_MIN || key.startsWith(UNKNOWN) || key.startsWith(NEED)) continue;
      for (const [other] of await this.postings.startingWith(key.slice(0, -2))) if (!keys.includes(other)) found.add(other);
    }
    return [...found];
  }

  // What one typed (folded) word stands for: {word, keys, related, corrected}. In order:
  // a form of a lemma; a word still being typed (forms it begins) or one Morfeusz did not
  // know; a typo within the allowed edits; the start of a lemma (an unknown derivative).
  async resolve(word, correct) {
    const exact = await this.formKeys(word);
    if (exact) return { word, keys: exact, related: await this.related(exact) };
    const keys = new Set(await this.unknownStems(word, UNKNOWN, 3));
    if (word.length >= 3) {
      for (const [, found] of await this.forms.startingWith(word, MAX_COMPLETIONS)) for (const key of found.split(" ")) keys.add(key);
    }
    if (keys.size) return { word, keys: [...keys], related: [] };
    if (correct && word.length >= MIN_CORRECTED) {
      const fixed = await this.correction(word);
      // shown with its Polish letters ("stracil" -> "stracił"); the index keys stay folded
      if (fixed) return { word, keys: fixed.keys, related: [], corrected: fixed.form, shown: (await this.spellings.get(fixed.form)) || fixed.form };
    }
    return { word, keys: await this.unknownStems(word, "", 5), related: [] };
  }

  // ---- concepts ----

  // Spans of the query taken by need phrases, longest first; every other word alone.
  concepts(words) {
    const matches = [];
    this.needs.forEach((need, number) => {
      for (const phrase of need.frazy) {
        for (let start = 0; start + phrase.length <= words.length; start++) {
          if (phrase.every((keys, i) => keys.some((key) => words[start + i].keys.includes(key)))) {
            matches.push({ start, end: start + phrase.length, number });
          }
        }
      }
    });
    matches.sort((a, b) => (b.end - b.start) - (a.end - a.start));
    const concepts = [];
    const taken = new Array(words.length).fill(null);
    for (const match of matches) {
      const holder = taken[match.start];
      if (holder && holder.start === match.start && holder.end >= match.end) {
        if (!holder.needs.includes(match.number)) holder.needs.push(match.number);
      } else if (taken.slice(match.start, match.end).every((slot) => slot === null)) {
        const concept = { start: match.start, end: match.end, needs: [match.number] };
        concepts.push(concept);
        taken.fill(concept, match.start, match.end);
      }
    }
    words.forEach((word, i) => { if (!taken[i]) concepts.push({ start: i, end: i + 1, needs: [] }); });
    return concepts.sort((a, b) => a.start - b.start);
  }

  idf(documentCount) {
    return Math.log(1 + (this.count - documentCount + 0.5) / (documentCount + 0.5));
  }

  // A key's postings, decoded once per page: {docs, impacts, names}, or null. Common
  // words come back with nearly every query typed; their decoding is not repeated.
  entry(key) {
    if (!this.decoded.has(key)) {
      if (this.decoded.size >= DECODED_KEPT) this.decoded.clear();
      const decoded = this.postings.get(key).then((raw) => (raw
        ? { docs: decode(raw[0]), impacts: raw[1] ? bytesOf(raw[1]) : null, names: decode(raw[2] || "") } : null));
      decoded.catch(() => this.decoded.delete(key));
      this.decoded.set(key, decoded);
    }
    return this.decoded.get(key);
  }

  // Adds the key's services to `bits` and their scores (times `weight`) to `scores`:
  // the impact of each posting is precomputed at build time, so this is one pass. With
  // `best`, a service keeps its best score among the keys added so (the lemmas of one word
  // are readings of it: "zajęcia" is zajęcie, zajęcia and zając, and counts once).
  async addKey(key, bits, scores, weight, names, best = false) {
    const entry = await this.entry(key);
    if (!entry) return;
    const { docs, impacts } = entry;
    const factor = this.idf(docs.length) * weight / 255;
    const words = bits.words;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i];
      const score = factor * (impacts ? impacts[i] : 255);
      if (!best) scores[doc] += score;
      else if (score > scores[doc]) scores[doc] = score;
      words[doc >>> 5] |= 1 << (doc & 31);
    }
    if (names) names.add(entry.names);
  }

  // Services tagged with a taxonomy value a concept names: into `bits` and `tagged`.
  addFacet(param, value, bits, tagged) {
    const values = this.facets.get(param);
    if (!values || !values.has(value)) return;
    bits.orWith(values.get(value));
    tagged.orWith(values.get(value));
  }

  // A concept's services, their scores (added to `scores`) and how many of the query's
  // words each covers (added to `covered`): a word covers the services its lemmas, its
  // family and the taxonomy values it names find; a matched need covers its whole span.
  // A service tagged with the concept's values scores LABEL_SCORE once, however many.
  async conceptBits(concept, words, scores, covered) {
    const bits = Bits.empty(this.size), names = Bits.empty(this.size), tagged = Bits.empty(this.size);
    const span = concept.end - concept.start;
    const hits = span > 1 ? new Uint8Array(this.count) : null;
    const wordScores = new Float32Array(this.count);
    for (const word of words.slice(concept.start, concept.end)) {
      const own = Bits.empty(this.size);
      for (const key of word.keys) {
        await this.addKey(key, own, wordScores, 1, names, true);
        if (own_(this.labels, key)) for (const [param, value] of this.labels[key]) this.addFacet(param, value, own, tagged);
      }
      for (const key of word.related) await this.addKey(key, own, wordScores, RELATED_WEIGHT, null, true);
      own.forEach((doc) => { scores[doc] += wordScores[doc]; wordScores[doc] = 0; });
      if (hits) own.forEach((doc) => { hits[doc]++; });
      bits.orWith(own);
    }
    if (concept.needs.length) {
      const needed = Bits.empty(this.size);
      for (const number of concept.needs) {
        const need = this.needs[number];
        if (need.klucz) await this.addKey(need.klucz, needed, scores, NEED_WEIGHT, null);
        for (const [param, value] of need.filtry) this.addFacet(param, value, needed, tagged);
      }
      if (hits) needed.forEach((doc) => { hits[doc] = span; });
      bits.orWith(needed);
    }
    tagged.forEach((doc) => { scores[doc] += LABEL_SCORE; });
    if (hits) bits.forEach((doc) => { covered[doc] += Math.min(span, hits[doc]); });
    else bits.forEach((doc) => { covered[doc] += 1; });
    return { bits, names };
  }

  // ---- filters ----

  async loadAges() {
    if (!this.agesLoading) {
      this.agesLoading = fetch(new URL("ages.bin", this.base)).then((response) => response.arrayBuffer())
        .then((buffer) => { this.ages = new Uint8Array(buffer); });
      this.agesLoading.catch(() => { this.agesLoading = null; });
    }
    return this.agesLoading;
  }

  ageMask(age) {
    if (!this.ageMasks.has(age)) {
      const bits = Bits.empty(this.size);
      for (let n = 0; n < this.count; n++) {
        const low = this.ages[2 * n], high = this.ages[2 * n + 1];
        if ((low === NO_AGE || age >= low) && (high === NO_AGE || age <= high)) bits.words[n >>> 5] |= 1 << (n & 31);
      }
      this.ageMasks.set(age, bits);
    }
    return this.ageMasks.get(age);
  }

  noAgeLimit() {
    if (!this.ageMasks.has("none")) {
      const bits = Bits.empty(this.size);
      for (let n = 0; n < this.count; n++) {
        if (this.ages[2 * n] === NO_AGE && this.ages[2 * n + 1] === NO_AGE) bits.words[n >>> 5] |= 1 << (n & 31);
      }
      this.ageMasks.set("none", bits);
    }
    return this.ageMasks.get("none");
  }

  facetMask(param, values) {
    let bits = Bits.empty(this.size);
    const known = this.facets.get(param);
    for (const value of values) if (known && known.has(value)) bits = bits.or(known.get(value));
    return bits;
  }

  countsWithin(base) {
    const counts = {};
    for (const [param, values] of this.facets) {
      counts[param] = {};
      for (const [value, bits] of values) counts[param][value] = base.countAnd(bits);
    }
    return counts;
  }

  totals() {
    return this.countsWithin(Bits.full(this.size, this.count));
  }

  // ---- the query ----

  // Folded words of a query, stopwords left out.
  termsOf(folded) {
    return folded.split(/[^a-z0-9]+/).filter((word) => word && !this.stopwords.has(word));
  }

  // What a typed word stands for, worked out once per page (typing repeats words).
  resolved(word, correct) {
    const key = `${correct ? "+" : "-"}${word}`;
    if (!this.resolvedWords.has(key)) {
      const found = this.resolve(word, correct);
      found.catch(() => this.resolvedWords.delete(key));
      this.resolvedWords.set(key, found);
    }
    return this.resolvedWords.get(key);
  }

  // The part of a search that depends on its words only: which services match and how
  // well. Kept for the last few queries, so ticking a facet, changing the age or asking
  // "how many without this filter" scores nothing again.
  scored(text, correct) {
    const key = `${correct ? "+" : "-"}${text}`;
    if (this.scoredQueries.has(key)) {
      const found = this.scoredQueries.get(key);
      this.scoredQueries.delete(key); // most recent last
      this.scoredQueries.set(key, found);
      return found;
    }
    if (this.scoredQueries.size >= SCORED_KEPT) this.scoredQueries.delete(this.scoredQueries.keys().next().value);
    const found = this.score(text, correct);
    found.catch(() => this.scoredQueries.delete(key));
    this.scoredQueries.set(key, found);
    return found;
  }

  async score(text, correct) {
    const words = await Promise.all(this.termsOf(text).map((word) => this.resolved(word, correct)));
    const concepts = this.concepts(words);
    const scores = new Float32Array(this.count);
    const covered = new Uint16Array(this.count);
    const inName = new Uint8Array(this.count);
    const matched = concepts.length ? Bits.empty(this.size) : Bits.full(this.size, this.count);
    const hints = this.hints(concepts);
    let hintWords = 0;
    for (const concept of concepts) {
      if (hints.has(concept)) {
        // who, not what: its services score as any group word's do, but its words are not
        // counted as covered, so they cannot lift a service above the need's own services
        const hinted = new Float32Array(this.count);
        const { bits } = await this.conceptBits(concept, words, hinted, new Uint16Array(this.count));
        bits.forEach((doc) => { scores[doc] += HINT_WEIGHT * hinted[doc]; });
        matched.orWith(bits);
        hintWords += concept.end - concept.start;
        continue;
      }
      const { bits, names } = await this.conceptBits(concept, words, scores, covered);
      names.forEach((doc) => { inName[doc]++; });
      matched.orWith(bits);
    }
    await this.addPhrases(words, scores);
    return { words, concepts, matched, scores, covered, inName, counted: words.length - hintWords };
  }

  // The concepts that only say who the help is for ("syn", "mama", "dziadek": every need
  // they match is a thesaurus group marked `wskazowka`), when the query also says what.
  hints(concepts) {
    const found = new Set(concepts.filter((concept) => concept.needs.length
      && concept.needs.every((number) => this.needs[number].wskazowka)));
    return found.size < concepts.length ? found : new Set();
  }

  // The exact phrase: two typed words next to each other in a service's name (stopwords
  // between them skipped) score like one more word matched there. Only services already
  // matched gain, since a phrase's words are matched words.
  async addPhrases(words, scores) {
    const ignored = Bits.empty(this.size);
    for (let i = 1; i < words.length; i++) {
      const first = words[i - 1].keys.filter(isLemma), second = words[i].keys.filter(isLemma);
      if (first.length * second.length > MAX_PHRASE_KEYS) continue; // a word still being typed
      for (const a of first) for (const b of second) await this.addKey(`${PHRASE}${a} ${b}`, ignored, scores, PHRASE_WEIGHT, null);
    }
  }

  // text: the folded query; facets: {param: [values]}; age: a number or null;
  // correct: whether unknown words may be corrected.
  async search({ text, facets, age, correct = true }) {
    const { words, concepts, matched, scores, covered, inName, counted } = await this.scored(text, correct);
    if (age !== null) await this.loadAges();
    const withAge = age !== null ? matched.and(this.ageMask(age)) : matched;
    const ticked = Object.entries(facets).filter(([, values]) => values.length);
    const masks = Object.fromEntries(ticked.map(([param, values]) => [param, this.facetMask(param, values)]));
    const within = (without) => Object.entries(masks).reduce((bits, [param, mask]) => (param === without ? bits : bits.and(mask)), withAge);
    const all = within(null);
    const counts = this.countsWithin(all);
    for (const [param] of ticked) {
      // a facet's own counts ignore its ticks, so ticking one area does not hide the others
      const others = within(param);
      for (const [value, bits] of this.facets.get(param) || []) counts[param][value] = others.countAnd(bits);
    }
    const candidates = all.list();
    const whole = counted;
    let complete = 0;
    for (const doc of candidates) if (covered[doc] >= whole) complete++;
    const paused = this.facetMask("status", this.pausedStatuses);
    const rank = (doc) => (paused.has(doc) ? scores[doc] * PAUSED_FACTOR : scores[doc]);
    const compare = (a, b) => covered[b] - covered[a] || rank(b) - rank(a)
      || (inName[b] >= whole) - (inName[a] >= whole) || a - b;
    const byName = (a, b) => paused.has(a) - paused.has(b) || a - b; // filters only: every service fits as well
    const ranking = new Ranking(candidates, concepts.length ? compare : byName);
    const corrections = words.filter((word) => word.corrected).map(({ word, corrected, shown }) => ({ word, corrected, shown }));
    const unknown = words.filter((word) => !word.keys.length).map(({ word }) => word);
    const withoutAgeLimit = age !== null ? all.countAnd(this.noAgeLimit()) : 0;
    return { ranking, get ids() { return ranking.slice(0, ranking.length); }, counts, total: ranking.length,
             corrections, unknown, withoutAgeLimit, concepts: concepts.length, complete };
  }

  async countWithout(query, drop) {
    const reduced = { ...query, facets: { ...query.facets } };
    if (drop === "q") reduced.text = "";
    else if (drop === "wiek") reduced.age = null;
    else reduced.facets[drop] = [];
    return (await this.search(reduced)).total;
  }

  // Words of the index close to a typed word, for "did you mean" links.
  async closestWords(word, limit = 5) {
    // one word per lemma, written as the lemma
    const words = [];
    for (const { keys } of await this.closeForms(word, Math.max(2, allowedEdits(word) + 1))) {
      const shown = keys.find(isLemma);
      if (shown && !words.includes(shown) && (await this.postings.get(shown))) words.push(shown);
    }
    return words.slice(0, limit);
  }

  needTiles() {
    return this.needs.filter((need) => need.kafel).map((need) => ({ label: need.kafel, query: need.etykieta }));
  }

  async document(number) {
    const file = Math.floor(number / this.perFile);
    if (!this.documents.has(file)) {
      this.documents.set(file, fetch(new URL(`d/${file}.json`, this.base)).then((response) => response.json()));
    }
    return (await this.documents.get(file))[number % this.perFile];
  }
}

export async function openIndex(base) {
  const [manifest, facetBytes, words] = await Promise.all([
    fetch(new URL("manifest.json", base)).then((response) => response.json()),
    fetch(new URL("facets.bin", base)).then((response) => response.arrayBuffer()),
    fetch(new URL("slowa.json", base)).then((response) => response.json()),
  ]);
  return new SearchIndex(base, manifest, facetBytes, words);
}
