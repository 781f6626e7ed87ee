// Reads each file given through the web editor's format and writes it back, as the editor does
// when an editor opens a file and saves it; prints JSON {path: text written}. With --edit, the
// form's data is changed first by the JSON patch file given (a function body run on `data`).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [root, ...args] = process.argv.slice(2);
const YAML = await import(pathToFileURL(path.join(root, "overrides/admin/yaml/index.js")).href);
const { makeFormats } = await import(pathToFileURL(path.join(root, "overrides/admin/sevenminute-cms.js")).href);
const config = YAML.parse(fs.readFileSync(path.join(root, "overrides/admin/config.yml"), "utf8"));
const formats = makeFormats(YAML, config);
const out = {};
for (const arg of args) {
  const [format, file, edit] = arg.split("::");
  const data = formats[format].fromFile(fs.readFileSync(file, "utf8"));
  if (edit) new Function("data", edit)(data);
  out[file] = { written: formats[format].toFile(data), form: data };
}
process.stdout.write(JSON.stringify(out));
