/* The present view (overrides/present/present.html): one screen at a time, moved on only by the
   presenter (buttons, keys, swipes), and a seven-minute timer the presenter starts and pauses.
   Written for this site: no library, nothing fetched. Without it the page reads top to bottom. */
(() => {
  "use strict";
  const root = document.querySelector(".present");
  if (!root) return;
  const slides = [...root.querySelectorAll(".present__slide")];
  const controls = root.querySelector(".present__controls");
  const position = root.querySelector(".present__position");
  const clock = root.querySelector(".present__clock");
  const pace = root.querySelector(".present__pace");
  const announce = root.querySelector(".present__announce");
  const timerButton = root.querySelector('[data-action="timer"]');
  const back = root.dataset.back || "../";
  const total = Number(root.dataset.minutes || 7) * 60 * 1000;
  const points = slides.filter(s => s.dataset.point).length;
  let current = 0;

  root.classList.add("present--active");
  controls.hidden = false;

  function heading(slide) {
    const h = slide.querySelector("h1, h2");
    return h ? h.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, i) => { slide.hidden = i !== current; });
    root.querySelector('[data-action="previous"]').disabled = current === 0;
    root.querySelector('[data-action="next"]').disabled = current === slides.length - 1;
    position.textContent = `Screen ${current + 1} of ${slides.length}: ${heading(slides[current])}`;
    const point = Number(slides[current].dataset.point || 0);
    // About a minute a point: by the end of point n, about (points - n) minutes should be left.
    pace.textContent = point
      ? `Pace guide: about a minute a point. By the end of point ${point}, about ${Math.max(0, points - point)}:00 left.`
      : "Pace guide: about a minute a point.";
  }

  // --- Timer: counts down from 7:00; announced politely on start, pause, reset and each
  // minute boundary, never every second. It never moves the screens on.
  let left = total;
  let startedAt = null; // performance.now() when running
  let leftAtStart = total;
  let tick = null;

  function format(ms) {
    const seconds = Math.ceil(Math.max(0, ms) / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }
  function spoken(ms) {
    const seconds = Math.ceil(Math.max(0, ms) / 1000);
    const m = Math.floor(seconds / 60), s = seconds % 60;
    const parts = [];
    if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
    if (s || !m) parts.push(`${s} second${s === 1 ? "" : "s"}`);
    return parts.join(" ");
  }
  function say(text) { announce.textContent = text; }
  function update() {
    const before = left;
    if (startedAt !== null) left = leftAtStart - (performance.now() - startedAt);
    clock.textContent = format(left);
    clock.classList.toggle("present__clock--over", left <= 0);
    if (startedAt !== null && before > 0 && left <= 0) {
      say("Seven minutes are up.");
      pause(false);
    } else if (startedAt !== null && Math.ceil(before / 60000) !== Math.ceil(left / 60000)) {
      const minutes = Math.ceil(left / 60000);
      say(`${minutes} minute${minutes === 1 ? "" : "s"} left.`);
    }
  }
  function start() {
    if (left <= 0) left = total;
    startedAt = performance.now();
    leftAtStart = left;
    tick = setInterval(update, 250);
    timerButton.textContent = "Pause timer";
    timerButton.setAttribute("aria-pressed", "true");
    say(`Timer started: ${spoken(left)} left.`);
  }
  function pause(speak = true) {
    update();
    clearInterval(tick);
    startedAt = null;
    timerButton.textContent = "Start timer";
    timerButton.setAttribute("aria-pressed", "false");
    if (speak) say(`Timer paused: ${spoken(left)} left.`);
  }
  function reset() {
    if (startedAt !== null) pause(false);
    left = total;
    update();
    say(`Timer reset to ${spoken(total)}.`);
  }

  timerButton.addEventListener("click", () => (startedAt === null ? start() : pause()));
  root.querySelector('[data-action="reset"]').addEventListener("click", reset);
  root.querySelector('[data-action="previous"]').addEventListener("click", () => show(current - 1));
  root.querySelector('[data-action="next"]').addEventListener("click", () => show(current + 1));

  // --- Keys. A focused button, link or field keeps Space and Enter for itself.
  function backToPage() {
    // The briefing page puts focus back on its "Present this briefing" link (see main.html).
    window.location.assign(`${back}#present-link`);
  }
  document.addEventListener("keydown", event => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
    const pressable = target.closest && target.closest("a, button, summary");
    if (typing || document.querySelector(".md-search__input:focus")) return;
    let handled = true;
    switch (event.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": show(current + 1); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": show(current - 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      case " ":
        if (pressable) { handled = false; break; }
        show(current + (event.shiftKey ? -1 : 1));
        break;
      case "Escape": backToPage(); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  // --- Touch: a horizontal swipe of 50 px or more moves one screen.
  let touchX = null, touchY = null;
  root.addEventListener("touchstart", event => {
    if (event.touches.length !== 1) { touchX = null; return; }
    touchX = event.touches[0].clientX;
    touchY = event.touches[0].clientY;
  }, { passive: true });
  root.addEventListener("touchend", event => {
    if (touchX === null) return;
    const dx = event.changedTouches[0].clientX - touchX;
    const dy = event.changedTouches[0].clientY - touchY;
    touchX = null;
    if (Math.abs(dx) >= 50 && Math.abs(dx) > 2 * Math.abs(dy)) show(current + (dx < 0 ? 1 : -1));
  }, { passive: true });

  show(0);
  update();
})();
