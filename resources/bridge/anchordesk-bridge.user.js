// ==UserScript==
// @name         AnchorDesk comment bridge
// @namespace    https://github.com/anchordesk
// @version      0.1.0
// @description  Sends the comments shown in a live console (Douyin, TikTok LIVE, ...) to AnchorDesk on this computer.
// @match        https://buyin.jinritemai.com/*
// @match        https://live.douyin.com/*
// @match        https://www.tiktok.com/*
// @match        https://livecenter.tiktok.com/*
// @grant        GM_xmlhttpRequest
// @grant        GM_getValue
// @grant        GM_setValue
// @grant        GM_registerMenuCommand
// @connect      127.0.0.1
// @connect      localhost
// @run-at       document-idle
// ==/UserScript==
//
// How it works: a MutationObserver notices changes in the page; the comment list is then
// scanned with the CSS selectors of the matching profile below; new comments get an id once
// and are posted in batches to AnchorDesk's ingest server (POST /api/events, with the token
// from Live ▸ Connections). A batch that cannot be delivered is kept and retried, and the
// server drops anything it has already received, so nothing is lost or doubled.
//
// Platforms change their pages: when comments stop arriving, open DevTools on a comment,
// find stable attributes/classes and edit the profile (or add your own) below.
(function (root) {
  "use strict";

  // -- configuration ----------------------------------------------------------------------
  const DEFAULTS = {
    server: "http://127.0.0.1:8765",
    token: "",            // paste from AnchorDesk: Live ▸ Connections (or use the menu command)
    batchMs: 500,         // send at most twice a second
    maxBatch: 200,        // events per request (the server accepts up to 1000)
    maxQueue: 5000,       // comments kept while AnchorDesk is unreachable
    sendExisting: false,  // also send the comments already on screen when the page loads
  };

  // A profile says where comments are on one site. Selectors are examples taken from the
  // consoles' markup and use attribute/partial-class matches because class names are hashed.
  const PROFILES = [
    {
      name: "douyin-buyin", // 巨量百应 live control console (buyin.jinritemai.com)
      platform: "douyin",
      host: /(^|\.)buyin\.jinritemai\.com$/,
      list: '[class*="comment-list"], [class*="commentList"]',
      item: '[class*="comment-item"], [class*="commentItem"]',
      user: '[class*="nickname"], [class*="user-name"]',
      text: '[class*="content"], [class*="comment-text"]',
      id: "data-id",
    },
    {
      name: "douyin-web", // 抖音直播 web room / 直播伴侣 web console (live.douyin.com)
      platform: "douyin",
      host: /(^|\.)live\.douyin\.com$/,
      list: '[class*="webcast-chatroom___list"]',
      item: '[class*="webcast-chatroom___item"]',
      user: '[class*="u2QdU6ht"], [class*="nickname"]',
      text: '[class*="webcast-chatroom___content-with-emoji-text"], [class*="content"]',
      id: "data-id",
    },
    {
      name: "tiktok-live", // TikTok LIVE web room and LIVE Center
      platform: "tiktok",
      host: /(^|\.)(www|livecenter)\.tiktok\.com$/,
      list: '[data-e2e="chat-room"], [class*="ChatRoomContainer"]',
      item: '[data-e2e="chat-message"]',
      user: '[data-e2e="message-owner-name"]',
      text: '[class*="CommentText"], [data-e2e="chat-message-text"]',
      id: "data-id",
    },
  ];

  // -- pure helpers (unit-tested with node: resources/bridge/test) ------------------------
  function clean(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  function textOf(el, selector) {
    if (!selector) return clean(el.textContent);
    const found = el.querySelector(selector);
    return found ? clean(found.textContent) : "";
  }

  // Reads every comment element under `container`: [{el, user, text, nativeId}].
  function extractComments(container, profile) {
    const out = [];
    for (const el of container.querySelectorAll(profile.item)) {
      let user = textOf(el, profile.user).replace(/[：:]\s*$/, "");
      let text = textOf(el, profile.text);
      if (!text) continue;
      if (user && text.startsWith(user)) text = clean(text.slice(user.length).replace(/^[：:]/, ""));
      const nativeId = profile.id ? el.getAttribute(profile.id) : null;
      out.push({ el, user, text, nativeId: nativeId || null });
    }
    return out;
  }

  function hash(text) {
    let h = 5381;
    for (let i = 0; i < text.length; i++) h = ((h << 5) + h + text.charCodeAt(i)) >>> 0;
    return h.toString(36);
  }

  // Remembers elements (and native ids) already sent: virtualised lists re-render the same
  // comment into new elements, so a (user, text) seen within `windowMs` is a re-render too.
  function makeDeduper(windowMs) {
    const seenEls = typeof WeakSet === "function" ? new WeakSet() : new Set();
    const recent = new Map();
    return function isNew(comment, now) {
      if (seenEls.has(comment.el)) return false;
      seenEls.add(comment.el);
      const key = comment.nativeId ? `id:${comment.nativeId}` : `${comment.user}\u0000${comment.text}`;
      const last = recent.get(key);
      recent.set(key, now);
      if (recent.size > 2000) {
        for (const [k, t] of recent) if (now - t > windowMs) recent.delete(k);
      }
      return last === undefined || (!comment.nativeId && now - last > windowMs);
    };
  }

  let counter = 0;
  function toEvent(comment, profile, now) {
    const id = comment.nativeId || `${hash(comment.user + "\u0000" + comment.text)}-${now.toString(36)}-${(counter++).toString(36)}`;
    return { type: "comment", id: `${profile.name}-${id}`, platform: profile.platform, user: comment.user.slice(0, 200), text: comment.text.slice(0, 2000) };
  }

  // What to do with the queue after the server answered a batch (the first `sent` items).
  // 200: delivered. 400 with an index: drop only that event, resend the rest. 413: smaller
  // batches. 401/429/5xx/offline: keep everything and retry later. Other 4xx: drop.
  function afterSend(queue, sent, status, body) {
    let answer = {};
    try { answer = JSON.parse(body || "{}"); } catch (e) { answer = {}; }
    if (status === 200) {
      queue.splice(0, sent);
      return { retry: false };
    }
    if (status === 400 && Number.isInteger(answer.index) && answer.index < sent) {
      const [bad] = queue.splice(answer.index, 1);
      return { retry: false, warn: `dropped an invalid comment (${answer.error}): ${JSON.stringify(bad)}` };
    }
    if (status === 413 && sent > 1) return { retry: false, maxBatch: Math.ceil(sent / 2) };
    if (status === 401) return { retry: true, warn: "wrong token: set it from the menu 'AnchorDesk: set token'" };
    if (status === 429 || status === 0 || status >= 500) return { retry: true, warn: `will retry (${status}: ${answer.error || body})` };
    queue.splice(0, sent);
    return { retry: false, warn: `batch refused (${status}: ${answer.error || body})` };
  }

  function profileFor(hostname, profiles) {
    return (profiles || PROFILES).find((p) => p.host.test(hostname)) || null;
  }

  // Collects new comments from `container`; returns the events to send.
  function collect(container, profile, isNew, now) {
    return extractComments(container, profile)
      .filter((c) => isNew(c, now))
      .map((c) => toEvent(c, profile, now));
  }

  // -- browser side -------------------------------------------------------------------------
  function settings() {
    const get = typeof GM_getValue === "function" ? GM_getValue : (k, d) => d;
    const out = {};
    for (const key of Object.keys(DEFAULTS)) out[key] = get(key, DEFAULTS[key]);
    return out;
  }

  function registerMenu() {
    if (typeof GM_registerMenuCommand !== "function") return;
    GM_registerMenuCommand("AnchorDesk: set token", () => {
      const value = prompt("AnchorDesk token (Live ▸ Connections):", settings().token);
      if (value !== null) GM_setValue("token", value.trim());
    });
    GM_registerMenuCommand("AnchorDesk: set server address", () => {
      const value = prompt("AnchorDesk server:", settings().server);
      if (value !== null) GM_setValue("server", value.trim().replace(/\/+$/, ""));
    });
  }

  function post(cfg, events, done) {
    GM_xmlhttpRequest({
      method: "POST",
      url: `${cfg.server}/api/events`,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${cfg.token}`, "X-Client-Id": "bridge" },
      data: JSON.stringify(events),
      timeout: 10000,
      onload: (r) => done(r.status, r.responseText),
      onerror: () => done(0, "AnchorDesk not reachable"),
      ontimeout: () => done(0, "timeout"),
    });
  }

  function start() {
    const profile = profileFor(location.hostname);
    if (!profile) return;
    registerMenu();
    const cfg = settings();
    const isNew = makeDeduper(5000);
    const queue = [];
    let sending = false;
    let backoff = cfg.batchMs;
    let dropped = 0;

    if (!cfg.sendExisting) collect(document, profile, isNew, Date.now()); // mark as seen

    function scan() {
      const container = document.querySelector(profile.list) || document;
      for (const ev of collect(container, profile, isNew, Date.now())) queue.push(ev);
      if (!sending && queue.length > cfg.maxQueue) dropped += queue.splice(0, queue.length - cfg.maxQueue).length;
    }

    function flush() {
      if (sending || !queue.length) return setTimeout(flush, backoff);
      if (!cfg.token) {
        console.warn("[AnchorDesk] no token: use the Tampermonkey menu 'AnchorDesk: set token'");
        return setTimeout(flush, 5000);
      }
      const batch = queue.slice(0, cfg.maxBatch);
      sending = true;
      post(cfg, batch, (status, body) => {
        sending = false;
        const verdict = afterSend(queue, batch.length, status, body);
        if (verdict.maxBatch) cfg.maxBatch = verdict.maxBatch;
        if (verdict.warn) console.warn("[AnchorDesk]", verdict.warn, dropped ? `(${dropped} dropped: queue full)` : "");
        backoff = verdict.retry ? Math.min(backoff * 2, 15000) : cfg.batchMs;
        setTimeout(flush, backoff);
      });
    }

    let pending = false;
    new MutationObserver(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => { pending = false; scan(); }, 150);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    setTimeout(flush, cfg.batchMs);
    console.info(`[AnchorDesk] bridge active (${profile.name}) -> ${cfg.server}`);
  }

  const api = { PROFILES, DEFAULTS, clean, extractComments, makeDeduper, toEvent, profileFor, collect, hash, afterSend };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else start();
})(this);
