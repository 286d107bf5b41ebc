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
    """The folder, made if need be, only its owner may enter (0700): it holds member data."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:  # made by an older hcpay, or by hand
        path.chmod(0o700)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by its owner only (0600), replacing it atomically:
    every file hcpay writes with member data (receipts, cache, credentials) goes through here."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def make_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist, and make it 0600 if it does
    (for files another library writes: the SQLite database, its WAL, a log)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


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
