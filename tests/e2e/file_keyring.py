"""A keyring for end-to-end tests: one JSON file that every hcpay process of the test reads and
writes (as they would share the Secret Service), slow to answer a read as a real one can be.

Chosen in the child processes with ``PYTHON_KEYRING_BACKEND=tests.e2e.file_keyring.SlowFileKeyring``
and ``HCPAY_TEST_KEYRING_FILE``. The first read in a process answers ``HCPAY_TEST_KEYRING_DELAY``
seconds late (a Secret Service's first call opens the D-Bus connection and the collection),
with what was stored when it was asked. Not viable anywhere else (keyring's own discovery never
picks it)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

FILE = "HCPAY_TEST_KEYRING_FILE"
DELAY = "HCPAY_TEST_KEYRING_DELAY"


class SlowFileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        if not os.environ.get(FILE):
            raise RuntimeError(f"a test keyring: set {FILE} to use it")
        return 1.0

    @property
    def path(self) -> Path:
        return Path(os.environ[FILE])

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _write(self, data: dict[str, str]) -> None:
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, self.path)

    answered = False  # this process has had its first answer

    def get_password(self, service: str, username: str) -> str | None:
        value = self._read().get(f"{service} {username}")
        if not SlowFileKeyring.answered:
            SlowFileKeyring.answered = True
            time.sleep(float(os.environ.get(DELAY, "0")))
        return value

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._read()
        data[f"{service} {username}"] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        if data.pop(f"{service} {username}", None) is None:
            raise PasswordDeleteError("not found")
        self._write(data)
