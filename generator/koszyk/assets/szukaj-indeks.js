// The search index in the browser. Files and their layout: generator/koszyk/search/indexing.py.
//
// Every set of services is a bitset (one bit per service, in name order). A query is
// cut into concepts: a need phrase of the thesaurus ("stracił pracę") or one word.
// A word is looked up in the forms table (typed form -> lemma keys); a concept's
// services are the union of its keys' postings, of the taxonomy values its words name
// and of its needs' postings. Every service matching any concept is listed (no strict
// AND), ranked by the number of concepts it covers, then by its BM25F score, then by
// having every word in its name; the age and the ticked facets cut the set, and a
// facet count is a popcount.

const NO_AGE = 255;
const UNKNOWN = "~";
const MIN_CORRECTED = 5; // shorter words are too easy to "correct" into another word
const LABEL_SCORE = 1.0; // a service tagged with a value the concept names: about one fair text match
const NEED_WEIGHT = 0.7; // a need's terms count a little less than the words typed
const MAX_COMPLETIONS = 300;
const RELATED_WEIGHT = 0.5; // a word of the same family ("logopeda" -> logopedyczny): found, ranked lower
const RELATED_MIN = 6; // lemmas this long share a family by all but their last two letters

function decode(base64) {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const numbers = [];
  let value = 0, shift = 0, previous = 0;
  for (const byte of bytes) {
    value |= (byte & 0x7f) << shift;
    if (byte & 0x80) { shift += 7; continue; }
    previous += value;
    numbers.push(previous);
    value = 0;
    shift = 0;
  }
  return numbers;
}

const bytesOf = (base64) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
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
  has(n) { return (this.words[n >>> 5] & (1 << (n & 31))) !== 0; }
  count() { let total = 0; for (const w of this.words) total += popcount(w); return total; }
  countAnd(other) { let total = 0; for (let i = 0; i < this.words.length; i++) total += popcount(this.words[i] & other.words[i]); return total; }
  members() {
    const found = [];
    this.words.forEach((word, index) => {
      while (word) {
        const low = word & -word;
        found.push(index * 32 + 31 - Math.clz32(low));
        word ^= low;
      }
    });
    return found;
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

class SearchIndex {
  constructor(base, manifest, facetBytes, ages, words) {
    this.count = manifest.count;
    this.perFile = manifest.perFile;
    this.size = manifest.stride / 4;
    this.postings = new ShardedTable(base, "p", manifest.shards);
    this.forms = new ShardedTable(base, "f", manifest.formShards);
    this.stopwords = new Set(manifest.stopwords);
    this.ages = ages;
    this.labels = words.etykiety;
    this.needs = words.potrzeby;
    this.base = base;
    this.facets = new Map();
    let offset = 0;
    for (const [param, values] of Object.entries(manifest.facets)) {
      const byValue = new Map();
      for (const value of values) {
        byValue.set(value, new Bits(new Uint32Array(facetBytes, offset, this.size)));
        offset += manifest.stride;
      }
      this.facets.set(param, byValue);
    }
    this.documents = new Map();
    this.ageMasks = new Map();
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
      if (key.length < RELATED_MIN || key.startsWith(UNKNOWN)) continue;
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
      if (fixed) return { word, keys: fixed.keys, related: [], corrected: fixed.form };
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

  // Adds the key's services to `bits` and their scores (times `weight`) to `scores`.
  async addKey(key, bits, scores, weight, names) {
    const entry = await this.postings.get(key);
    if (!entry) return;
    const docs = decode(entry[0]), impacts = bytesOf(entry[1]);
    const idf = this.idf(docs.length) * weight / 255;
    docs.forEach((doc, i) => { scores[doc] += idf * impacts[i]; });
    bits.add(docs);
    if (names) names.add(decode(entry[2]));
  }

  // A concept's taxonomy values: the service gets the score once, however many values it has.
  addFacet(param, value, bits, best, score) {
    const values = this.facets.get(param);
    if (!values || !values.has(value)) return;
    const tagged = values.get(value);
    bits.words.forEach((w, i) => { bits.words[i] = w | tagged.words[i]; });
    for (const doc of tagged.members()) best[doc] = Math.max(best[doc], score);
  }

  // A concept's services, their scores (added to `scores`) and how many of the query's
  // words each covers (added to `covered`): a word covers the services its lemmas, its
  // family and the taxonomy values it names find; a matched need covers its whole span.
  async conceptBits(concept, words, scores, covered) {
    const bits = Bits.empty(this.size), names = Bits.empty(this.size);
    const local = new Float32Array(this.count), tags = new Float32Array(this.count);
    const hits = new Uint8Array(this.count);
    for (const word of words.slice(concept.start, concept.end)) {
      const own = Bits.empty(this.size);
      for (const key of word.keys) {
        await this.addKey(key, own, local, 1, names);
        if (own_(this.labels, key)) for (const [param, value] of this.labels[key]) this.addFacet(param, value, own, tags, LABEL_SCORE);
      }
      for (const key of word.related) await this.addKey(key, own, local, RELATED_WEIGHT, null);
      for (const doc of own.members()) hits[doc]++;
      bits.words.forEach((w, i) => { bits.words[i] = w | own.words[i]; });
    }
    const span = concept.end - concept.start;
    if (concept.needs.length) {
      const needed = Bits.empty(this.size);
      for (const number of concept.needs) {
        const need = this.needs[number];
        if (need.klucz) await this.addKey(need.klucz, needed, local, NEED_WEIGHT, null);
        for (const [param, value] of need.filtry) this.addFacet(param, value, needed, tags, LABEL_SCORE);
      }
      for (const doc of needed.members()) hits[doc] = span;
      bits.words.forEach((w, i) => { bits.words[i] = w | needed.words[i]; });
    }
    for (const doc of bits.members()) {
      scores[doc] += local[doc] + tags[doc];
      covered[doc] += Math.min(span, hits[doc]);
    }
    return { bits, names };
  }

  // ---- filters ----

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

  // text: the folded query; facets: {param: [values]}; age: a number or null;
  // correct: whether unknown words may be corrected.
  async search({ text, facets, age, correct = true }) {
    const words = await Promise.all(this.termsOf(text).map((word) => this.resolve(word, correct)));
    const concepts = this.concepts(words);
    const scores = new Float32Array(this.count);
    const covered = new Uint8Array(this.count);
    const inName = new Uint8Array(this.count);
    let matched = concepts.length ? Bits.empty(this.size) : Bits.full(this.size, this.count);
    for (const concept of concepts) {
      const { bits, names } = await this.conceptBits(concept, words, scores, covered);
      for (const doc of names.members()) inName[doc]++;
      matched = matched.or(bits);
    }
    if (age !== null) matched = matched.and(this.ageMask(age));
    const ticked = Object.entries(facets).filter(([, values]) => values.length);
    const masks = Object.fromEntries(ticked.map(([param, values]) => [param, this.facetMask(param, values)]));
    const within = (without) => Object.entries(masks).reduce((bits, [param, mask]) => (param === without ? bits : bits.and(mask)), matched);
    const all = within(null);
    const counts = this.countsWithin(all);
    for (const [param] of ticked) {
      // a facet's own counts ignore its ticks, so ticking one area does not hide the others
      const others = within(param);
      for (const [value, bits] of this.facets.get(param) || []) counts[param][value] = others.countAnd(bits);
    }
    const ids = all.members();
    if (concepts.length) {
      const whole = words.length;
      ids.sort((a, b) => covered[b] - covered[a] || scores[b] - scores[a]
        || (inName[b] >= whole) - (inName[a] >= whole) || a - b);
    }
    const corrections = words.filter((word) => word.corrected).map(({ word, corrected }) => ({ word, corrected }));
    const unknown = words.filter((word) => !word.keys.length).map(({ word }) => word);
    const withoutAgeLimit = age !== null ? all.countAnd(this.noAgeLimit()) : 0;
    return { ids, counts, total: ids.length, corrections, unknown, withoutAgeLimit,
             concepts: concepts.length, complete: ids.filter((id) => covered[id] === words.length).length };
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
      const shown = keys.find((key) => !key.startsWith(UNKNOWN));
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
  const [manifest, facetBytes, ages, words] = await Promise.all([
    fetch(new URL("manifest.json", base)).then((response) => response.json()),
    fetch(new URL("facets.bin", base)).then((response) => response.arrayBuffer()),
    fetch(new URL("ages.bin", base)).then((response) => response.arrayBuffer()),
    fetch(new URL("slowa.json", base)).then((response) => response.json()),
  ]);
  return new SearchIndex(base, manifest, facetBytes, new Uint8Array(ages), words);
}
