"""Check-in codes: short, typed by a person at the door, read by a camera.

Eight symbols of Crockford's base 32 (no I, L, O or U), shown as two groups of four
(K7M2-9QXD): about 10¹² codes, so guessing one is hopeless. Typing is forgiving: case, spaces
and hyphens do not matter, and I/L read as 1, O as 0.
"""

import io
import secrets

import qrcode
import qrcode.image.pil
import qrcode.image.svg

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed):
    """The stored form of a typed or scanned code, or "" if it cannot be one."""
    text = "".join(ch for ch in (typed or "").upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def qr_svg(code):
    """The code as an SVG QR code (no image library needed)."""
    image = qrcode.make(
        f"{code[:4]}-{code[4:]}",
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    return image.to_string(encoding="unicode")


def qr_png(code):
    """The code as a PNG QR code, for e-mails: many mail programs show no SVG. (Pillow is
    there for reportlab already.)"""
    image = qrcode.make(
        f"{code[:4]}-{code[4:]}",
        image_factory=qrcode.image.pil.PilImage,
        box_size=6,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
