// Comment ticker: the latest `max` comments at the bottom, each shown for `hold` seconds;
// "highlight" items (the host's "show on stream") appear as a large bubble at the top.
(function () {
  "use strict";
  const max = Number(AnchorDesk.param("max", 6));
  const holdMs = Number(AnchorDesk.param("hold", 20)) * 1000;
  const bubbleMs = Number(AnchorDesk.param("bubble", 8)) * 1000;
  const list = document.getElementById("ticker");
  const bubble = document.getElementById("highlight");
  const offline = document.getElementById("offline");
  let bubbleTimer = null;

  function line(item) {
    const li = document.createElement("li");
    if (item.intent) li.className = String(item.intent).split(":")[0];
    const user = document.createElement("span");
    user.className = "user";
    user.textContent = item.user || "";
    const text = document.createElement("span");
    text.textContent = item.text || "";  // textContent: comments are never parsed as HTML
    li.append(user, text);
    return li;
  }

  function addComment(item) {
    const li = line(item);
    list.appendChild(li);
    while (list.children.length > max) list.removeChild(list.firstChild);
    setTimeout(() => li.classList.add("fading"), holdMs);
    setTimeout(() => li.remove(), holdMs + 700);
  }

  function showHighlight(item) {
    bubble.querySelector(".user").textContent = item.user || "";
    bubble.querySelector(".text").textContent = item.text || "";
    bubble.classList.remove("hidden");
    clearTimeout(bubbleTimer);
    bubbleTimer = setTimeout(() => bubble.classList.add("hidden"), bubbleMs);
  }

  AnchorDesk.connect(
    (items) => {
      for (const item of items) {
        if (item.kind === "comment") addComment(item);
        else if (item.kind === "highlight") showHighlight(item);
      }
    },
    (state) => offline.classList.toggle("hidden", state === "open"),
  );
})();
