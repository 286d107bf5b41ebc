"""Rebuild hcpay/domain/common_passwords.txt, the blocklist of common and breached passwords.

Source: Django's ``django/contrib/auth/common-passwords.txt.gz`` (BSD-3-Clause), the 20,000 most
common passwords of Royce Williams' list (https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce),
lowercased and deduplicated, most common first. The wheel is fetched with pip (no install) and
only that one file is read from it:

    python scripts/build_password_blocklist.py [--django-version 5.2.19]
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "hcpay" / "domain" / "common_passwords.txt"
MEMBER = "django/contrib/auth/common-passwords.txt.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--django-version", default="5.2.19")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "-q", "-d", tmp, f"django=={args.django_version}"],
            check=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            raw = gzip.decompress(archive.read(MEMBER)).decode()
    seen: set[str] = set()
    words: list[str] = []
    for line in raw.splitlines():
        word = line.strip().lower()
        if word and word not in seen:
            seen.add(word)
            words.append(word)
    header = (
        f"# {len(words)} common passwords, most common first, lowercased.\n"
        f"# From Django {args.django_version} django/contrib/auth/common-passwords.txt.gz "
        "(BSD-3-Clause; list by Royce Williams).\n"
        "# Rebuild with: python scripts/build_password_blocklist.py\n"
    )
    TARGET.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} passwords to {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
