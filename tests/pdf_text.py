"""Read the text of a PDF made by reportlab (pypdf is not installed): enough for tests.

Content streams are decoded (ASCII85 then Flate, as reportlab writes them, or left as they are
when uncompressed), then the strings shown with Tj are unescaped and decoded through the font
they are shown in: an embedded TrueType subset (portal/pdf.py's DejaVu Sans) through its
ToUnicode map, a standard font from WinAnsi.
"""

import base64
import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"<<([^<>]*)>>\s*stream\r?\n(.*?)\s*endstream", re.S)
_SHOWN = re.compile(rb"/([^\s/]+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_FONT_NAME = re.compile(rb"/Name /([^\s/>]+)")
_TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4,})>")


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


def _stream(body):
    found = _STREAM.search(body)
    if not found:
        return None
    try:
        return _decode_stream(*found.groups())
    except (ValueError, zlib.error):
        return None


def _cmap(stream):
    """A ToUnicode CMap as {code: text} (reportlab writes one bfchar line per code)."""
    return {
        int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
        for code, text in _BFCHAR.findall(stream or b"")
    }


def _fonts(objects):
    """{font resource name: its ToUnicode map} for the embedded fonts."""
    fonts = {}
    for body in objects.values():
        name, to_unicode = _FONT_NAME.search(body), _TO_UNICODE.search(body)
        if name and to_unicode and b"/Type /Font" in body:
            fonts[name.group(1)] = _cmap(_stream(objects.get(to_unicode.group(1), b"")))
    return fonts


def pdf_text(data):
    objects = dict(_OBJECT.findall(data))
    fonts = _fonts(objects)
    lines = []
    for body in objects.values():
        found = _STREAM.search(body)
        if not found or b"Length1" in found.group(1):  # a font file, not a page
            continue
        content = _stream(body)
        if content is None:
            continue
        cmap = None
        for font, shown in _SHOWN.findall(content):
            if font:
                cmap = fonts.get(font)
                continue
            raw = _ESCAPE.sub(_unescape, shown)
            if cmap is None:
                lines.append(raw.decode("cp1252", errors="replace"))
            else:
                lines.append("".join(cmap.get(byte, chr(byte)) for byte in raw))
    return "\n".join(lines)
