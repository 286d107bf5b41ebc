"""Where hcpay keeps its files (platformdirs), in one place that tests can point elsewhere.

Set ``HCPAY_HOME`` to keep every file (config, data, logs, cache) below one folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "hcpay"


def _home() -> Path | None:
    home = os.environ.get("HCPAY_HOME")
    return Path(home) if home else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def config_dir() -> Path:
    home = _home()
    return _ensure(home / "config" if home else platformdirs.user_config_path(APP_NAME, False))


def config_file() -> Path:
    """The settings file, config.toml (hcpay.client_settings reads it)."""
    return config_dir() / "config.toml"


def data_dir() -> Path:
    home = _home()
    return _ensure(home / "data" if home else platformdirs.user_data_path(APP_NAME, False))


def log_dir() -> Path:
    home = _home()
    return _ensure(home / "log" if home else platformdirs.user_log_path(APP_NAME, False))


def cache_dir() -> Path:
    home = _home()
    return _ensure(home / "cache" if home else platformdirs.user_cache_path(APP_NAME, False))


def documents_dir() -> Path:
    """Where files a member asked for go (receipts, CSV exports, calendars): the documents
    folder's ``hcpay`` sub-folder, or ``documents`` below ``HCPAY_HOME``."""
    home = _home()
    return _ensure(
        home / "documents" if home else platformdirs.user_documents_path() / APP_NAME
    )
