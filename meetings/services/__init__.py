"""Writes for meetings: each function keeps one invariant, inside one transaction. Views, the
admin, the demo and tasks import the module they need (`from meetings.services import
scheduling`); nothing else writes meetings, their invitations, occurrence changes, minutes or
commitments.

- scheduling: meetings and their occurrences (schedule, change, cancel, postpone, move,
  detach), and the notices that tell the invitees;
- invitations: inviting people and organisations, withdrawing invitations, replies;
- proposals: agenda items proposed by participants, and the organiser's decision;
- minutes: attendance, minutes (each changed text a version) and commitments, after the
  meeting;
- cosign: the private-sector co-chair's answer to a version of the minutes, and publishing
  one without it (with a reason);
- bodies: dialogue bodies and their members (the `on_members_changed` provider hook);
- requests: meeting requests from representatives, accepted or declined;
- feeds: each person's calendar feed URL;
- reminders: the reminders a meeting should have, kept in line (`sync_meeting_reminders`,
  the daily `refresh_reminders`).

Whenever something that a reminder depends on changes (time, status, invitees, replies),
`reminders.sync_meeting_reminders` recomputes the meeting's reminder rows through
notifications.queue.sync_reminders: the one way reminders are made. Every change a calendar
program must see increases the meeting's (or the occurrence's) SEQUENCE counter. Refusals
raise `MeetingError` (from _common), available as `<module>.MeetingError` in each module
that raises it.
"""
