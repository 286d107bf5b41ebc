"""Where the sandbox gateway keeps its rows: an interface the portal passes in (its own
``Database`` fits it), so the gateway knows nothing of the portal's internals.

A store hands out transactions: ``read()`` (rolled back at the end) and ``write()`` (committed
when the block ends without an exception), and says whether it is SQLite (one writer at a time:
no row locks needed there)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy.orm import Session


class GatewayStore(Protocol):
    @property
    def is_sqlite(self) -> bool: ...

    def read(self) -> AbstractContextManager[Session]: ...

    def write(self) -> AbstractContextManager[Session]: ...
