/* The action record (overrides/record/form.html): a draft kept only in this browser's
   localStorage, never sent; Clear removes it. Print uses the browser's own dialog; the email
   button opens the reader's own email program with the record written in. Written for this
   site: no library, nothing fetched. */
(() => {
  "use strict";
  const form = document.getElementById("record");
  if (!form) return;
  const key = `sevenminute:record:${form.dataset.slug}`;
  const status = form.querySelector(".record__status");
  const actions = form.querySelector(".record__actions");
  const email = form.querySelector(".record__email");
  document.documentElement.classList.add("record--scripted");

  function storage() {
    try { return window.localStorage; } catch (error) { return null; } // blocked by the reader
  }

  function actionCount() { return actions.querySelectorAll(".record__action").length; }

  function addAction() {
    const template = actions.querySelector(".record__action");
    const n = actionCount() + 1;
    const copy = template.cloneNode(true);
    copy.dataset.actionNumber = String(n);
    copy.querySelector("legend").textContent = `Action ${n}`;
    for (const field of copy.querySelectorAll("input, textarea")) {
      const name = field.name.replace(/-\d+$/, `-${n}`);
      const label = copy.querySelector(`label[for="${field.id}"]`);
      field.name = name;
      field.id = `record-${name}`;
      field.value = "";
      if (label) label.htmlFor = field.id;
    }
    actions.appendChild(copy);
    return copy;
  }

  function values() {
    const data = { actions: actionCount() };
    for (const field of form.elements) if (field.name) data[field.name] = field.value;
    return data;
  }

  function fit(field) {
    // Textareas grow with their text, so that the screen and the printout show all of it.
    if (field.tagName === "TEXTAREA") {
      field.style.height = "auto";
      field.style.height = `${field.scrollHeight + 2}px`;
    }
  }

  function text() {
    // The record as plain text, for the email.
    const v = values();
    const lines = [`Action record: ${form.dataset.title}`, "",
      `Team or service: ${v.team || ""}`, `Date of the meeting: ${v.date || ""}`, "",
      "Who attended:", v.attended || "", "", "What was discussed:", v.discussed || "", "",
      "Actions agreed:"];
    for (let n = 1; n <= v.actions; n++) {
      if (v[`action-${n}`] || v[`owner-${n}`] || v[`due-${n}`]) {
        lines.push(`${n}. ${v[`action-${n}`] || ""} (who: ${v[`owner-${n}`] || ""}; by when: ${v[`due-${n}`] || ""})`);
      }
    }
    lines.push("", "How the team will know the learning has stuck:", v.stuck || "");
    return lines.join("\n");
  }

  function updateEmail() {
    if (!email) return;
    const subject = encodeURIComponent(`Action record: ${form.dataset.title}`);
    email.href = `mailto:${form.dataset.email}?subject=${subject}&body=${encodeURIComponent(text())}`;
  }

  function save() {
    const store = storage();
    if (store) store.setItem(key, JSON.stringify(values()));
    updateEmail();
  }

  function restore() {
    const store = storage();
    const saved = store && store.getItem(key);
    if (!saved) return false;
    let data;
    try { data = JSON.parse(saved); } catch (error) { return false; }
    while (actionCount() < (data.actions || 0)) addAction();
    for (const field of form.elements) {
      if (field.name && typeof data[field.name] === "string") field.value = data[field.name];
    }
    return true;
  }

  function clear() {
    const store = storage();
    if (store) store.removeItem(key);
    form.reset();
    while (actionCount() > 3) actions.lastElementChild.remove();
    form.querySelectorAll("textarea").forEach(fit);
    updateEmail();
    status.textContent = "The record is cleared: nothing of it is left on this device.";
  }

  form.addEventListener("input", event => { fit(event.target); save(); });
  form.addEventListener("submit", event => event.preventDefault());
  for (const button of form.querySelectorAll("[data-action]")) button.hidden = false;
  form.querySelector('[data-action="add"]').addEventListener("click", () => {
    const added = addAction();
    save();
    added.querySelector("textarea").focus();
  });
  form.querySelector('[data-action="print"]').addEventListener("click", () => window.print());
  form.querySelector('[data-action="clear"]').addEventListener("click", clear);
  if (email) email.addEventListener("click", updateEmail);

  if (restore()) status.textContent = "Your draft on this device is back. Clear this record to remove it.";
  else if (!storage()) status.textContent = "This browser does not let the page keep a draft: print or save the record before you leave.";
  form.querySelectorAll("textarea").forEach(fit);
  updateEmail();
})();
