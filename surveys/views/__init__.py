"""The surveys' pages: build.py (officers build and launch surveys), answer.py (the list of
surveys open to the reader, the answer page and its thanks), invitations.py (invitations and
the reminder), results.py (officers' results, exports, publication; the published page)."""
