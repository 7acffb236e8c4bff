"""Read the text of a PDF made by portal.pdf (pypdf is not installed): enough for tests.

Content streams are decoded (ASCII85 then Flate, as reportlab writes them, or left as they are
when uncompressed), then the strings shown with Tj are unescaped and decoded from WinAnsi.
"""

import base64
import re
import zlib

_STREAM = re.compile(rb"<<([^<>]*)>>\s*stream\r?\n(.*?)\s*endstream", re.S)
_SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def _decode_stream(header, data):
    if b"ASCII85Decode" in header:
        data = base64.a85decode(data.strip().removesuffix(b"~>"), adobe=False)
    if b"FlateDecode" in header:
        data = zlib.decompress(data)
    return data


def _unescape(match):
    token = match.group(1)
    if token[:1].isdigit():
        return bytes([int(token, 8)])
    return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(token, token)


def pdf_text(data):
    lines = []
    for header, stream in _STREAM.findall(data):
        try:
            content = _decode_stream(header, stream)
        except (ValueError, zlib.error):
            continue
        for shown in _SHOWN.findall(content):
            lines.append(_ESCAPE.sub(_unescape, shown).decode("cp1252"))
    return "\n".join(lines)
