from django import template

from portal.filterchips import chips

register = template.Library()


@register.simple_tag(takes_context=True)
def filter_chips(context, form):
    """{% filter_chips form as chips %}: the active filters of `form` as removable chips,
    their removal links built on the page's query string."""
    request = context.get("request")
    return chips(form, request.GET if request is not None else None)
