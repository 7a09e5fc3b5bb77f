// Live captions: "caption" items from the app. Partial items replace the live line;
// a final item becomes a line that fades after `hold` seconds (at most `lines` kept).
(function () {
  "use strict";
  const maxLines = Number(AnchorDesk.param("lines", 2));
  const holdMs = Number(AnchorDesk.param("hold", 6)) * 1000;
  const finals = document.getElementById("finals");
  const partial = document.getElementById("partial");
  const offline = document.getElementById("offline");

  function addFinal(text) {
    const div = document.createElement("div");
    div.className = "line";
    div.textContent = text;  // textContent: speech is never parsed as HTML
    finals.appendChild(div);
    while (finals.children.length > maxLines) finals.removeChild(finals.firstChild);
    setTimeout(() => div.classList.add("fading"), holdMs);
    setTimeout(() => div.remove(), holdMs + 600);
  }

  AnchorDesk.connect(
    (items) => {
      for (const item of items) {
        if (item.kind !== "caption" || !item.text) continue;
        if (item.final) {
          partial.classList.add("hidden");
          addFinal(item.text);
        } else {
          partial.textContent = item.text;
          partial.classList.remove("hidden");
        }
      }
    },
    (state) => offline.classList.toggle("hidden", state === "open"),
  );
})();
