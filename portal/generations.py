"""Generations: one value per *section* of the portal's data, renewed whenever it changes.

What is kept in the cache for longer than a request (the pages kept for visitors, the
calendar's feeds and month grids) is kept with the generations of the sections it was drawn
from, and used only while they are still the current ones: a change renews a generation, so
the next request draws afresh, and nothing has to find and delete what was kept.

A section follows models (`follow`): any of their rows saved or deleted, or any change of
their many-to-many links (through a service, the admin, an import, the demo), renews it at
once and again when the transaction commits. Writes that send no signal (`QuerySet.update`,
`bulk_create`) call `changed` themselves. The renewal at the write serves the writer: what it
draws next in the same transaction (and a test, whose transaction never commits) is drawn
afresh. The one after the commit is the one that matters to everyone else: a request that
read the generation between the write and the commit drew the old rows, and kept them under
that generation; the commit's renewal makes them unused. One renewal after the commit per
section and transaction, however many rows it writes (an import writes thousands).

Generations are random (a value the cache forgot is never given again) and last LIFETIME at
most: a change made while the cache was unreachable (Redis down, the fallback cache knows other
values) is seen at the latest then. Each also carries the time it was given (`since`): the
`Last-Modified` of what is drawn from its section, never earlier than the change.
"""

import logging
import secrets
import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import signals

logger = logging.getLogger(__name__)

LIFETIME = 3600


def key(section):
    return f"generation:{section}"


def _new():
    """A new generation: random, then the second it was given."""
    return f"{secrets.token_hex(8)}.{int(time.time())}"


def since(*values):
    """The latest time at which one of these generations (values of `current`) was given; now
    for a value that does not say (one kept by an earlier release)."""
    times = []
    for value in values:
        stamp = str(value).rpartition(".")[2]
        times.append(int(stamp) if "." in str(value) and stamp.isdigit() else int(time.time()))
    return datetime.fromtimestamp(max(times), UTC)


def current(*sections, found=None):
    """The current generations of `sections`, in order. `found`: what a `cache.get_many`
    that included their `key()`s already read (one cache call for a page and its
    generations); a section without one yet is given one."""
    found = {} if found is None else found
    missing = [key(section) for section in sections if key(section) not in found]
    if missing:
        found.update(cache.get_many(missing))
    values = []
    for section in sections:
        name = key(section)
        if name not in found:
            cache.add(name, _new(), timeout=LIFETIME)
            found[name] = cache.get(name) or _new()
        values.append(found[name])
    return values


class _Renewal:
    """The after-commit callback that renews one section; one per section and transaction
    (`changed` looks for it among the callbacks already queued)."""

    def __init__(self, section):
        self.section = section

    def __call__(self):
        try:
            cache.set(key(self.section), _new(), timeout=LIFETIME)
        except Exception:  # what was kept then lives until its own expiry, or LIFETIME
            logger.exception("Could not renew the %r generation.", self.section)


def changed(*sections, using=None):
    """The rows `sections` follow have changed: what was kept from them is drawn afresh, now
    and from the commit on."""
    connection = transaction.get_connection(using)
    queued = {
        getattr(callback, "section", None) for _ids, callback, _robust in connection.run_on_commit
    }
    for section in sections:
        _Renewal(section)()
        if section not in queued:
            transaction.on_commit(_Renewal(section), using=using)


def follow(section, models):
    """Renew `section` whenever a row of one of `models` is saved or deleted, or one of their
    many-to-many links changes (a model may be a many-to-many table itself, such as
    `User.groups.through`). Called in an app's `ready()`."""

    def on_write(sender, using=None, **kwargs):
        changed(section, using=using)

    for model in models:
        uid = f"generation:{section}:{model._meta.label}"
        signals.post_save.connect(on_write, sender=model, weak=False, dispatch_uid=uid)
        signals.post_delete.connect(on_write, sender=model, weak=False, dispatch_uid=uid)
        signals.m2m_changed.connect(on_write, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not isinstance(through, str):
                signals.m2m_changed.connect(
                    on_write,
                    sender=through,
                    weak=False,
                    dispatch_uid=f"generation:{section}:{through._meta.label}",
                )
