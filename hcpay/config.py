"""The app's settings: a TOML file in the user config dir, overridden by ``HCPAY_*`` variables.

``config.toml`` (``hcpay config path`` prints where) holds the portal URL, the remembered
username, the theme, the key map (binding id -> keys), cursor blink, the terminal cursor, the
accessible mode and the insecure-storage choice; nothing secret is ever written there.
``HCPAY_HOME`` moves every file; ``HCPAY_PORTAL_URL``, ``HCPAY_USERNAME``, ``HCPAY_THEME``,
``HCPAY_ACCESSIBLE``, ``HCPAY_INSECURE_STORAGE`` and ``HCPAY_KEY_MAP`` (JSON) override the file.

The settings are declared once, as ``hcpay.client_settings.ClientSettings`` (pydantic-settings).
Validating them costs ~0.3 s of imports, too much before the first frame, so
``startup_settings()`` replays the values last validated when neither config.toml nor any
``HCPAY_*`` variable has changed since (a hash of both is kept with them), in about a
millisecond; otherwise it validates them now and keeps them for the next start.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from hcpay import paths

if TYPE_CHECKING:
    from hcpay.client_settings import ClientSettings

_VALIDATED = "validated-settings.json"  # the replay, kept beside config.toml


class ConfigError(Exception):
    """The config file cannot be read; the message names the file and what to fix."""


def config_path() -> Path:
    return paths.config_file()


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


def configured_language() -> str | None:
    """``language`` in config.toml, read without validating the rest (the language is chosen
    before anything is said); None when unset or the file cannot be read."""
    try:
        value = _read_file().get("language")
    except ConfigError:
        return None
    return value if isinstance(value, str) else None


def load_settings(**overrides: Any) -> ClientSettings:
    """Defaults < config.toml < HCPAY_* variables < ``overrides`` (command-line options)."""
    import tomllib

    from pydantic import ValidationError

    from hcpay.client_settings import ClientSettings

    try:
        settings = ClientSettings(**overrides)
    except tomllib.TOMLDecodeError as exc:
        raise _broken(exc) from exc
    except ValidationError as exc:
        raise _invalid(
            "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        ) from exc
    if not overrides:
        _keep_for_replay(settings)
    return settings


# -- the replay before the first frame ---------------------------------------------------------

def _inputs() -> str:
    """A hash of everything the settings are made from: the file, the HCPAY_* variables, and
    the model itself (a new hcpay may declare other settings)."""
    digest = hashlib.sha256()
    try:
        digest.update(config_path().read_bytes())
    except FileNotFoundError:
        digest.update(b"\0no file")
    for name in sorted(os.environ):
        if name.startswith("HCPAY_"):
            digest.update(f"\0{name}={os.environ[name]}".encode())
    model = Path(__file__).with_name("client_settings.py").stat()
    digest.update(f"\0{model.st_size}:{model.st_mtime_ns}".encode())
    return digest.hexdigest()


def _validated_path() -> Path:
    return paths.config_dir() / _VALIDATED


def _keep_for_replay(settings: ClientSettings) -> None:
    try:
        inputs = _inputs()
        path = _validated_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        # what the model works out is kept too: the replay carries no rule of its own
        values = {**settings.model_dump(), "credentials_portal": settings.credentials_portal}
        tmp.write_text(json.dumps({"inputs": inputs, "values": values}))
        tmp.replace(path)
    except OSError:  # only the next start is slower
        return


class _Replayed:
    """ClientSettings as last validated, read back without pydantic (attributes only)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = MappingProxyType(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


def startup_settings() -> ClientSettings:
    """The settings for the first frame, fast when nothing changed (see the module's help);
    raises ConfigError on a broken file or value, as ``load_settings()`` does."""
    try:
        kept = json.loads(_validated_path().read_text())
        if kept.get("inputs") == _inputs():
            return cast("ClientSettings", _Replayed(dict(kept["values"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return load_settings()


def update_config(**changes: Any) -> Path:
    """Change some settings in config.toml (a value of None removes the setting), leaving the
    rest of the file as it is; environment overrides are never written into it."""
    import tomli_w
    from pydantic import ValidationError

    from hcpay.client_settings import ClientSettings

    fields = set(ClientSettings.model_fields)
    unknown = set(changes) - fields
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    data = _read_file()
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    try:  # validate before writing, so a bad value never lands in the file
        ClientSettings.model_validate({k: v for k, v in data.items() if k in fields})
    except ValidationError as exc:
        raise ValueError(str(exc)) from exc
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(tomli_w.dumps(data))
    tmp.replace(path)
    return path


def __getattr__(name: str) -> Any:
    if name == "ClientSettings":
        from hcpay.client_settings import ClientSettings

        return ClientSettings
    raise AttributeError(f"module 'hcpay.config' has no attribute {name!r}")
