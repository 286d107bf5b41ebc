"""The app's settings: a TOML file in the user config dir, overridden by ``HCPAY_*`` variables.

``config.toml`` (``hcpay config path`` prints where) holds the portal URL, the remembered
username, the theme, the key map (binding id -> keys), cursor blink, the terminal cursor, the
accessible mode and the insecure-storage choice; nothing
secret is ever written there. ``HCPAY_HOME`` moves every file; ``HCPAY_PORTAL_URL``,
``HCPAY_USERNAME``, ``HCPAY_THEME``, ``HCPAY_ACCESSIBLE``, ``HCPAY_INSECURE_STORAGE`` and
``HCPAY_KEY_MAP`` (JSON) override the file.

Two ways in: ``startup_settings()`` reads the same values in about a millisecond without
pydantic (for the first paint: theme, accessible mode, key map); ``load_settings()`` validates
them with pydantic-settings (~0.2 s of imports: call it after the first paint).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hcpay import paths

if TYPE_CHECKING:
    from hcpay.client_settings import ClientSettings

CONFIG_FILE = "config.toml"
EMBEDDED_PORTAL = "embedded"  # the keyring's "portal URL" for the in-process portal
FIELDS = (
    "portal_url", "username", "theme", "key_map", "accessible", "insecure_storage",
    "cursor_blink", "terminal_cursor",
)
_TRUE = {"1", "true", "yes", "on", "t", "y"}
_FALSE = {"0", "false", "no", "off", "f", "n", ""}


class ConfigError(Exception):
    """The config file cannot be read; the message names the file and what to fix."""


def config_path() -> Path:
    return paths.config_dir() / CONFIG_FILE


def _broken(exc: Exception) -> ConfigError:
    return ConfigError(
        f"The settings file {config_path()} is not valid TOML ({exc}). Fix it, or delete "
        "it to start again from the defaults."
    )


def _invalid(problems: str) -> ConfigError:
    return ConfigError(
        f"The settings in {config_path()} (or an HCPAY_* variable) are not valid: {problems}. "
        "Fix them, or delete the file to start again from the defaults."
    )


def _read_file() -> dict[str, Any]:
    try:
        text = config_path().read_text()
    except FileNotFoundError:
        return {}
    import tomllib  # only when there is a file: the first start has none

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _broken(exc) from exc


@dataclass(frozen=True)
class StartupSettings:
    portal_url: str | None = None
    username: str | None = None
    theme: str = "textual-dark"
    key_map: dict[str, str] = field(default_factory=dict)
    accessible: bool = False
    insecure_storage: bool = False
    cursor_blink: bool = True  # false: the text cursor stays still
    terminal_cursor: bool = False  # true: the terminal's own cursor shows, on the focused field

    @property
    def credentials_portal(self) -> str:
        return (self.portal_url or EMBEDDED_PORTAL).rstrip("/")


def _bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _invalid(f"{name}: Input should be a valid boolean")


def startup_settings() -> StartupSettings:
    """The settings, read fast (tomllib and os.environ only) with the same precedence and
    meaning as ``load_settings()``; raises ConfigError on a broken file or value."""
    raw: dict[str, Any] = {k: v for k, v in _read_file().items() if k in FIELDS}
    for name in FIELDS:
        env = os.environ.get(f"HCPAY_{name.upper()}")
        if env is not None:
            raw[name] = env
    key_map = raw.get("key_map", {})
    if isinstance(key_map, str):
        import json

        try:
            key_map = json.loads(key_map)
        except ValueError as exc:
            raise _invalid("key_map: Input should be a JSON object") from exc
    if not isinstance(key_map, dict):
        raise _invalid("key_map: Input should be a valid dictionary")
    return StartupSettings(
        portal_url=str(raw["portal_url"]) if raw.get("portal_url") is not None else None,
        username=str(raw["username"]) if raw.get("username") is not None else None,
        theme=str(raw.get("theme", "textual-dark")),
        key_map={str(k): str(v) for k, v in key_map.items()},
        accessible=_bool("accessible", raw.get("accessible", False)),
        insecure_storage=_bool("insecure_storage", raw.get("insecure_storage", False)),
        cursor_blink=_bool("cursor_blink", raw.get("cursor_blink", True)),
        terminal_cursor=_bool("terminal_cursor", raw.get("terminal_cursor", False)),
    )


def load_settings(**overrides: Any) -> ClientSettings:
    """Defaults < config.toml < HCPAY_* variables < ``overrides`` (command-line options)."""
    import tomllib

    from pydantic import ValidationError

    from hcpay.client_settings import ClientSettings

    try:
        return ClientSettings(**overrides)
    except tomllib.TOMLDecodeError as exc:
        raise _broken(exc) from exc
    except ValidationError as exc:
        raise _invalid(
            "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        ) from exc


def update_config(**changes: Any) -> Path:
    """Change some settings in config.toml (a value of None removes the setting), leaving the
    rest of the file as it is; environment overrides are never written into it."""
    import tomli_w
    from pydantic import ValidationError

    from hcpay.client_settings import ClientSettings

    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    data = _read_file()
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    try:  # validate before writing, so a bad value never lands in the file
        ClientSettings.model_validate({k: v for k, v in data.items() if k in FIELDS})
    except ValidationError as exc:
        raise ValueError(str(exc)) from exc
    path = config_path()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(tomli_w.dumps(data))
    tmp.replace(path)
    return path


def __getattr__(name: str) -> Any:
    if name == "ClientSettings":
        from hcpay.client_settings import ClientSettings

        return ClientSettings
    raise AttributeError(f"module 'hcpay.config' has no attribute {name!r}")
