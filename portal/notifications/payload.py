"""Ready-made e-mails in the queue: how a rendered message is kept in a row's payload, and
rebuilt from it when the row is sent.

A row of kind MESSAGE carries its content (queue.queue_message writes it); rows of any other
kind are rendered at send time from their target (see registry).
"""

import base64

from django.conf import settings

from portal.notifications.emails import PortalEmail

MESSAGE = "message"


def serialise(message):
    """The payload a row of kind MESSAGE keeps of `message` (JSON: attachments in base64)."""
    data = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "headers": dict(message.extra_headers),
        "reply_to": list(message.reply_to),
        "alternatives": [],
        "attachments": [],
    }
    for content, mimetype in getattr(message, "alternatives", []):
        data["alternatives"].append([content, mimetype])
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        data["attachments"].append([filename, base64.b64encode(content).decode(), mimetype])
    # Images the HTML part shows (cid:), kept as they were rendered.
    data["related"] = [
        [cid, base64.b64encode(content).decode(), mimetype]
        for cid, content, mimetype in getattr(message, "related", [])
    ]
    return data


def deserialise(notification):
    """The e-mail a row of kind MESSAGE carries, addressed to that row's address only."""
    data = notification.payload
    msg = PortalEmail(
        data["subject"],
        data["body"],
        data.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        [notification.email],
        headers=data.get("headers") or {},
        reply_to=data.get("reply_to") or [],
        related=[
            (cid, base64.b64decode(content), mimetype)
            for cid, content, mimetype in data.get("related", [])
        ],
    )
    for content, mimetype in data.get("alternatives", []):
        msg.attach_alternative(content, mimetype)
    for filename, content, mimetype in data.get("attachments", []):
        msg.attach(filename, base64.b64decode(content), mimetype)
    return msg
