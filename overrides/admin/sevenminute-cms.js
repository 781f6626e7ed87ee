// How the web editor reads and writes the project's YAML (Decap CMS custom formats).
//
// Decap's own YAML writer drops every comment and orders keys as the form happens to hold them.
// Here each save starts from the file as it was read: values the form did not change keep their
// node (quotes, block style, comments such as the source notes and `# allow:`), changed values
// are replaced in place, new keys go where the model puts them, and a new briefing gets the
// schema line. What a form cannot show is moved into a field and back: a map keyed by id is a
// list of {id, ...}, a point's `# allow:` comment is its "allow" field, text or nested list items
// and library or written-out resources are typed list entries.
//
// Plain ES module with no browser API, so the tests run it in Node on every hand-written file.
// `YAML` is the `yaml` package (vendored beside this file for the browser).

const SOURCE = "__source"; // the file as read, kept in the entry so a save can start from it
const ALLOW = /#\s*allow:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$/;
// Plain scalars that YAML 1.1 (PyYAML, which the project reads with) takes for something else.
const YAML11_NOT_STRING = new RegExp(
  "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF" +
    "|null|Null|NULL|~|=|<<|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)" +
    "|[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)" +
    "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$",
);

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isEmpty = (v) =>
  v === undefined || v === null || v === "" ||
  (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

// --- the form's shape <-> the file's shape --------------------------------------------------

function typedIn(field, value) {
  // A typed list: each entry names its kind in `type` (Decap's typeKey).
  if (!Array.isArray(value)) return value;
  const plain = field.types.find((t) => t.fields.length === 1 && t.fields[0].name === "value");
  const object = field.types.find((t) => t !== plain);
  return value.map((v) =>
    typeof v === "string" ? { type: plain.name, value: v } : { type: object.name, ...toForm(object.fields, v) },
  );
}

function typedOut(field, value) {
  if (!Array.isArray(value)) return value;
  return value.map((v) => {
    const type = field.types.find((t) => t.name === v.type) || field.types[0];
    if (type.fields.length === 1 && type.fields[0].name === "value") return v.value;
    const { type: _, ...rest } = v;
    return toFile(type.fields, rest);
  });
}

function toForm(fields, data) {
  if (!isObject(data)) return data;
  const out = { ...data };
  for (const field of fields) {
    const value = data[field.name];
    if (value === undefined) continue;
    if (field.types) out[field.name] = typedIn(field, value);
    else if (field.sevenminute_map && isObject(value))
      out[field.name] = Object.entries(value).map(([key, v]) => ({ key, value: subForm(field.fields[1], v) }));
    else if (field.widget === "object" && field.fields) out[field.name] = toForm(field.fields, value);
    else if (field.widget === "list" && field.fields && Array.isArray(value))
      out[field.name] = value.map((v) => toForm(field.fields, v));
  }
  return out;
}

const subForm = (field, v) => (field.fields ? toForm(field.fields, v) : v);
const subFile = (field, v) => (field.fields ? toFile(field.fields, v) : clean(v));

function clean(value) {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  return isEmpty(value) ? undefined : value;
}

// The file's shape, keys in the form's (the model's) order, empty values left out.
function toFile(fields, data) {
  if (!isObject(data)) return clean(data);
  const out = {};
  const known = new Set(fields.map((f) => f.name));
  for (const field of fields) {
    let value = data[field.name];
    if (field.types) value = typedOut(field, value);
    else if (field.sevenminute_map && Array.isArray(value))
      value = Object.fromEntries(
        value.filter((p) => p && p.key).map((p) => [p.key, subFile(field.fields[1], p.value)]),
      );
    else if (field.widget === "object" && field.fields) value = toFile(field.fields, value);
    else if (field.widget === "list" && field.fields && Array.isArray(value))
      value = value.map((v) => toFile(field.fields, v));
    else if (field.widget === "list" && Array.isArray(value)) value = value.map(clean).filter((v) => v !== undefined);
    else if (field.widget === "boolean" && value === (field.default ?? false)) value = undefined;
    if (Array.isArray(value)) value = value.filter((v) => !isEmpty(v));
    value = clean(value);
    if (value !== undefined && field.widget !== "hidden") out[field.name] = value;
    else if (value !== undefined) out[field.name] = value;
  }
  for (const [key, value] of Object.entries(data)) if (!known.has(key) && key !== SOURCE) out[key] = value;
  return out;
}

// --- writing into the document read ---------------------------------------------------------

function makeWriter(YAML, meta) {
  const dates = new Set(meta.dates || []);

  function node(doc, value, key) {
    const n = doc.createNode(value);
    style(n, key);
    return n;
  }

  // New scalars: block text for several lines, quotes where PyYAML would read something else.
  function style(n, key) {
    if (YAML.isScalar(n) && typeof n.value === "string") {
      if (n.value.includes("\n")) {
        n.type = "BLOCK_LITERAL";
        if (!n.value.endsWith("\n")) n.value += "\n";
      } else if (YAML11_NOT_STRING.test(n.value) && !(dates.has(key) && /^\d{4}-\d\d-\d\d$/.test(n.value))) {
        n.type = "QUOTE_DOUBLE";
      }
    } else if (YAML.isMap(n)) {
      for (const pair of n.items) style(pair.value, pair.key && pair.key.value);
    } else if (YAML.isSeq(n)) {
      for (const item of n.items) style(item, key);
    }
  }

  const same = (n, value) => JSON.stringify(n && n.toJSON ? n.toJSON() : n) === JSON.stringify(value);

  function merge(doc, old, value, key) {
    if (YAML.isMap(old) && isObject(value)) {
      mergeMap(doc, old, value);
      return old;
    }
    if (YAML.isSeq(old) && Array.isArray(value)) {
      const used = new Set();
      const items = value.map((v, i) => {
        let j = old.items.findIndex((n, k) => !used.has(k) && same(n, v));
        if (j < 0 && i < old.items.length && !used.has(i)) j = i;
        if (j < 0) return node(doc, v, key);
        used.add(j);
        return merge(doc, old.items[j], v, key);
      });
      old.items = items;
      return old;
    }
    if (same(old, value)) return old;
    const fresh = node(doc, value, key);
    if (old && typeof old === "object") {
      fresh.comment = old.comment;
      fresh.commentBefore = old.commentBefore;
      fresh.spaceBefore = old.spaceBefore;
    }
    return fresh;
  }

  function mergeMap(doc, map, value) {
    const order = Object.keys(value);
    map.items = map.items.filter((pair) => {
      const key = pair.key && pair.key.value;
      // A key the form left empty goes, unless the file held it empty on purpose (`phones: []`).
      return key in value || (pair.value && isEmpty(pair.value.toJSON ? pair.value.toJSON() : pair.value));
    });
    for (const key of order) {
      const at = map.items.findIndex((p) => p.key && p.key.value === key);
      if (at >= 0) {
        map.items[at].value = merge(doc, map.items[at].value, value[key], key);
        continue;
      }
      const pair = doc.createPair(key, value[key]);
      style(pair.value, key);
      // After the last key that comes before it in the model's order.
      const before = order.slice(0, order.indexOf(key));
      let index = 0;
      map.items.forEach((p, i) => {
        if (p.key && before.includes(p.key.value)) index = i + 1;
      });
      map.items.splice(index, 0, pair);
    }
  }

  return { node, merge, style };
}

// --- `# allow:` on a point's key line <-> the point's "allow" field -------------------------

function allowsIn(YAML, doc, points, source) {
  // Only a comment that ends the point's own key line (`  happened:  # allow: exact-date`)
  // becomes its field; one on a line of its own stays where it is, as any comment does.
  const lines = source.split("\n");
  for (const key of Object.keys(points)) {
    const line = lines.find((l) => l.startsWith(`  ${key}:`) && /^ {2}[a-z0-9_]+:\s*#/.test(l));
    const found = line && line.match(ALLOW);
    if (found) points[key].allow = found[1].split(/\s*,\s*/);
  }
}

function allowsOut(YAML, doc, source) {
  const map = doc.getIn(["points"], true);
  if (!map || !YAML.isMap(map)) return;
  const onKeyLine = new Set(
    source.split("\n").filter((l) => /^ {2}[a-z0-9_]+:\s*#/.test(l) && ALLOW.test(l))
      .map((l) => l.trim().split(":")[0]),
  );
  for (const pair of map.items) {
    const point = pair.value;
    if (!YAML.isMap(point)) continue;
    const field = point.items.findIndex((p) => p.key && p.key.value === "allow");
    let names = [];
    if (field >= 0) {
      names = point.get("allow", false) || [];
      names = names.toJSON ? names.toJSON() : names;
      point.items.splice(field, 1);
    }
    // The comment that ended the key's line is the first of the point map's `commentBefore`:
    // the field replaces it. Other comments stay.
    const old = point.commentBefore ? point.commentBefore.split("\n") : [];
    if (onKeyLine.has(pair.key.value)) old.splice(old.findIndex((line) => ALLOW.test(line)), 1);
    if (names.length) old.unshift(` allow: ${names.join(", ")}`);
    point.commentBefore = old.join("\n") || undefined;
  }
}

// --- where comments sit on their lines -----------------------------------------------------

// yaml prints a comment that ends a key's line (`items:  # allow: long-sentence`) on a line of
// its own below, and one space before a trailing `#`. Where the file read had the line as it
// was, put it back as it was; a point's `allow` field always goes on the point's key line.
const normalise = (line) => line.replace(/\s+#/, " #").trimEnd();
const indent = (line) => line.length - line.trimStart().length;
const KEY_LINE = /^\s*[^#\s][^#]*:\s*(?:[|>][-+]?)?$/;

function keepCommentLayout(text, source) {
  const original = new Map(source.split("\n").map((line) => [normalise(line), line]));
  const out = [];
  let topKey = "";
  for (const line of text.split("\n")) {
    if (/^[^\s#]/.test(line)) topKey = line.split(":")[0];
    const prev = out[out.length - 1];
    if (/^\s*#/.test(line) && prev !== undefined && KEY_LINE.test(prev) && indent(line) > indent(prev)) {
      const joined = normalise(`${prev} ${line.trim()}`);
      const pointKey = topKey === "points" && indent(prev) === 2 && ALLOW.test(line) &&
        !source.includes(`${prev}\n${line}`);
      if (original.has(joined) || pointKey) {
        out[out.length - 1] = original.get(joined) || `${prev}  ${line.trim()}`;
        continue;
      }
    }
    out.push(line.includes("#") && original.has(normalise(line)) ? original.get(normalise(line)) : line);
  }
  return out.join("\n");
}

// --- the formats ----------------------------------------------------------------------------

export function makeFormats(YAML, config) {
  const meta = config.sevenminute || {};
  const writer = makeWriter(YAML, meta);
  const formats = {};

  function read(content) {
    const doc = YAML.parseDocument(content);
    if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join("\n"));
    return doc;
  }

  function write(doc, source) {
    return keepCommentLayout(doc.toString({ lineWidth: 0, indentSeq: true }), source || "");
  }

  for (const collection of config.collections) {
    const briefings = Boolean(collection.folder);
    const fields = briefings ? collection.fields : collection.files[0].fields[0].fields;
    const formatId = briefings && collection.filter.value;

    formats[collection.format] = {
      fromFile(content) {
        const doc = read(content);
        let data = doc.toJS() || {};
        if (briefings) {
          data = toForm(fields, data);
          if (data.format === undefined) data.format = meta.default_format;
          if (data.points) {
            data.points = { ...data.points };
            for (const key of Object.keys(data.points)) data.points[key] = { ...data.points[key] };
            allowsIn(YAML, doc, data.points, content);
          }
        } else {
          data = {
            entries: Object.entries(data).map(([id, v]) =>
              isObject(v) ? { id, ...toForm(fields, v) } : { id, value: v },
            ),
          };
        }
        data[SOURCE] = content;
        return data;
      },

      toFile(data) {
        const source = data[SOURCE];
        let value;
        if (briefings) {
          value = toFile(fields, data);
          const hadFormat = source && /^format:/m.test(source);
          if (value.format === meta.default_format && !hadFormat) delete value.format;
          if (!value.format && formatId !== meta.default_format) value.format = formatId;
        } else {
          const entryFields = fields.filter((f) => f.name !== "id");
          const plain = entryFields.length === 1 && entryFields[0].name === "value";
          value = {};
          for (const entry of data.entries || []) {
            if (!entry || !entry.id) continue;
            const { id, ...rest } = entry;
            value[id] = plain ? clean(rest.value) : toFile(entryFields, rest);
          }
        }
        let doc;
        if (source) {
          doc = read(source);
          writer.merge(doc, doc.contents, value);
        } else {
          doc = new YAML.Document();
          doc.contents = writer.node(doc, value);
        }
        if (briefings) allowsOut(YAML, doc, source || "");
        // A new briefing starts with the schema line, as `sevenminute new` writes it.
        const head = !source && briefings && meta.schema_line ? `# ${meta.schema_line}\n` : "";
        return head + write(doc, source);
      },
    };
  }
  return formats;
}
