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
// Local mode (decap-server over a local clone) only when asked for, by `?local_backend` or
// `?local_backend=http://127.0.0.1:PORT/api/v1`, so a page served from 127.0.0.1 by a preview
// or a test makes no request to a proxy that is not there. Decap itself ignores it on any host
// but localhost and 127.0.0.1.
const local = new URLSearchParams(window.location.search).get("local_backend");
if (local === "") config.local_backend = true;
else if (local && /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/api\/v1$/.test(local)) {
  config.local_backend = { url: local };
}
window.CMS.init({ config: { ...config, load_config_file: false } });
