// The search page (overrides/search/page.html): words and filters in, results out, from the
// site's Pagefind index (web/search_index.py). Pagefind's script is loaded from this site on the
// first search and fetches only the chunks of the index a query needs. Results are built as DOM
// nodes from the index's text: nothing in a result becomes markup but Pagefind's <mark>.
(() => {
  const form = document.getElementById("search");
  if (!form) return;
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const selects = [...form.querySelectorAll("select[data-filter]")];
  const bundle = new URL(form.dataset.bundle, document.baseURI).href;
  const PER_BATCH = 10;
  let engine = null;
  let run = 0;            // the latest search; an older one that finishes late is dropped
  let results = [];
  let shown = 0;
  let timer = null;

  const pagefind = async () => {
    if (!engine) {
      engine = await import(bundle);
      await engine.options({ excerptLength: 30 });
      engine.init();
    }
    return engine;
  };

  const chosen = () => {
    const filters = {};
    for (const s of selects) if (s.value) filters[s.dataset.filter] = s.value;
    return filters;
  };

  // The address keeps the words and filters, so a search can be bookmarked, shared and reloaded.
  const remember = (words, filters) => {
    const params = new URLSearchParams();
    if (words) params.set("q", words);
    for (const [key, value] of Object.entries(filters)) params.set(key, value);
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    return query;
  };
  // Which words and filters the results on show are for (the address's query): a test, or a
  // script of the site's own, waits on this rather than on a clock.
  const settled = (query) => { list.dataset.for = query; };

  const text = (tag, className, content) => {
    const el = document.createElement(tag);
    el.className = className;
    if (content) el.textContent = content;
    return el;
  };

  // Pagefind's excerpt is the page's text with <mark> around the words found: copy the text
  // and the marks, and nothing else.
  const excerpt = (html) => {
    const p = text("p", "search-result__excerpt");
    const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
    for (const node of doc.body.firstChild ? doc.body.firstChild.childNodes : []) {
      if (node.nodeType === Node.TEXT_NODE) p.append(node.textContent);
      else if (node.nodeName === "MARK") p.append(text("mark", "", node.textContent));
      else p.append(node.textContent);
    }
    return p;
  };

  const item = (data) => {
    const li = document.createElement("li");
    li.className = "search-result";
    const heading = text("h2", "search-result__title");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    li.append(heading);
    const facts = [data.meta.partnership, data.meta.kind, data.meta.date].filter(Boolean);
    if (facts.length) li.append(text("p", "search-result__meta", facts.join(" · ")));
    if (data.excerpt) li.append(excerpt(data.excerpt));
    return li;
  };

  const showMore = async (id) => {
    const batch = results.slice(shown, shown + PER_BATCH);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (id !== run) return null;
    const items = data.map(item);
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= results.length;
    return items[0] || null;
  };

  const search = async () => {
    const id = ++run;
    const words = input.value.trim();
    const filters = chosen();
    const query = remember(words, filters);
    if (!words && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      settled(query);
      return;
    }
    status.textContent = "Searching…";
    let found;
    try {
      found = await (await pagefind()).search(words || null, { filters });
    } catch (error) {
      if (id === run) {
        status.textContent = "Search could not load. Reload the page to try again.";
        settled(query);
      }
      return;
    }
    if (id !== run) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    await showMore(id);
    if (id !== run) return;
    const n = results.length;
    status.textContent = n === 0 ? "No briefings or pages match. Try fewer words, or fewer filters."
      : `${n} result${n === 1 ? "" : "s"}${n > shown ? `, showing the first ${shown}` : ""}.`;
    settled(query);
  };

  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  };

  input.addEventListener("input", soon);
  for (const s of selects) s.addEventListener("change", search);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  // Down from the words goes to the first result, as in most search boxes.
  input.addEventListener("keydown", (event) => {
    const first = list.querySelector("a");
    if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  });
  more.addEventListener("click", async () => {
    const first = await showMore(run);
    if (first) first.querySelector("a").focus();  // keyboard users carry on from the new results
    status.textContent = `${results.length} results, showing the first ${shown}.`;
  });

  // Words and filters from the address: the search form of another page, or a shared link.
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const s of selects) {
    const value = params.get(s.dataset.filter);
    if (value && [...s.options].some((o) => o.value === value)) s.value = value;
  }
  if (input.value || Object.keys(chosen()).length) search();
})();
