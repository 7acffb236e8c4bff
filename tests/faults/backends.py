"""E-mail backends for the fault tests, selected in the server processes through EMAIL_BACKEND."""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class FilePerMessageBackend(BaseEmailBackend):
    """Writes each message to its own `.eml` file under EMAIL_FILE_PATH, after a pause of
    MAIL_DELAY_SECONDS (a slow mail server, so that a test can kill a worker mid-batch).

    A file appears whole or not at all (written aside, then renamed), so the `.eml` files are
    exactly the messages the mail server accepted, and a test can count them per recipient
    and per notification (the X-Portal-Notification header).
    """

    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.delay = float(os.environ.get("MAIL_DELAY_SECONDS", "0"))

    def send_messages(self, email_messages):
        for message in email_messages:
            if self.delay:
                time.sleep(self.delay)
            name = uuid.uuid4().hex
            aside = self.directory / f".{name}.tmp"
            aside.write_bytes(message.message().as_bytes())
            os.replace(aside, self.directory / f"{name}.eml")
        return len(email_messages)


def delivered(directory):
    """(notification id, recipient) of every message FilePerMessageBackend wrote."""
    import email

    found = []
    for path in sorted(Path(directory).glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        found.append((int(message["X-Portal-Notification"]), message["To"]))
    return found
