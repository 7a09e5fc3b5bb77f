// AnchorDesk overlay helper, shared by every page in resources/overlays/.
// Usage in a page:  <script src="../_lib/anchordesk.js"></script>
//                   AnchorDesk.connect(items => { for (const it of items) ... });
// The page URL carries the token (?token=...), copied from Live ▸ Connections in the app.
// Items are JSON objects with a "kind" ("comment", "highlight", ...), delivered in arrays.
(function () {
  "use strict";
  const params = new URLSearchParams(window.location.search);

  function socketUrl() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const token = encodeURIComponent(params.get("token") || "");
    return `${scheme}//${window.location.host}/overlay/ws?token=${token}`;
  }

  // Connects and reconnects with back-off (1 s doubling to 15 s) so that an overlay left
  // in OBS comes back by itself when AnchorDesk restarts.
  function connect(onItems, onState) {
    let delay = 1000;
    const state = onState || function () {};
    function open() {
      const ws = new WebSocket(socketUrl());
      ws.onopen = () => { delay = 1000; state("open"); };
      ws.onmessage = (msg) => {
        let data;
        try { data = JSON.parse(msg.data); } catch (e) { return; }
        onItems(Array.isArray(data) ? data : [data]);
      };
      ws.onclose = () => {
        state("closed");
        setTimeout(open, delay);
        delay = Math.min(delay * 2, 15000);
      };
    }
    open();
  }

  function param(name, fallback) {
    const value = params.get(name);
    return value === null || value === "" ? fallback : value;
  }

  window.AnchorDesk = { connect, param, params };
})();
