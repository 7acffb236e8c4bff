"""Write static/vendor/bootstrap/bootstrap.portal.min.css: Bootstrap's CSS without the
components the portal does not use (issue 18: a first visit under 40 KB, gzip).

Bootstrap's stylesheet is three quarters of a first visit. The portal draws no carousel,
modal, off-canvas panel, toast, tooltip, popover, spinner, placeholder, accordion, drop-down,
navbar, progress bar, ratio box, floating label or button group (its menus are <details>,
portal.css), and it loads none of Bootstrap's scripts those need. This drops every rule whose
selectors all name one of those components (a rule that also styles something else keeps its
other selectors), and their keyframes. tests/portal/test_page_weight.py checks that no
template, script or form names a class this left out.

    python scripts/trim_bootstrap.py
"""

import re
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "static" / "vendor" / "bootstrap"
SOURCE = FOLDER / "bootstrap.min.css"
TARGET = FOLDER / "bootstrap.portal.min.css"

# Class-name prefixes of the components left out: ".modal" also drops ".modal-dialog".
COMPONENTS = (
    "carousel accordion modal offcanvas toast tooltip bs-tooltip popover bs-popover spinner "
    "placeholder dropdown dropup dropend dropstart navbar btn-close collapse collapsing "
    "progress ratio form-floating form-range btn-group btn-toolbar nav-underline focus-ring "
    "icon-link"
).split()
EXACT = ("fade", "vr", "sticky-top", "sticky-bottom", "fixed-top", "fixed-bottom")
KEYFRAMES = (
    "spinner-border",
    "spinner-grow",
    "progress-bar-stripes",
    "placeholder-glow",
    "placeholder-wave",
)
DROPPED = re.compile(
    r"\.(?:(?:" + "|".join(map(re.escape, COMPONENTS)) + r")(?:-[\w-]*)?"
    r"|(?:" + "|".join(map(re.escape, EXACT)) + r"))(?![\w-])"
)

NOT = re.compile(r":not\([^()]*\)")


def blocks(css):
    """Top-level (prelude, body) pairs of a stylesheet, quotes and nesting respected."""
    out, depth, start, prelude_end, quote = [], 0, 0, None, None
    for i, char in enumerate(css):
        if quote:
            if char == quote and css[i - 1] != "\\":
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "{":
            if depth == 0:
                prelude_end = i
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append((css[start:prelude_end].strip(), css[prelude_end + 1 : i]))
                start = i + 1
        elif char == ";" and depth == 0:  # @charset and the like
            out.append((css[start : i + 1].strip(), None))
            start = i + 1
    return out


def split_selectors(prelude):
    parts, depth, current = [], 0, ""
    for char in prelude:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def trim(css):
    out = []
    for prelude, body in blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.startswith("@keyframes"):
            if prelude.split()[1] not in KEYFRAMES:
                out.append(f"{prelude}{{{body}}}")
        elif prelude.startswith(("@media", "@supports", "@container", "@layer")):
            inner = trim(body)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            # A component named only inside :not() does not make the selector its own.
            kept = [s for s in split_selectors(prelude) if not DROPPED.search(NOT.sub("", s))]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def main():
    css = SOURCE.read_text(encoding="utf-8")
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/\s*$", "", css)
    trimmed = (
        trim(css) + "\n/* Trimmed by scripts/trim_bootstrap.py: unused components left out. */\n"
    )
    TARGET.write_text(trimmed, encoding="utf-8")
    print(f"{SOURCE.name}: {len(css)} bytes; {TARGET.name}: {len(trimmed)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
