"""The writes that keep a forum's invariants, one module per job. Views, the admin, commands
and tasks import the module they need (`from forums.services import seats`):

- seats: registering people and guests, cancelling, the waiting list, held seats, quotas;
- attendance: check-in at the door (its window around the forum, by code or by name) and
  undoing a mistaken one;
- editing: forums, their status and their programme, as officers edit them;
- messaging: officers' messages to a forum's registrants;
- followups: what follows a change of a registration's status (log, e-mails, reminders).

They refuse with `Refused` (a ValidationError, from _common) with a message clear in both
languages; each module that refuses makes it available as `<module>.Refused`.
"""
