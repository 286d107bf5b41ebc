"""Settings file, HCPAY_* overrides, the offline snapshot, and the `hcpay config`/`logout`
commands as a member would run them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hcpay import cache, paths
from hcpay.cli import main
from hcpay.client_settings import ClientSettings
from hcpay.config import (
    ConfigError,
    config_path,
    load_settings,
    startup_settings,
    update_config,
)

FIELDS = tuple(ClientSettings.model_fields)


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("HCPAY_HOME", str(tmp_path))
    for name in list(os.environ):
        if name.startswith("HCPAY_") and name not in ("HCPAY_HOME", "HCPAY_TEST_DATABASE_URL"):
            monkeypatch.delenv(name)
    yield tmp_path


def test_settings_come_from_the_file_and_the_environment_wins(
    own_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config_path() == own_home / "config" / "config.toml"
    assert load_settings().portal_url is None  # nothing configured: the embedded portal
    update_config(portal_url="https://portal.example", username="ana", theme="ansi-dark",
                  key_map={"pay": "ctrl+p"})
    settings = load_settings()
    assert settings.portal_url == "https://portal.example"
    assert settings.credentials_portal == "https://portal.example"
    assert settings.key_map == {"pay": "ctrl+p"}
    monkeypatch.setenv("HCPAY_THEME", "ansi-light")
    monkeypatch.setenv("HCPAY_INSECURE_STORAGE", "1")
    settings = load_settings()
    assert settings.theme == "ansi-light" and settings.insecure_storage is True
    assert load_settings(portal_url="http://127.0.0.1:9000").portal_url == "http://127.0.0.1:9000"
    update_config(username=None)  # forgetting the username keeps the rest
    text = config_path().read_text()
    assert "username" not in text and "ansi-dark" in text and "ansi-light" not in text


@pytest.mark.parametrize(
    ("file_text", "env"),
    [
        ("", {}),
        ('portal_url = "https://p.example"\nusername = "ana"\naccessible = true\n'
         '[key_map]\npay = "ctrl+p"\n', {}),
        ('theme = "ansi-dark"\naccessible = true\n',
         {"HCPAY_THEME": "ansi-light", "HCPAY_ACCESSIBLE": "no", "HCPAY_INSECURE_STORAGE": "1",
          "HCPAY_KEY_MAP": '{"quit": "ctrl+q"}', "HCPAY_PORTAL_URL": "http://127.0.0.1:8000"}),
    ],
)
def test_the_fast_startup_read_agrees_with_full_validation(
    file_text: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config_path().write_text(file_text)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    startup_settings()  # validated once, and kept for the next start
    quick = startup_settings()  # replayed without pydantic
    full = load_settings()
    assert not isinstance(quick, ClientSettings)
    assert {f: getattr(quick, f) for f in FIELDS} == {f: getattr(full, f) for f in FIELDS}
    assert quick.credentials_portal == full.credentials_portal
    config_path().write_text('theme = "high-contrast"\n')  # a change is never replayed over
    monkeypatch.delenv("HCPAY_THEME", raising=False)
    assert startup_settings().theme == "high-contrast"


def test_the_fast_startup_read_rejects_what_validation_rejects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HCPAY_ACCESSIBLE", "very")
    with pytest.raises(ConfigError, match="accessible"):
        startup_settings()
    with pytest.raises(ConfigError, match="accessible"):
        load_settings()


def test_a_broken_settings_file_names_itself_and_the_fix() -> None:
    config_path().write_text("portal_url = \n")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    with pytest.raises(ConfigError):
        startup_settings()
    assert str(config_path()) in str(caught.value)
    assert "delete it" in str(caught.value)
    config_path().write_text("accessible = 'very'\n")
    with pytest.raises(ConfigError, match="accessible"):
        load_settings()


def test_snapshot_has_no_secrets_a_private_mode_and_its_time() -> None:
    taken = datetime(2030, 3, 3, 14, 5, tzinfo=UTC)
    path = cache.save(
        "https://portal.example", "ana",
        {"balance_due_cents": 41250, "refresh_token": "r1",
         "recent_payments": [{"reference": "HCP-1", "method": {"last4": "4242", "token": "t"}}]},
        now=taken,
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"r1" not in path.read_bytes() and b'"t"' not in path.read_bytes()
    snap = cache.load("https://portal.example", "ana")
    assert snap is not None
    assert snap.taken_at == taken
    assert snap.data["balance_due_cents"] == 41250
    assert snap.data["recent_payments"][0]["method"] == {"last4": "4242"}
    assert "2030" in snap.age_text()
    assert cache.load("https://portal.example", "bob") is None  # never someone else's
    assert cache.clear() is True and cache.load("https://portal.example", "ana") is None


def test_config_path_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_path())


def test_logout_removes_the_insecure_file_snapshot_and_username(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hcpay.credentials import CredentialStore

    update_config(username="ana", insecure_storage=True)
    store = CredentialStore("embedded", insecure_storage=True)
    store.save("ana", "refresh-1")
    cache.save("embedded", "ana", {"balance_due_cents": 1})

    assert main(["logout"]) == 0
    out = capsys.readouterr().out
    assert "Removed the token file" in out and "Removed the cached dashboard" in out
    assert not store.insecure_path.exists()
    assert list(paths.cache_dir().iterdir()) == []
    assert load_settings().username is None
    assert main(["logout"]) == 0
    assert "Nothing to remove" in capsys.readouterr().out


def test_the_fast_startup_read_loads_no_pydantic(own_home: Path) -> None:
    import subprocess
    import sys

    load_settings()  # the values validated at the last start, replayed by the next
    code = (
        "import sys, hcpay.config as c; c.startup_settings(); "
        "print(sorted(m for m in ('pydantic', 'pydantic_settings', 'httpx', 'keyring') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "HCPAY_HOME": str(own_home)},
    )
    assert done.stdout.strip() == "[]"
