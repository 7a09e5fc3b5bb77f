// node --test resources/bridge/test : the userscript's extraction on saved page fragments.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { parseHTML } = require("./minidom.js");
const bridge = require("../anchordesk-bridge.user.js");

const page = (name) => parseHTML(fs.readFileSync(path.join(__dirname, name), "utf8"));
const profile = (name) => bridge.PROFILES.find((p) => p.name === name);

test("minidom selectors", () => {
  const doc = parseHTML('<div class="a b" id="x"><p data-k="v1">hi <b>there</b></p><p>x</p></div>');
  assert.equal(doc.querySelectorAll("div.a.b > p").length, 2);
  assert.equal(doc.querySelector('[data-k^="v"]').textContent, "hi there");
  assert.equal(doc.querySelectorAll('#x [data-k="nope"], b').length, 1);
});

test("profiles are chosen by host name", () => {
  assert.equal(bridge.profileFor("buyin.jinritemai.com").name, "douyin-buyin");
  assert.equal(bridge.profileFor("live.douyin.com").platform, "douyin");
  assert.equal(bridge.profileFor("www.tiktok.com").platform, "tiktok");
  assert.equal(bridge.profileFor("evil-tiktok.com.example"), null);
});

test("douyin console: users, texts, native ids; empty comments skipped", () => {
  const items = bridge.extractComments(page("douyin_sample.html"), profile("douyin-buyin"));
  assert.deepEqual(
    items.map(({ user, text, nativeId }) => [user, text, nativeId]),
    [
      ["小鹿", "这个口红显白吗？", "7301"],
      ["阿明", "扣1 & 想要", "7302"],
      ["Lily", "有 S 码吗", null],
    ],
  );
});

test("tiktok live: data-e2e selectors; gifts are not comments", () => {
  const items = bridge.extractComments(page("tiktok_sample.html"), profile("tiktok-live"));
  assert.deepEqual(items.map((c) => [c.user, c.text]), [
    ["amy_shop", "link please!"],
    ["bob", "how much is shipping to 🇩🇪?"],
  ]);
});

test("collect de-duplicates re-scans and re-rendered elements, events match the schema", () => {
  const doc = page("douyin_sample.html");
  const p = profile("douyin-buyin");
  const isNew = bridge.makeDeduper(5000);
  const first = bridge.collect(doc, p, isNew, 1000);
  assert.equal(first.length, 3);
  assert.deepEqual(first[0], { type: "comment", id: "douyin-buyin-7301", platform: "douyin", user: "小鹿", text: "这个口红显白吗？" });
  assert.match(first[2].id, /^douyin-buyin-[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/);
  assert.equal(bridge.collect(doc, p, isNew, 1500).length, 0); // same elements again
  const rerendered = page("douyin_sample.html"); // new elements, same comments
  assert.equal(bridge.collect(rerendered, p, isNew, 2000).length, 0);
  const later = page("douyin_sample.html");
  const again = bridge.collect(later, p, isNew, 9000); // same words much later: a new comment
  assert.deepEqual(again.map((e) => e.text), ["有 S 码吗"]); // native ids never repeat
  assert.notEqual(again[0].id, first[2].id);
});

test("afterSend keeps, trims or drops the queue by status", () => {
  const q = () => ["a", "b", "c", "d"];
  let queue = q();
  assert.deepEqual(bridge.afterSend(queue, 3, 200, '{"accepted":3}'), { retry: false });
  assert.deepEqual(queue, ["d"]);
  queue = q();
  const bad = bridge.afterSend(queue, 3, 400, '{"error":"x","index":1}');
  assert.deepEqual(queue, ["a", "c", "d"]);
  assert.equal(bad.retry, false);
  for (const status of [0, 401, 429, 503]) {
    queue = q();
    assert.equal(bridge.afterSend(queue, 3, status, "").retry, true);
    assert.deepEqual(queue, q());
  }
  queue = q();
  assert.equal(bridge.afterSend(queue, 4, 413, "{}").maxBatch, 2);
  assert.deepEqual(queue, q());
});
