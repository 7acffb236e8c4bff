from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server refused the connection")


SENT = []  # the notification id of every message the RecordingBackend "sent"


class RecordingBackend(BaseEmailBackend):
    """Records what it sends, from any thread; slow enough that dispatchers overlap."""

    def send_messages(self, email_messages):
        import time

        for message in email_messages:
            time.sleep(0.002)
            SENT.append(message.extra_headers.get("X-Portal-Notification"))
        return len(email_messages)
