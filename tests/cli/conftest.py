"""Each CLI test module gets its own HCPAY_HOME with a demo-seeded embedded SQLite portal and
the demo member signed in through `hcpay login` (token kept in the 0600 file: no keyring here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import login_demo, seed_embedded_demo


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("cli-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HCPAY_HOME", str(home))
        patch.setenv("HCPAY_INSECURE_STORAGE", "1")
        for name in ("HCPAY_PORTAL_URL", "HCPAY_PASSWORD", "HCPAY_USERNAME"):
            patch.delenv(name, raising=False)
        seed_embedded_demo()
        yield home


@pytest.fixture(scope="module")
def signed_in(cli_home: Path) -> Path:
    login_demo()
    return cli_home
