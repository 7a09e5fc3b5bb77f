"""Settings: defaults, precedence, versioned file, bad values."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import (
    SETTINGS_VERSION,
    Config,
    DataFolderError,
    Settings,
    default_data_dir,
    load_config,
    read_settings,
)
from app.settings_check import field_specs, value_problem


def test_defaults_live_in_the_redirected_dirs(tmp_path: Path) -> None:
    cfg = load_config()
    assert "user" in str(cfg.data_dir)  # the autouse fixture's tmp dir
    assert cfg.db_url == f"sqlite:///{(cfg.data_dir / 'anchordesk.db').as_posix()}"
    assert cfg.settings == Settings()


def test_command_line_beats_environment_beats_file(tmp_path: Path, monkeypatch) -> None:
    cfg = load_config()
    cfg.settings.db_url = "sqlite:///from-file.db"
    cfg.save()
    assert load_config().db_url == "sqlite:///from-file.db"
    monkeypatch.setenv("ANCHORDESK_DB", "sqlite:///from-env.db")
    assert load_config().db_url == "sqlite:///from-env.db"
    assert load_config(db_url="sqlite:///from-cli.db").db_url == "sqlite:///from-cli.db"
    assert load_config(data_dir=tmp_path / "d").data_dir == (tmp_path / "d").resolve()


def test_saved_file_is_versioned(tmp_path: Path) -> None:
    cfg = load_config()
    cfg.settings.demo_speed = 2.5
    cfg.save()
    raw = json.loads(cfg.settings_file.read_text(encoding="utf-8"))
    assert raw["version"] == SETTINGS_VERSION
    assert load_config().settings.demo_speed == 2.5


@pytest.mark.parametrize("content", ["{broken", "[1, 2]", '{"demo_speed": "fast"}'])
def test_bad_settings_fall_back_to_defaults(content: str, caplog) -> None:
    cfg = load_config()
    cfg.config_dir.mkdir(parents=True, exist_ok=True)
    cfg.settings_file.write_text(content, encoding="utf-8")
    assert load_config().settings.demo_speed == 1.0
    assert caplog.records, "the problem is logged"


def test_every_setting_has_a_title() -> None:
    titles = Settings.titles()
    assert set(titles) == set(Settings.__dataclass_fields__)
    assert all(t and t != name for name, t in titles.items())


# -- settings never brick the app -----------------------------------------------------------
def write_settings(text: str | bytes) -> Path:
    path = load_config().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def kept_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.broken-*"))


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"version": "abc", "demo_speed": 2.5}', "no valid version number"),
        ('{"version": true}', "no valid version number"),
        ('{"version": 0}', "no valid version number"),
        ("null", "does not hold a JSON object"),
        ("[1, 2]", "does not hold a JSON object"),
        ("{broken", "not valid JSON"),
        (DEEP, "nested too deeply"),
        ('{"a": ' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
        (b"\xff\xfe{}", "not valid JSON"),
    ],
)
def test_an_unusable_file_gives_the_defaults_and_is_kept(
    content: str | bytes, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    write_settings(content)
    cfg = load_config()
    assert cfg.settings == Settings()
    assert len(cfg.problems) == 1 and reason in cfg.problems[0], cfg.problems
    assert [r.getMessage() for r in caplog.records if r.name == "app.config"] == cfg.problems
    assert cfg.settings_kept_as is not None and cfg.settings_kept_as.read_bytes() == (
        content if isinstance(content, bytes) else content.encode("utf-8")
    )


@pytest.mark.parametrize(
    ("field", "literal"),
    [
        ("record_video", '"false"'),
        ("record_video", "0"),
        ("server_port", "Infinity"),
        ("server_port", "-Infinity"),
        ("server_port", "1e400"),
        ("server_port", "NaN"),
        ("server_port", '"8765"'),
        ("server_port", "80"),
        ("server_port", "8765.5"),
        ("camera_fps", "NaN"),
        ("camera_fps", "1" + "0" * 400),  # float(10**400) would overflow
        ("language", '"fr"'),
        ("overlay_card", "null"),
        ("db_url", "[]"),
        ("data_dir", '"a\\u0000b"'),
        ("mic_device", '"\\ud800"'),
        ("retention_days", "true"),
        ("store_batch_size", '{"nested": [[[[[[1]]]]]]}'),
    ],
)
def test_each_invalid_field_falls_back_alone_with_one_warning(
    field: str, literal: str, caplog: pytest.LogCaptureFixture
) -> None:
    text = f'{{"version": 2, "demo_speed": 2.5, "first_run_done": true, "{field}": {literal}}}'
    path = write_settings(text)
    cfg = load_config()
    assert getattr(cfg.settings, field) == getattr(Settings(), field)
    assert (cfg.settings.demo_speed, cfg.settings.first_run_done) == (2.5, True)  # kept
    assert len(cfg.problems) == 1 and cfg.problems[0].startswith(f"setting {field} = ")
    warnings = [r for r in caplog.records if r.name == "app.config"]
    assert len(warnings) == 1 and field in warnings[0].getMessage()
    assert kept_copies(path) == [cfg.settings_kept_as]
    assert cfg.settings_kept_as is not None
    assert cfg.settings_kept_as.read_text(encoding="utf-8") == text
    cfg.save()  # the clean file is written; the user's text stays in the copy
    assert load_config().problems == []
    assert kept_copies(path) == [cfg.settings_kept_as]


def test_the_string_false_is_not_read_as_true() -> None:
    """ "false" is not a boolean: the field keeps its default and the problem is told."""
    write_settings('{"record_video": "false", "record_audio": false}')
    cfg = load_config()
    assert cfg.settings.record_video is Settings().record_video
    assert cfg.settings.record_audio is False
    assert len(cfg.problems) == 1 and cfg.problems[0].startswith("setting record_video = ")


def test_whole_and_plain_numbers_are_accepted_in_the_right_fields() -> None:
    write_settings('{"server_port": 9000.0, "demo_speed": 3, "record_video": true}')
    settings = load_config().settings
    assert settings.server_port == 9000 and type(settings.server_port) is int
    assert settings.demo_speed == 3.0 and type(settings.demo_speed) is float
    assert settings.record_video is True


def test_a_broken_file_is_kept_once_however_often_it_is_loaded() -> None:
    path = write_settings("{broken")
    first = load_config().settings_kept_as
    assert load_config().settings_kept_as == first
    write_settings("{broken differently")
    second = load_config().settings_kept_as
    assert second != first and kept_copies(path) == sorted([first, second])


def test_versions_bom_and_unknown_keys() -> None:
    write_settings('{"version": 1, "demo_speed": 2.0}')
    assert load_config().settings.first_run_done is True  # v1: the app was already used
    write_settings('{"version": 99, "demo_speed": 2.0, "from_the_future": 1}')
    cfg = load_config()
    assert (cfg.settings.demo_speed, cfg.problems) == (2.0, [])
    write_settings("\ufeff" + '{"demo_speed": 4.0}')  # Windows Notepad's BOM
    assert load_config().settings.demo_speed == 4.0


def test_an_unusable_data_folder_setting_falls_back_to_the_default() -> None:
    write_settings('{"data_dir": "~no-such-user-4711/data"}')
    cfg = load_config()
    assert cfg.data_dir_from == "environment"  # the test's ANCHORDESK_DATA_DIR wins anyway


def test_an_unusable_data_folder_gives_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANCHORDESK_DATA_DIR")
    write_settings('{"data_dir": "~no-such-user-4711/data"}')
    cfg = load_config()
    assert cfg.data_dir == default_data_dir().resolve() and cfg.data_dir_from == "default"
    assert len(cfg.problems) == 1 and "~no-such-user-4711/data" in cfg.problems[0]


def test_origins_of_the_folder_and_database(tmp_path: Path, monkeypatch) -> None:
    cfg = load_config()
    assert (cfg.data_dir_from, cfg.db_url_from) == ("environment", "default")
    cfg.settings.db_url = "sqlite:///from-file.db"
    cfg.save()
    assert load_config().db_url_from == "settings"
    monkeypatch.setenv("ANCHORDESK_DB", "sqlite:///env.db")
    assert load_config().db_url_from == "environment"
    cli = load_config(data_dir=tmp_path, db_url="sqlite:///cli.db")
    assert (cli.data_dir_from, cli.db_url_from) == ("command line", "command line")


def test_use_local_database_clears_the_setting_and_wins_this_run(monkeypatch) -> None:
    cfg = load_config()
    cfg.settings.db_url = "nope://"
    cfg.save()
    monkeypatch.setenv("ANCHORDESK_DB", "postgresql://x@127.0.0.1:1/none")
    cfg = load_config()
    cfg.use_local_database()
    assert cfg.db_url == cfg.local_db_url and cfg.db_url_from == "chosen"
    assert json.loads(cfg.settings_file.read_text(encoding="utf-8"))["db_url"] == ""
    cfg.reload()  # e.g. Settings saved afterwards: the choice stays
    assert cfg.db_url == cfg.local_db_url


def test_reload_updates_in_place_and_keeps_the_command_line(tmp_path: Path) -> None:
    write_settings('{"record_video": "false"}')
    cfg = load_config(db_url="sqlite:///cli.db")
    held = cfg
    problems = list(cfg.problems)
    cfg.settings.demo_speed = 7.0
    cfg.save()
    cfg.reload()
    assert held.settings.demo_speed == 7.0 and held.db_url == "sqlite:///cli.db"
    assert held.problems == problems  # still worth telling at start


def test_use_default_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ANCHORDESK_DATA_DIR", str(blocker / "data"))
    cfg = load_config()
    with pytest.raises(DataFolderError, match="cannot use the data folder"):
        cfg.ensure_dirs()
    cfg.use_default_data_folder()
    assert cfg.data_dir == default_data_dir().resolve()
    assert cfg.db_url == cfg.local_db_url
    cfg.ensure_dirs()


# -- property: any file content loads, and every field ends valid -----------------------------
FIELD_NAMES = [spec.name for spec in field_specs()]
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
SETTINGS_LIKE = st.dictionaries(
    st.sampled_from([*FIELD_NAMES, "version"]) | st.text(max_size=8), JSON_VALUES, max_size=12
)
SETTINGS_BYTES = SETTINGS_LIKE.map(
    lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")
)
FILE_BYTES = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    SETTINGS_BYTES,  # twice: objects keyed by the real fields are the interesting case
    SETTINGS_BYTES,
)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=FILE_BYTES)
def test_any_settings_file_loads_and_every_field_is_valid(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(data)
        loaded = read_settings(path)
        for spec in field_specs():
            assert value_problem(spec, getattr(loaded.settings, spec.name)) is None, spec.name
            assert type(getattr(loaded.settings, spec.name)) is spec.kind
        if loaded.problems:
            assert loaded.kept_as is not None and loaded.kept_as.read_bytes() == data
        cfg = Config(loaded.settings, Path(folder), Path(folder) / "data", "sqlite://")
        cfg.save()  # what was kept can always be written back
        assert read_settings(path).problems == []
