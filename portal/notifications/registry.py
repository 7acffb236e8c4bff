"""Renderers turn a notification row into an e-mail at send time.

An app registers one renderer per kind it sends (in its AppConfig.ready):

    @registry.renderer("meetings.reminder")
    def render_meeting_reminder(notification):
        ...
        return render_email(...)   # or None when the reminder no longer applies

A renderer may also return the request of another channel than e-mail: an object with
`send()` (raises when the other end did not take it) and `failed(exc, *, final)` (records a
failed attempt), as portal.webhooks.sending.Outgoing does for a webhook's delivery. The
dispatcher claims, retries and backs off such rows exactly as it does e-mails.

The renderer runs in the recipient's language and time zone. Returning None cancels the row:
that is how a reminder for a meeting that was cancelled, hidden or moved since the row was made
is never sent.
"""

_renderers = {}
_preparers = {}


def renderer(kind):
    def decorator(fn):
        _renderers[kind] = fn
        return fn

    return decorator


def get_renderer(kind):
    try:
        return _renderers[kind]
    except KeyError:
        raise LookupError(
            f"No renderer is registered for notifications of kind {kind!r}."
        ) from None


def preparer(kind):
    """Optionally, load what a batch of rows of `kind` needs in a few queries, once per batch.

        @registry.preparer("meetings.reminder")
        def prepare(notifications):   # the claimed rows of that kind, in this batch
            ...                       # e.g. set notification.prepared = {...}

    The dispatcher calls it just before rendering the batch; a renderer must still work
    without it. What it loads may age while the batch goes out: for reminders, a change to
    their target goes through sync_reminders, which takes the batch's rows about it back
    (see dispatcher._deliver), so none is rendered from what was loaded before the change.
    """

    def decorator(fn):
        _preparers[kind] = fn
        return fn

    return decorator


def get_preparer(kind):
    return _preparers.get(kind)
