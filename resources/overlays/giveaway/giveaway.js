// Giveaway: "open" items show the keyword, the entrant count and the countdown (the app
// sends the time left, so the page counts on its own clock); "closed" shows "drawing";
// "drawn" shows the winners for `hold` seconds; "cancelled" hides the box.
(function () {
  "use strict";
  const hold = Math.max(5, Number(AnchorDesk.param("hold", 30))) * 1000;
  const box = document.getElementById("giveaway");
  const offline = document.getElementById("offline");
  const $ = (sel) => box.querySelector(sel);
  let end = 0;
  let duration = 1;
  let timer = null;
  let hideTimer = null;

  // How long ago the app sent an item: the backlog a reloaded page gets can be old. The
  // page usually runs on the app's computer (same clock); a clock behind the app's, or an
  // item without the time, counts as just sent.
  function age(item) {
    const sent = Number(item.sent_at || 0);
    return sent > 0 ? Math.max(0, Date.now() - sent) : 0;
  }

  function clock(ms) {
    const s = Math.ceil(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }

  function stopTimer() {
    clearInterval(timer);
    timer = null;
  }

  function hide() {
    stopTimer();
    clearTimeout(hideTimer);
    box.classList.add("hidden");
  }

  function tick() {
    const left = Math.max(0, end - Date.now());
    $(".timer").textContent = clock(left);
    $(".fill").style.width = `${(100 * left) / duration}%`;
    if (left <= 0) { stopTimer(); drawing(); }
  }

  function phase(name) {
    for (const sel of [".timer", ".bar"]) $(sel).classList.toggle("hidden", name !== "open");
    $(".drawing").classList.toggle("hidden", name !== "closed");
    $(".result").classList.toggle("hidden", name !== "drawn");
    box.classList.remove("hidden");
  }

  function drawing() { phase("closed"); }

  function common(item) {
    clearTimeout(hideTimer);
    $(".keyword").textContent = item.keyword || "";  // textContent: never parsed as HTML
    $(".entrants").textContent = String(item.entrants || 0);
  }

  function open(item) {
    common(item);
    duration = Math.max(1, Number(item.duration_ms || 1));
    end = Date.now() + Number(item.remaining_ms || 0) - age(item);
    phase("open");
    if (!timer) timer = setInterval(tick, 200);
    tick();
  }

  function drawn(item) {
    const shown = age(item);
    if (shown >= hold) { hide(); return; }  // a draw long past: not news any more
    common(item);
    stopTimer();
    const list = $(".winners");
    list.replaceChildren();
    for (const winner of item.winners || []) {
      const li = document.createElement("li");
      li.textContent = `🎉 ${winner}`;
      list.appendChild(li);
    }
    $(".seed").textContent = item.seed === null || item.seed === undefined ? "" : `seed ${item.seed}`;
    phase("drawn");
    hideTimer = setTimeout(hide, hold - shown);
  }

  AnchorDesk.connect(
    (items) => {
      for (const item of items) {
        if (item.kind !== "giveaway") continue;
        if (item.state === "open") open(item);
        else if (item.state === "closed") { common(item); stopTimer(); drawing(); }
        else if (item.state === "drawn") drawn(item);
        else hide();
      }
    },
    (state) => offline.classList.toggle("hidden", state === "open"),
  );
})();
