// The search index in the browser. Files and their layout: generator/search/indexing.py.
//
// Every set of services is a bitset (one bit per service, in name order), so a
// query is: for each word, the union of the postings of its stems; AND across
// words, the age mask and the ticked facets; a facet count is a popcount.

const NO_AGE = 255;

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

class SearchIndex {
  constructor(base, manifest, facetBytes, ages) {
    this.base = base;
    this.count = manifest.count;
    this.perFile = manifest.perFile;
    this.size = manifest.stride / 4;
    this.shardStarts = manifest.shards;
    this.shards = new Map();
    this.ages = ages;
    this.facets = {};
    let offset = 0;
    for (const [param, values] of Object.entries(manifest.facets)) {
      this.facets[param] = {};
      for (const value of values) {
        this.facets[param][value] = new Bits(new Uint32Array(facetBytes, offset, this.size));
        offset += manifest.stride;
      }
    }
    this.documents = new Map();
    this.ageMasks = new Map();
  }

  shardOf(stem) {
    let low = 0, high = this.shardStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.shardStarts[middle] <= stem) low = middle; else high = middle - 1;
    }
    return low;
  }

  shard(number) {
    if (!this.shards.has(number)) {
      this.shards.set(number, fetch(new URL(`p${number}.json`, this.base)).then((response) => response.json()));
    }
    return this.shards.get(number);
  }

  async stemsStartingWith(prefix) {
    const found = [];
    for (let number = this.shardOf(prefix); number <= this.shardOf(`${prefix}\uffff`); number++) {
      const shard = await this.shard(number);
      for (const stem of Object.keys(shard)) if (stem.startsWith(prefix)) found.push([stem, shard[stem]]);
    }
    return found;
  }

  async hasStem(stem) {
    return stem in (await this.shard(this.shardOf(stem)));
  }

  // The services a typed word finds: every stem beginning with the shortest stem the
  // word begins with, cutting at most 4 letters of ending ("terapia" → terap*: terapii,
  // terapeuta; "usluga" → uslug*); or, for a word still being typed, stems it begins.
  async word(term) {
    let base = term;
    for (let length = Math.max(3, term.length - 4); length < term.length; length++) {
      if (await this.hasStem(term.slice(0, length))) { base = term.slice(0, length); break; }
    }
    const matches = await this.stemsStartingWith(base);
    const docs = Bits.empty(this.size), inName = Bits.empty(this.size);
    for (const [, [docList, nameList]] of matches) {
      docs.add(decode(docList));
      inName.add(decode(nameList));
    }
    return { docs, inName };
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

  facetMask(param, values) {
    let bits = Bits.empty(this.size);
    for (const value of values) if (this.facets[param]?.[value]) bits = bits.or(this.facets[param][value]);
    return bits;
  }

  countsWithin(base) {
    const counts = {};
    for (const [param, values] of Object.entries(this.facets)) {
      counts[param] = {};
      for (const [value, bits] of Object.entries(values)) counts[param][value] = base.countAnd(bits);
    }
    return counts;
  }

  totals() {
    return this.countsWithin(Bits.full(this.size, this.count));
  }

  // terms: folded words; facets: {param: [values]}; age: a number or null.
  async search({ terms, facets, age }) {
    let text = Bits.full(this.size, this.count);
    const names = [];
    for (const term of terms) {
      const found = await this.word(term);
      text = text.and(found.docs);
      names.push(found.inName);
    }
    if (age !== null) text = text.and(this.ageMask(age));
    const ticked = Object.entries(facets).filter(([, values]) => values.length);
    const masks = Object.fromEntries(ticked.map(([param, values]) => [param, this.facetMask(param, values)]));
    const within = (without) => Object.entries(masks).reduce((bits, [param, mask]) => (param === without ? bits : bits.and(mask)), text);
    const all = within(null);
    const counts = this.countsWithin(all);
    for (const [param] of ticked) {
      // a facet's own counts ignore its ticks, so ticking one area does not hide the others
      const others = within(param);
      for (const [value, bits] of Object.entries(this.facets[param])) counts[param][value] = others.countAnd(bits);
    }
    const score = (n) => names.reduce((total, bits) => total + (bits.has(n) ? 1 : 0), 0);
    const ids = all.members();
    if (names.length) ids.sort((a, b) => score(b) - score(a) || a - b); // name matches first, then by name
    return { ids, counts, total: ids.length };
  }

  async countWithout(query, drop) {
    const reduced = { ...query, facets: { ...query.facets } };
    if (drop === "q") reduced.terms = [];
    else if (drop === "wiek") reduced.age = null;
    else reduced.facets[drop] = [];
    return (await this.search(reduced)).total;
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
  const [manifest, facetBytes, ages] = await Promise.all([
    fetch(new URL("manifest.json", base)).then((response) => response.json()),
    fetch(new URL("facets.bin", base)).then((response) => response.arrayBuffer()),
    fetch(new URL("ages.bin", base)).then((response) => response.arrayBuffer()),
  ]);
  return new SearchIndex(base, manifest, facetBytes, new Uint8Array(ages));
}
