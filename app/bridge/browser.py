"""Which installed browser the bridge drives, and where each account's profile lives.

Never a downloaded browser build: on Linux the installed Chromium (or Chrome/Edge) by its
executable; on Windows and macOS Playwright's ``channel`` for the installed Chrome or Edge.
``ANCHORDESK_BROWSER`` overrides the choice (a path to an executable, or ``chrome`` /
``msedge`` / ``chromium``). Each platform account gets its own persistent profile under
``<data folder>/browser/<platform>-<account>``, so a login survives restarts.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message

BROWSER_ENV = "ANCHORDESK_BROWSER"
HEADLESS_ENV = "ANCHORDESK_BRIDGE_HEADLESS"
_LINUX_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
)
_CHANNELS = ("chrome", "msedge", "chrome-beta", "msedge-beta")

NO_BROWSER = QT_TRANSLATE_NOOP(
    "Messages",
    "No Chrome, Edge or Chromium was found. Install one (Linux: sudo apt install chromium), "
    "or set ANCHORDESK_BROWSER to its path.",
)
NO_PLAYWRIGHT = QT_TRANSLATE_NOOP(
    "Messages",
    "The browser bridge is not installed: pip install 'anchordesk[bridge]' (Playwright and "
    "protobuf). The show runs on without {platform}.",
)


class BrowserMissing(UserError):
    """No usable browser on this computer; ``message`` says what to install."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def launch_options(env: dict[str, str] | None = None) -> dict[str, Any]:
    """``executable_path=...`` or ``channel=...`` for Playwright's chromium launcher."""
    env = dict(os.environ) if env is None else env
    chosen = env.get(BROWSER_ENV, "").strip()
    if chosen:
        if chosen in _CHANNELS:
            return {"channel": chosen}
        path = shutil.which(chosen) or chosen
        if Path(path).is_file():
            return {"executable_path": str(path)}
        raise BrowserMissing(Message(NO_BROWSER, {}))
    if sys.platform.startswith("linux"):
        for name in _LINUX_NAMES:
            found = shutil.which(name)
            if found:
                return {"executable_path": found}
        raise BrowserMissing(Message(NO_BROWSER, {}))
    if sys.platform == "win32":  # Edge ships with Windows; prefer Chrome when present
        roots = [env.get(k, "") for k in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
        chrome = any(Path(r, "Google/Chrome/Application/chrome.exe").is_file() for r in roots if r)
        return {"channel": "chrome" if chrome else "msedge"}
    if Path("/Applications/Google Chrome.app").exists():
        return {"channel": "chrome"}
    if Path("/Applications/Microsoft Edge.app").exists():
        return {"channel": "msedge"}
    raise BrowserMissing(Message(NO_BROWSER, {}))


def headless_default(env: dict[str, str] | None = None) -> bool:
    """A visible window (platforms trust it more, and a captcha can be solved in it) unless
    ``ANCHORDESK_BRIDGE_HEADLESS=1`` or a Linux session without a display (a server)."""
    env = dict(os.environ) if env is None else env
    chosen = env.get(HEADLESS_ENV, "").strip().lower()
    if chosen:
        return chosen in ("1", "true", "yes")
    no_display = not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return sys.platform.startswith("linux") and no_display


def profile_dir(data_dir: Path, platform: str, account: str = "default") -> Path:
    """The persistent browser profile of one platform account (created when first used)."""
    safe = re.sub(r"[^\w.-]+", "_", account.strip() or "default")[:64]
    return data_dir / "browser" / f"{platform}-{safe}"


def launch(playwright: Any, user_data_dir: Path, *, headless: bool) -> Any:
    """A persistent browser context on ``user_data_dir`` in the installed browser."""
    user_data_dir.mkdir(parents=True, exist_ok=True)
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        headless=headless,
        args=[
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-timer-throttling",
        ],
        **launch_options(),
    )


def open_login_window(url: str, user_data_dir: Path, *, timeout_s: float = 1800.0) -> None:
    """Show ``url`` in a visible window on the account's profile until the user closes it.

    Blocking: call it on a worker thread. The login stays in the profile for the bridge.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = launch(pw, user_data_dir, headless=False)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_event("close", timeout=timeout_s * 1000)
        finally:
            context.close()
