"""Officers' preview of every e-mail the portal sends: each template of templates/emails,
in French and in English, rendered by the same helper as the real e-mails
(portal.notifications.emails.render_email) from demo-like data built in memory. Nothing is
saved and nothing is sent.

Each app registers the previews of its e-mails in its emails.py (which its AppConfig.ready()
imports): portal knows none of the apps.

    @emailpreview.register("forums-confirmation", "forums-reminder")
    def forum_previews(name):
        return {"context": {...}, "related": [...]}   # render_email's keyword arguments
"""

from django.utils import translation

from portal.notifications.emails import render_email

# The address previews are written to: a reserved example domain (RFC 2606), never a person.
ADDRESS = "apercu@example.org"
LANGUAGES = ("fr", "en")

_previews = {}


def register(*names):
    def decorator(build):
        for name in names:
            _previews[name] = build
        return build

    return decorator


def names():
    return sorted(_previews)


def render(name, language):
    """The e-mail `name` as it would go out in `language` (KeyError: no such preview)."""
    build = _previews[name]
    with translation.override(language):
        kwargs = build(name)
        context = kwargs.pop("context")
        return render_email(name, ADDRESS, context, **kwargs)


def moment(days, hour=9, minute=0):
    """A time `days` from now at `hour`:`minute` in the active time zone, for demo data."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
