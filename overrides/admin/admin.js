// Starts the web editor: reads the generated configuration (config.yml, from `sevenminute cms`),
// registers the formats that keep the project's YAML as written (sevenminute-cms.js), and hands
// the rest of the configuration to Decap CMS.
import * as YAML from "./yaml/index.js";
import { makeFormats } from "./sevenminute-cms.js";

const response = await fetch("config.yml", { cache: "no-cache" });
const config = YAML.parse(await response.text());
for (const [name, format] of Object.entries(makeFormats(YAML, config))) {
  window.CMS.registerCustomFormat(name, "yml", format);
}
delete config.sevenminute;
window.CMS.init({ config: { ...config, load_config_file: false } });
