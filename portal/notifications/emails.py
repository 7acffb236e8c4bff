"""E-mail rendering: every e-mail is three templates rendered by one helper.

`emails/<name>-subject.txt`, `emails/<name>-body.txt` and `emails/<name>-body.html` (the HTML
one extends `emails/base.html`, which keeps styles inline so that mail programs show it well).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def render_email(name, to, context, *, attachments=(), headers=None):
    """Render the e-mail `name` for one address, in the active language and time zone."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = render_plain(f"emails/{name}-subject.txt", context)
    subject = " ".join(subject.split())
    text = render_plain(f"emails/{name}-body.txt", context).strip() + "\n"
    html = render_to_string(f"emails/{name}-body.html", context)
    msg = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}
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
