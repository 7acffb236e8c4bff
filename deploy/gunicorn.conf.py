"""gunicorn's configuration for the portal's web processes: `gunicorn -c deploy/gunicorn.conf.py
portal.wsgi ...` (the command line's other options still apply).

Only what the portal's metrics need (docs/operations.md, "Metrics"): with
PROMETHEUS_MULTIPROC_DIR set, each worker process writes its request counts to files in that
folder and /metrics adds up the files of every process, those of workers that were replaced
included (their requests were served). So the folder is emptied when gunicorn starts (counts
start again from zero, as after any restart of a single process, which Prometheus's rate()
expects), and a worker that exits is marked dead (prometheus_client then drops the gauges it
kept live; the portal keeps none, but a later one may). Without the variable these hooks do
nothing, and each process shows its own counts.
"""

import os
from pathlib import Path


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):  # prometheus_client's files only, nothing else there
        stale.unlink()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
