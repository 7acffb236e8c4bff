"""Every write of consultations: plain functions, each in one transaction, one module per job.

Views, the admin, the demo and tasks call these and nothing else writes the rows; each caller
imports the module it uses (`from consultations.services import comments`). Each function
checks who acts (keyword-only `acting_user`, or `author` for a comment), then the state of the
consultation, then writes and records who did it (the history tables keep every earlier state).

- consultations: a consultation's stages and description (create, edit, open, close, adopt);
- texts: the text put to consultation, its sections and versions;
- comments: partners' comments (submit, edit, withdraw);
- handling: Customs' answers to the comments and the report that publishes them;
- audiences: telling an open consultation's invitees, as its audience changes;
- writing: the steps every write shares (who may act, the lock, the history's author).

Each notification goes out once per address (see consultations/notifications.py).
"""
