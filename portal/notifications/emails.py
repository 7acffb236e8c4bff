"""E-mail rendering: every e-mail is three templates rendered by one helper.

`emails/<name>-subject.txt`, `emails/<name>-body.txt` and `emails/<name>-body.html` (the HTML
one extends `emails/base.html`, which keeps styles inline so that mail programs show it well).

Every e-mail carries a `Reply-To` someone reads (the kind's own, else DEFAULT_REPLY_TO_EMAIL),
a `Message-ID` on the portal's domain (MESSAGE_ID_DOMAIN; the dispatcher makes it stable per
notification row), and, for mailings one may leave, `List-Unsubscribe` with one-click
unsubscribing (portal.notifications.unsubscribe). Images shown in the HTML part (a forum's
QR code) are `related` parts named by a `cid:`, inside multipart/alternative.
"""

import re
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.template import Context
from django.template.loader import get_template, render_to_string

from portal.notifications import unsubscribe as unsubscribing


class PortalEmail(EmailMultiAlternatives):
    """An e-mail whose HTML part may show images of its own: `related` is a list of
    (content id, bytes, MIME type), each sent as a part of multipart/related beside the HTML
    part, which names it as `cid:<content id>`."""

    def __init__(self, *args, related=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.related = list(related)

    def _create_mime_attachment(self, content, mimetype):
        part = super()._create_mime_attachment(content, mimetype)
        if mimetype != "text/html" or not self.related:
            return part
        encoding = self.encoding or settings.DEFAULT_CHARSET
        related = SafeMIMEMultipart(_subtype="related", encoding=encoding)
        related.attach(part)
        for cid, data, image_type in self.related:
            image = super()._create_mime_attachment(data, image_type)
            image.add_header("Content-ID", f"<{cid}>")
            image.add_header("Content-Disposition", "inline", filename=cid.split("@", 1)[0])
            related.attach(image)
        return related


def content_id(name):
    """A Content-ID for an image of an e-mail, on the portal's domain."""
    return f"{name}@{settings.MESSAGE_ID_DOMAIN}"


def new_message_id():
    return make_msgid(domain=settings.MESSAGE_ID_DOMAIN)


def render_email(
    name,
    to,
    context,
    *,
    attachments=(),
    headers=None,
    related=(),
    reply_to=None,
    unsubscribe=None,
):
    """Render the e-mail `name` for one address, in the active language and time zone.

    `reply_to`: the address answers should reach (DEFAULT_REPLY_TO_EMAIL when not given).
    `unsubscribe`: (purpose, target id) of the mailing the recipient may leave in one click
    (a purpose registered in portal.notifications.unsubscribe).
    """
    headers = {"Message-ID": new_message_id(), **(headers or {})}
    unsubscribe_url = ""
    if unsubscribe is not None:
        purpose, target = unsubscribe
        unsubscribe_url = unsubscribing.url(purpose, to, target)
        headers.update(unsubscribing.headers(unsubscribe_url))
    context = {
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe_url,
        **context,
    }
    subject = render_plain(f"emails/{name}-subject.txt", context)
    # One line, its runs of spaces and line breaks made one space; a no-break space (French
    # typography: "Rappel\u00a0: …") stays what it is.
    subject = re.sub(r"[ \t\r\n]+", " ", subject).strip()
    text = render_plain(f"emails/{name}-body.txt", context).strip() + "\n"
    html = render_to_string(f"emails/{name}-body.html", context)
    msg = PortalEmail(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers=headers,
        reply_to=[reply_to or settings.DEFAULT_REPLY_TO_EMAIL],
        related=related,
    )
    msg.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        msg.attach(filename, content, mimetype)
    return msg


def render_plain(template_name, context):
    """Render a plain-text template without HTML escaping (an apostrophe in a subject stays
    an apostrophe, not &#x27;)."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))
