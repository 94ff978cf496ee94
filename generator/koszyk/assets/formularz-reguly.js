// The card form's rules, read from formularz/schemat.json (koszyk.form_schema): checking
// a card with the schema's kinds and the validator's message templates, and writing it
// as YAML in the sample cards' style. Pure functions: formularz.js gives them the data.

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

/** ["uslugi", 2, "dostep", "tryb"] → "uslugi[3].dostep.tryb", like loading.field_name. */
export function fieldName(path) {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part + 1}]` : (text ? "." : "") + part;
  return text;
}

const SPAN = /^[ \t]*([0-9]+)[ \t]*[-–—][ \t]*([0-9]+)[ \t]*$/;

function short(text, limit = 60) {
  const chars = Array.from(text);
  return chars.length <= limit ? text : chars.slice(0, limit - 1).join("") + "…";
}

function typeName(value) {
  if (Array.isArray(value)) return "lista";
  if (value === null || value === undefined) return "pusta wartość";
  if (typeof value === "boolean") return "tak/nie";
  if (typeof value === "number") return "liczba";
  if (typeof value === "object") return "mapa (pole: wartość)";
  return "tekst";
}

/** Like personal_data.is_valid_pesel: a real birth date (any century PESEL encodes) and the check digit. */
function isValidPesel(digits) {
  const month = Number(digits.slice(2, 4)) % 20, day = Number(digits.slice(4, 6));
  if (digits.length !== 11 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const total = weights.reduce((sum, weight, index) => sum + weight * Number(digits[index]), 0);
  return (10 - (total % 10)) % 10 === Number(digits[10]);
}

/** Checking card data (Polish keys, as in the YAML) against the schema. */
export class CardRules {
  constructor(schema) {
    this.schema = schema;
    this.messages = schema.messages;
    const hidden = schema.hidden;
    this.hidden = new RegExp(`[${hidden.bmp}]|[${hidden.astral}]`, "u");
    this.hiddenNames = hidden.names;
    this.pesel = new RegExp(schema.pesel, "g");
    this.reserved = schema.reserved;  // kinds.RESERVED_NAME: no service may take a list page's name
  }

  /** Every error as {path, field, message}; a missing required field is reported at the field itself. */
  check(card) {
    const found = [];
    const report = (path, message) => found.push({path, field: fieldName(path), message});
    const checked = this.checkValue(this.schema.card, card, [], report);
    const services = checked && Array.isArray(checked.uslugi) ? checked.uslugi : [];
    services.forEach((service, index) => {
      if (service && service.id === this.reserved.name) report(["uslugi", index, "id"], this.reserved.message);
      const age = (service && service.dostep && service.dostep.wiek) || {};
      if (typeof age.od === "number" && typeof age.do === "number" && age.od > age.do) {
        report(["uslugi", index, "dostep", "wiek"], fill(this.messages.age_order, {low: age.od, high: age.do}));
      }
    });
    return found;
  }

  checkValue(spec, value, path, report) {
    const method = {record: "record", list: "list", choice: "choice", phone: "phone", regon: "regon", url: "url", date: "date",
                    int: "integer", bool: "boolean", text: "text"}[spec.kind];
    return this[method](spec, value, path, report);
  }

  record(spec, value, path, report) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    const result = {};
    for (const field of spec.fields) {
      const given = value[field.key];
      if (given === undefined || given === null) {
        if (field.required) report([...path, field.key], fill(this.messages.required, {key: field.key, title: field.title}));
        continue;
      }
      const checked = this.checkValue(field.value, given, [...path, field.key], report);
      if (checked !== undefined) result[field.key] = checked;
    }
    return result;
  }

  list(spec, value, path, report) {
    if (!Array.isArray(value)) value = [value];
    if (value.length < spec.min) {
      report(path, fill(this.messages.list_too_short, {minimum: spec.min}));
      return undefined;
    }
    const items = [];
    value.forEach((item, index) => {
      const checked = this.checkValue(spec.item, item, [...path, index], report);
      if (checked !== undefined && !(spec.unique && items.includes(checked))) items.push(checked);
    });
    return items;
  }

  choice(spec, value) {
    const terms = this.schema.vocabularies[spec.vocabulary].terms;
    return terms.some((term) => term.key === value) ? value : undefined;
  }

  text(spec, value, path, report) {
    if (typeof value !== "string" && typeof value !== "number") {
      report(path, `oczekiwano tekstu, a jest ${typeName(value)}`);
      return undefined;
    }
    const text = String(value).replace(/\r\n?/g, "\n").trim();
    const hidden = this.hidden.exec(text);
    if (hidden) {
      const position = Array.from(text.slice(0, hidden.index)).length + 1;
      report(path, fill(this.messages.text_hidden, {char: this.describe(hidden[0]), position}));
      return undefined;
    }
    const length = Array.from(text).length;
    if (length > spec.max) {
      report(path, fill(this.messages.text_too_long, {length, maximum: spec.max}));
      return undefined;
    }
    const pesel = Array.from(text.matchAll(this.pesel), (found) => found[0])
      .find((shape) => isValidPesel(shape.replace(/\D/g, "")));
    if (pesel) {
      report(path, fill(this.messages.text_pesel, {value: pesel}));
      return undefined;
    }
    if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(text)) {
      report(path, fill(this.messages.text_pattern, {value: short(text), hint: spec.hint}));
      return undefined;
    }
    return text;
  }

  describe(char) {
    const code = char.codePointAt(0);
    const hex = code.toString(16).toUpperCase().padStart(4, "0");
    let name = this.hiddenNames[char];
    if (!name) {
      if ((code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef) || (code >= 0x180b && code <= 0x180f)) name = "selektor wariantu, niewidoczny";
      else if (code >= 0xe0000 && code <= 0xe0fff) name = "niewidoczny znak tagu";
      else if (code >= 0xd800 && code <= 0xdfff) name = "niepoprawny kod znaku (połówka pary UTF-16)";
      else if ((code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe) name = "kod, który nie jest znakiem";
      else if (/\p{Cc}/u.test(char)) name = "znak sterujący";
      else if (/\p{Cf}/u.test(char)) name = "niewidoczny znak formatujący";
      else name = "niewidoczny znak";
    }
    return `U+${hex} (${name})`;
  }

  phone(spec, value, path, report) {
    const text = this.text({max: spec.max, pattern: ""}, value, path, report);
    if (text === undefined) return undefined;
    const match = new RegExp(`^(?:${spec.pattern})$`).exec(text.replace(/[\s()-]/g, ""));
    if (!match || (match[1].length === 6 && !match[1].startsWith("116"))) {
      report(path, fill(this.messages.phone, {value: text}));
      return undefined;
    }
    return text;
  }

  /** The GUS checksum, like kinds.regon_is_valid: a 14-digit REGON extends a valid 9-digit one. */
  regonIsValid(spec, digits) {
    const weights = spec.weights[String(digits.length)];
    if (!weights) return false;
    const sum = weights.reduce((total, weight, index) => total + weight * Number(digits[index]), 0);
    return sum % 11 % 10 === Number(digits[digits.length - 1])
      && (digits.length === 9 || this.regonIsValid(spec, digits.slice(0, 9)));
  }

  regon(spec, value, path, report) {
    const text = this.text({max: spec.max, pattern: ""}, value, path, report);
    if (text === undefined) return undefined;
    const digits = text.replace(/[\s-]/g, "");
    if (!/^(?:\d{9}|\d{14})$/.test(digits)) {
      report(path, fill(this.messages.regon_format, {value: short(text)}));
      return undefined;
    }
    if (!this.regonIsValid(spec, digits)) {
      report(path, fill(this.messages.regon_checksum, {value: short(text)}));
      return undefined;
    }
    return digits;
  }

  url(spec, value, path, report) {
    const text = this.text({max: spec.max, pattern: ""}, value, path, report);
    if (text === undefined) return undefined;
    const parsed = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(text);
    const scheme = parsed ? parsed[1].toLowerCase() : "";
    if (!["http", "https"].includes(scheme) || !parsed[2].includes(".") || text.includes(" ")) {
      report(path, fill(this.messages.url, {value: short(text)}));
      return undefined;
    }
    return text;
  }

  date(spec, value, path, report) {
    const text = String(value);
    const trimmed = text.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
      report(path, fill(this.messages.date_format, {value: short(text)}));
      return undefined;
    }
    const [year, month, day] = trimmed.split("-").map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (year < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      report(path, fill(this.messages.date_not_existing, {value: text}));
      return undefined;
    }
    if (spec.notInFuture && trimmed > this.schema.today) {
      report(path, fill(this.messages.date_future, {value: trimmed, today: this.schema.today}));
      return undefined;
    }
    return trimmed;
  }

  integer(spec, value, path, report) {
    const span = typeof value === "string" && spec.span && spec.span.length ? SPAN.exec(value) : null;
    if (span) { // "7-12" typed in one field: say that the range takes two (koszyk.kinds.Integer)
      report(path, fill(this.messages.integer_span, {value: short(value), low: span[1], high: span[2],
                                                     low_field: spec.span[0], high_field: spec.span[1]}));
      return undefined;
    }
    if (typeof value !== "number" || !Number.isInteger(value)) {
      report(path, fill(this.messages.integer_type, {type: typeName(value)}));
      return undefined;
    }
    if (value < spec.min || value > spec.max) {
      report(path, fill(this.messages.integer_range, {value, minimum: spec.min, maximum: spec.max}));
      return undefined;
    }
    return value;
  }

  boolean(spec, value, path, report) {
    if (typeof value !== "boolean") {
      report(path, `oczekiwano true albo false, a jest ${typeName(value)}`);
      return undefined;
    }
    return value;
  }
}

// -- YAML in the sample cards' style ------------------------------------------------------

const RESERVED = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
const PLAIN = /^[A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż][^:#{}[\],"'`\n\t\\]*$/u;

function scalar(value, quoted, inFlow) {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = String(value);
  if (quoted || !PLAIN.test(text) || RESERVED.test(text) || text.endsWith(" ") || (inFlow && /[,[\]{}]/.test(text))) {
    return JSON.stringify(text);  // a JSON string is a valid YAML double-quoted scalar
  }
  return text;
}

export class CardYaml {
  constructor(schema) {
    this.header = schema.yaml.header;
    this.flow = new Set(schema.yaml.flow);
    this.quoted = new Set(schema.yaml.quoted);
    this.dates = new Set(schema.yaml.dates);  // written plain, so YAML reads them as dates
  }

  write(card) {
    return this.header + this.mapping(card, 0).join("\n") + "\n";
  }

  flowValue(value, key) {
    if (Array.isArray(value)) return `[${value.map((item) => this.flowValue(item, "")).join(", ")}]`;
    if (value && typeof value === "object") {
      return `{${Object.entries(value).map(([k, v]) => `${k}: ${this.flowValue(v, k)}`).join(", ")}}`;
    }
    return scalar(value, this.quoted.has(key), true);
  }

  mapping(data, indent) {
    const pad = " ".repeat(indent);
    const lines = [];
    for (const [key, value] of Object.entries(data)) {
      if (this.flow.has(key) || (Array.isArray(value) && value.length === 0)) {
        lines.push(`${pad}${key}: ${this.flowValue(value, key)}`);
      } else if (Array.isArray(value)) {
        lines.push(`${pad}${key}:`);
        for (const item of value) {
          if (key === "kryteria") {
            lines.push(`${pad}  - ${this.flowValue(item, "")}`);
          } else if (item && typeof item === "object") {
            const inner = this.mapping(item, indent + 4);
            lines.push(`${pad}  - ${inner[0].trimStart()}`, ...inner.slice(1));
          } else {
            lines.push(`${pad}  - ${scalar(item, false, false)}`);
          }
        }
      } else if (value && typeof value === "object") {
        lines.push(`${pad}${key}:`, ...this.mapping(value, indent + 2));
      } else if (typeof value === "string" && value.includes("\n") && !value.startsWith(" ")) {
        lines.push(`${pad}${key}: |-`, ...value.split("\n").map((line) => (line ? `${pad}  ${line}` : "")));
      } else if (this.dates.has(key) && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        lines.push(`${pad}${key}: ${value}`);
      } else {
        lines.push(`${pad}${key}: ${scalar(value, this.quoted.has(key), false)}`);
      }
    }
    return lines;
  }
}

/** A card file name from a partner's name, like excel.reading.slugify; a new service's id from its name. */
export function slugify(name, fallback = "partner") {
  const text = name.replace(/ł/g, "l").replace(/Ł/g, "L").normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
  const slug = text.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || fallback;
  return slug === "index" ? "index-1" : slug;  // "index" is a list's own page (kinds.RESERVED_NAME)
}
