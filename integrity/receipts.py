"""Receipt codes: what an anonymous reporter holds to follow their report.

A code is 20 characters drawn by `secrets` from 31 letters and digits that cannot be mistaken
for one another (no 0/O, 1/I/L), 99 bits in all, shown once in groups of four
("K7QM-2XPA-..."). Only its SHA-256 is kept: with that much randomness a plain hash cannot be
reversed, and it lets the code be found again by an exact lookup. What a person types is
normalised first (case, spaces and dashes do not matter).
"""

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 20
GROUP = 4


def new_code():
    """A fresh code, as shown to the reporter (groups of four joined by dashes)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(typed):
    """The code's characters without case, spaces or dashes ("" for anything else)."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch not in " -\t\r\n")
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return cleaned


def hash_code(code):
    """The SHA-256 (hex) of a code, shown or typed."""
    return hashlib.sha256(normalise(code).encode()).hexdigest()
