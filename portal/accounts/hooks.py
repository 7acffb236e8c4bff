"""What apps above the accounts do when an account signs up or confirms its address.

`portal.accounts` stands below every domain app. An app that must act at these moments
registers a function here in its `AppConfig.ready()`; stakeholders does both: the sign-up's
request to join an organisation, and telling its approvers once the address is confirmed.
"""

_signed_up = []
_address_confirmed = []


def on_signed_up(handler):
    """Call `handler(user, form)` when `user` signs up with `form`, in the same transaction
    as the account's creation."""
    if handler not in _signed_up:
        _signed_up.append(handler)


def on_address_confirmed(handler):
    """Call `handler(user)` when `user` confirms an e-mail address."""
    if handler not in _address_confirmed:
        _address_confirmed.append(handler)


def signed_up(user, form):
    for handler in _signed_up:
        handler(user, form)


def address_confirmed(user):
    for handler in _address_confirmed:
        handler(user)
