"""The public calendar and the forums as open data (portal.opendata): iCalendar files a visitor
may fetch. The public calendar's feed is the meetings app's address, but the calendar holds
meetings and forums alike (portal.calendar), so it is published here, in the higher of the
two apps, which may name both."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from forums.models import Forum
from portal import opendata
from portal.opendata import MOMENT, TEXT, URL, Field, Format

EVENT_FIELDS = [
    Field("UID", TEXT, _("The event's identifier, the same in every feed and invitation.")),
    Field("SUMMARY", TEXT, _("The event's title.")),
    Field("DTSTART", MOMENT, _("When it starts.")),
    Field("DTEND", MOMENT, _("When it ends.")),
    Field("LOCATION", TEXT, _("Where it takes place.")),
    Field("DESCRIPTION", TEXT, _("What it is about.")),
    Field("URL", URL, _("Its page on the portal.")),
]

CALENDAR = opendata.Dataset(
    slug="public-calendar",
    title=_("Public calendar"),
    description=_(
        "The public meetings and forums of Customs and the private sector, from three months "
        "ago to a year ahead, as a calendar feed to subscribe to."
    ),
    frequency=opendata.CONTINUOUS,
    fields=EVENT_FIELDS,
    formats=[Format("ics", "meetings:public_feed")],
)


def public_forums():
    """Each forum anyone may see, as its calendar file, latest first."""
    shown = Forum.objects.visible_to(AnonymousUser()).order_by("-start", "pk")
    return [
        Format("ics", "forums:ics", kwargs={"slug": forum.slug}, title=forum.title)
        for forum in shown.only("slug", "title")
    ]


FORUMS = opendata.Dataset(
    slug="forums",
    title=_("Forums"),
    description=_(
        "The national, regional and international forums of Customs and the private sector "
        "open to the public: one calendar file per forum."
    ),
    frequency=opendata.IRREGULAR,
    fields=EVENT_FIELDS,
    each=public_forums,
)
