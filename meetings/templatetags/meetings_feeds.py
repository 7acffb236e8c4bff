"""A calendar feed's subscription block: its address to copy, webcal://, Google, Outlook."""

from django import template

from meetings.services import feeds

register = template.Library()


@register.inclusion_tag("meetings/_feed_links.html")
def feed_links(url, name, field_id):
    return {"links": feeds.subscription_links(url, name), "field_id": field_id, "name": name}
