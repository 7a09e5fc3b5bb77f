// Product card: follows "product" items (the on-air product), "stock" and "flash_sale".
(function () {
  "use strict";
  const low = Number(AnchorDesk.param("low", 10));
  const card = document.getElementById("card");
  const offline = document.getElementById("offline");
  const $ = (sel) => card.querySelector(sel);
  let current = null;
  let flashEnd = 0;
  let flashTimer = null;

  function money(value) {
    return value === null || value === undefined ? "" : "¥" + Number(value).toFixed(2);
  }

  function showStock(stock) {
    const el = $(".stock");
    el.className = "stock" + (stock <= 0 ? " out" : stock <= low ? " low" : "");
    el.textContent = stock <= 0 ? "已售罄 Sold out" : stock <= low ? `仅剩 ${stock} 件 · only ${stock} left` : `库存 ${stock}`;
  }

  function showPhoto(path) {
    const img = $(".photo");
    if (!path) { img.classList.add("hidden"); img.removeAttribute("src"); return; }
    img.onload = () => img.classList.remove("hidden");
    img.onerror = () => img.classList.add("hidden");  // a missing file: text-only card
    img.src = `${path}?token=${encodeURIComponent(AnchorDesk.param("token", ""))}`;
  }

  function showProduct(item) {
    current = item.sku ? item : null;
    card.classList.toggle("hidden", !current);
    if (!current) return;
    showPhoto(item.image);
    $(".name").textContent = item.name || item.sku;  // textContent: never parsed as HTML
    $(".name-en").textContent = item.name_en && item.name_en !== item.name ? item.name_en : "";
    $(".sale").textContent = money(item.sale_price);
    $(".was").textContent = item.sale_price < item.price ? money(item.price) : "";
    showStock(item.stock);
  }

  function tick() {
    const left = Math.max(0, flashEnd - Date.now());
    const s = Math.ceil(left / 1000);
    $(".flash .left").textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    if (left <= 0) stopFlash();
  }

  function stopFlash() {
    clearInterval(flashTimer);
    flashTimer = null;
    $(".flash").classList.add("hidden");
    if (current) $(".sale").textContent = money(current.sale_price);
  }

  function flash(item) {
    if (!current || item.sku !== current.sku) return;
    if (item.state !== "started") { stopFlash(); return; }
    flashEnd = Date.now() + Number(item.remaining_ms || 0);
    $(".sale").textContent = money(item.price);
    $(".was").textContent = money(item.was_price);
    $(".flash").classList.remove("hidden");
    clearInterval(flashTimer);
    flashTimer = setInterval(tick, 250);
    tick();
  }

  AnchorDesk.connect(
    (items) => {
      for (const item of items) {
        if (item.kind === "product") showProduct(item);
        else if (item.kind === "stock" && current && item.sku === current.sku) showStock(item.stock);
        else if (item.kind === "flash_sale") flash(item);
      }
    },
    (state) => offline.classList.toggle("hidden", state === "open"),
  );
})();
