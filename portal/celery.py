"""The Celery application. Tasks live in each app's tasks.py and only call services."""

import os

from celery import Celery

from portal import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The worker and beat log through the portal's LOGGING; a task carries the id of the request
# that sent it (portal/logs.py).
logs.connect_celery(app)


@app.on_after_configure.connect
def _make_embedded_transport_folders(sender, **kwargs):
    """The embedded (file-system) transport needs its folders before anything is sent."""
    from pathlib import Path

    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
