"""Files a member asks for (receipts, CSV exports, due-date calendars) go to one folder they can
find: ``paths.documents_dir()``. Written whole or not at all (a temporary file renamed), readable
by the member only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hcpay import paths


def save(filename: str, data: bytes | str, *, folder: str = "") -> Path:
    """Write ``data`` to ``filename`` in the documents folder (in ``folder`` below it); the
    full path, to tell the member where it is."""
    target_dir = paths.documents_dir() / folder if folder else paths.documents_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / Path(filename).name  # a name, never a path out of the folder
    raw = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(dir=target_dir, prefix=".saving-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
