"""Markdown written in the portal, rendered to HTML that is safe to show.

One helper for every app: the text is rendered with `markdown`, then sanitised with `nh3`
against a short list of tags, so nothing a user types can run script or restyle the page.
Headings of levels 1 and 2 become level 3: a page keeps its one <h1> and its own <h2>s.
Links leave with rel="noopener noreferrer nofollow": what users type earns no search credit.
Used for consultation texts, meeting minutes and announcements alike.
"""

import functools
import re

import markdown as _markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

_TOP_HEADING = re.compile(r"<(/?)h[12]>")


def render_markdown(text):
    """Render `text` (Markdown) to sanitised HTML, marked safe for templates."""
    if not text:
        return mark_safe("")
    if len(text) > CACHED_LENGTH:
        return mark_safe(_render(text))
    return mark_safe(_cached(text))


# The same text always renders the same, so each process keeps its latest renderings: a
# consultation page renders every section of its text on every view, which was a third of its
# time (bench/_profile.py). A changed text is a new key. At most 1,024 texts of up to 8,000
# characters, some 16 MB with their HTML; longer ones are rendered each time.
CACHED_LENGTH = 8000


@functools.lru_cache(maxsize=1024)
def _cached(text):
    return _render(text)


def _render(text):
    html = _markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = _TOP_HEADING.sub(r"<\1h3>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
