"""The app's settings: the one model (pydantic-settings). Defaults < config.toml < ``HCPAY_*``
variables < keyword arguments (command-line options). Import it through ``hcpay.config``,
which reads it after the first paint and replays it before (``startup_settings``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from hcpay import paths

# The keyring key's "portal URL" when no portal is configured and hcpay runs one in-process.
EMBEDDED_PORTAL = "embedded"


class ClientSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HCPAY_", extra="ignore")

    portal_url: str | None = None  # None: run the portal in-process (the embedded default)
    username: str | None = None  # remembered with "remember me"; never a password
    theme: str = "textual-dark"
    key_map: dict[str, str] = Field(default_factory=dict)  # binding id -> keys, e.g. "ctrl+p"
    accessible: bool = False
    insecure_storage: bool = False
    cursor_blink: bool = True  # false: the text cursor stays still
    terminal_cursor: bool = False  # true: show the terminal's own cursor on the focused field
    language: str | None = None  # "en" or "es"; None: HCPAY_LANG, then LANG/LC_ALL decide

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
            TomlConfigSettingsSource(settings_cls, toml_file=paths.config_file()),
        )
