"""What a screen reader would read out as noise in plain mode's output, by name: a "(s)" plural,
an ISO date (ISO belongs only in --json), a run of 5 or more of one punctuation character (an
underline of "=", a rule of "-"), box-drawing characters, em or en dashes, escape sequences.
One checker for every plain-mode transcript, in every language."""

from __future__ import annotations

import re

_NOISE = [
    (re.compile(r"\w\(s\)"), 'a "(s)" plural (say "1 minute" or "15 minutes")'),
    (re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b"), "an ISO date or month (said in words)"),
    (re.compile(r"([!-/:-@\[-`{-~])\1{4,}"), "a run of 5 or more identical punctuation marks"),
    (re.compile(r"[\u2500-\u257f]"), "a box-drawing character"),
    (re.compile(r"[\u2013\u2014]"), "an em or en dash"),
    (re.compile(r"\x1b"), "an escape sequence"),
]


def noise_in(text: str) -> list[str]:
    """Each piece of noise in ``text``: its kind and the line it is on (empty when clean)."""
    found = []
    for line in text.splitlines():
        for pattern, name in _NOISE:
            match = pattern.search(line)
            if match:
                found.append(f"{name}: {match.group(0)!r} in {line.strip()!r}")
    return found


def assert_no_noise(text: str, typed: tuple[str, ...] = ()) -> None:
    """Fail naming every piece of noise, leaving out the lines that only echo what was typed
    (a date typed as 2027-01-15 is the member's own)."""
    said = []
    for line in text.splitlines():
        line = line.rstrip()
        for echo in (t for t in typed if t):
            if line.endswith(echo):
                line = line[: -len(echo)]
                break
        said.append(line)
    found = noise_in("\n".join(said))
    assert not found, "plain mode said noise a screen reader reads out:\n" + "\n".join(found[:15])
