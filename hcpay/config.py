"""The app's settings: a TOML file in the user config dir, overridden by ``HCPAY_*`` variables.

``config.toml`` (``hcpay config path`` prints where) holds the portal URL, the remembered
username, the theme, the key map, the accessible mode and the insecure-storage choice; nothing
secret is ever written there. ``HCPAY_HOME`` moves every file; ``HCPAY_PORTAL_URL``,
``HCPAY_USERNAME``, ``HCPAY_THEME``, ``HCPAY_ACCESSIBLE``, ``HCPAY_INSECURE_STORAGE`` and
``HCPAY_KEY_MAP`` (JSON) override the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from hcpay import paths

CONFIG_FILE = "config.toml"
# The keyring key's "portal URL" when no portal is configured and hcpay runs one in-process.
EMBEDDED_PORTAL = "embedded"


class ConfigError(Exception):
    """The config file cannot be read; the message names the file and what to fix."""


def config_path() -> Path:
    return paths.config_dir() / CONFIG_FILE


class ClientSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HCPAY_", extra="ignore")

    portal_url: str | None = None  # None: run the portal in-process (the embedded default)
    username: str | None = None  # remembered with "remember me"; never a password
    theme: str = "textual-dark"
    key_map: dict[str, str] = Field(default_factory=dict)  # binding id -> keys, e.g. "ctrl+p"
    accessible: bool = False
    insecure_storage: bool = False

    @property
    def credentials_portal(self) -> str:
        """The portal part of the keyring key."""
        return (self.portal_url or EMBEDDED_PORTAL).rstrip("/")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=config_path()),
        )


def load_settings(**overrides: Any) -> ClientSettings:
    """Defaults < config.toml < HCPAY_* variables < ``overrides`` (command-line options)."""
    try:
        return ClientSettings(**overrides)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"The settings file {config_path()} is not valid TOML ({exc}). Fix it, or delete "
            "it to start again from the defaults."
        ) from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(
            f"The settings in {config_path()} (or an HCPAY_* variable) are not valid: "
            f"{problems}. Fix them, or delete the file to start again from the defaults."
        ) from exc


def _read_file() -> dict[str, Any]:
    try:
        return tomllib.loads(config_path().read_text())
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"The settings file {config_path()} is not valid TOML ({exc}). Fix it, or delete "
            "it to start again from the defaults."
        ) from exc


def update_config(**changes: Any) -> Path:
    """Change some settings in config.toml (a value of None removes the setting), leaving the
    rest of the file as it is; environment overrides are never written into it."""
    known = set(ClientSettings.model_fields)
    unknown = set(changes) - known
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    data = _read_file()
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    # validate before writing, so a bad value never lands in the file
    ClientSettings.model_validate({k: v for k, v in data.items() if k in known})
    path = config_path()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(tomli_w.dumps(data))
    tmp.replace(path)
    return path
