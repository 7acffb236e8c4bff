"""E-mail backends for the fault tests, selected in the server processes through EMAIL_BACKEND."""

import itertools
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

# Messages this process has handed to the backend, for MAIL_HANG_AT.
_handed = itertools.count(1)
HANGING = "hanging"


class FilePerMessageBackend(BaseEmailBackend):
    """Writes each message to its own `.eml` file under EMAIL_FILE_PATH, after a pause of
    MAIL_DELAY_SECONDS (a slow mail server, so that a test can kill a worker mid-batch).

    A file appears whole or not at all (written aside, then renamed), so the `.eml` files are
    exactly the messages the mail server accepted, and a test can count them per recipient
    and per notification (the X-Portal-Notification header).

    MAIL_HANG_AT=n makes the process's n-th message hang, and the file HANGING appear, so that
    a test knows where a worker it kills then stands: with MAIL_HANG=before the mail server
    has not accepted that message yet (the common case: a worker spends its time waiting on
    the mail server); with MAIL_HANG=after it has, and the worker has not yet marked it sent.
    """

    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.delay = float(os.environ.get("MAIL_DELAY_SECONDS", "0"))
        self.hang_at = int(os.environ.get("MAIL_HANG_AT", "0"))
        self.hang_after = os.environ.get("MAIL_HANG") == "after"

    def send_messages(self, email_messages):
        for message in email_messages:
            hang = next(_handed) == self.hang_at
            if self.delay:
                time.sleep(self.delay)
            if hang and not self.hang_after:
                self._hang()
            name = uuid.uuid4().hex
            aside = self.directory / f".{name}.tmp"
            aside.write_bytes(message.message().as_bytes())
            os.replace(aside, self.directory / f"{name}.eml")
            if hang and self.hang_after:
                self._hang()
        return len(email_messages)

    def _hang(self):
        (self.directory / HANGING).touch()
        time.sleep(3600)


def delivered(directory):
    """(notification id, recipient) of every message FilePerMessageBackend wrote."""
    import email

    found = []
    for path in sorted(Path(directory).glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        found.append((int(message["X-Portal-Notification"]), message["To"]))
    return found


class GatedBackend(BaseEmailBackend):
    """An in-process mail server for tests that run the dispatcher in a thread: it keeps what
    it accepts in ACCEPTED, and holds the GATE["at"]-th message (before accepting it) until
    GATE["open"] is set, with GATE["holding"] set meanwhile, so that a test can change
    things while a batch is half sent and one message is in flight."""

    def send_messages(self, email_messages):
        for message in email_messages:
            GATE["handed"] += 1
            if GATE["handed"] == GATE["at"]:
                GATE["holding"].set()
                assert GATE["open"].wait(timeout=60), "the test never opened the gate"
            ACCEPTED.append(message)
        return len(email_messages)


ACCEPTED = []
GATE = {}


def close_gate(at):
    """Reset GatedBackend: nothing accepted yet, the `at`-th message to be held."""
    import threading

    ACCEPTED.clear()
    GATE.update(at=at, handed=0, holding=threading.Event(), open=threading.Event())


def in_thread(function, results, name):
    """Run `function` in a thread of its own (with its own database connection, as another
    worker or web process would have); its result or exception goes to `results[name]`."""
    import threading

    from django.db import connections

    def target():
        try:
            results[name] = function()
        except Exception as exc:  # shown by the test's assertion
            results[name] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    return thread
