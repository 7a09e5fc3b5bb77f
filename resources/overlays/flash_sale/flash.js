// Flash-sale countdown: shown from "started" until the timer reaches zero, "ended" or
// "cancelled". The app sends the time left, so the page counts on its own clock.
(function () {
  "use strict";
  const box = document.getElementById("flash");
  const offline = document.getElementById("offline");
  const $ = (sel) => box.querySelector(sel);
  let end = 0;
  let duration = 1;
  let timer = null;

  function money(value) {
    return value === null || value === undefined ? "" : "¥" + Number(value).toFixed(2);
  }

  function hide() {
    clearInterval(timer);
    timer = null;
    box.classList.add("hidden");
  }

  function tick() {
    const left = Math.max(0, end - Date.now());
    const s = Math.ceil(left / 1000);
    $(".timer").textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    $(".fill").style.width = `${(100 * left) / duration}%`;
    if (left <= 0) hide();
  }

  function start(item) {
    duration = Math.max(1, Number(item.duration_ms || 1));
    end = Date.now() + Number(item.remaining_ms || 0);
    $(".name").textContent = item.name || item.sku;  // textContent: never parsed as HTML
    $(".price").textContent = money(item.price);
    $(".was").textContent = item.was_price > item.price ? money(item.was_price) : "";
    box.classList.remove("hidden");
    clearInterval(timer);
    timer = setInterval(tick, 200);
    tick();
  }

  AnchorDesk.connect(
    (items) => {
      for (const item of items) {
        if (item.kind !== "flash_sale") continue;
        if (item.state === "started") start(item);
        else hide();
      }
    },
    (state) => offline.classList.toggle("hidden", state === "open"),
  );
})();
