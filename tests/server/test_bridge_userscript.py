"""Runs the userscript's node tests (extraction on saved page fragments) when node exists."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from app.paths import RESOURCES

BRIDGE = RESOURCES / "bridge"


def test_userscript_extraction_under_node() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; run: node --test resources/bridge/test/bridge.test.js")
    result = subprocess.run(
        [node, "--test", str(BRIDGE / "test" / "bridge.test.js")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout


def test_userscript_header_allows_the_local_server() -> None:
    text = (BRIDGE / "anchordesk-bridge.user.js").read_text(encoding="utf-8")
    assert "// @connect      127.0.0.1" in text and "GM_xmlhttpRequest" in text
    assert "/api/events" in text and "Authorization: `Bearer ${cfg.token}`" in text


def test_events_the_bridge_builds_are_accepted_by_the_server() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = """
const fs = require("fs"), path = require("path");
const { parseHTML } = require(path.join(process.argv[1], "test", "minidom.js"));
const bridge = require(path.join(process.argv[1], "anchordesk-bridge.user.js"));
const out = [];
const samples = [["douyin_sample.html", "douyin-buyin"], ["tiktok_sample.html", "tiktok-live"]];
for (const [file, name] of samples) {
  const doc = parseHTML(fs.readFileSync(path.join(process.argv[1], "test", file), "utf8"));
  const profile = bridge.PROFILES.find((p) => p.name === name);
  out.push(...bridge.collect(doc, profile, bridge.makeDeduper(5000), Date.now()));
}
process.stdout.write(JSON.stringify(out));
"""
    result = subprocess.run(
        [node, "-e", script, str(BRIDGE)], capture_output=True, text=True, timeout=60, check=True
    )
    from app.server.ingest import IngestGate

    published: list[object] = []
    gate = IngestGate(published.append, lambda: 0)
    answer = gate.submit(result.stdout, "bridge")
    assert answer == {"accepted": 5, "duplicates": [], "received": 5}
    assert {e.platform for e in published} == {"douyin", "tiktok"}
