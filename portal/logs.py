"""Logs and error reports: one place for what the portal writes about itself.

- Every log record carries the id of the request (or of the Celery task a request caused)
  that wrote it, from a context variable the request middleware sets.
- LOG_FORMAT=json writes one JSON object a line (time in UTC, level, logger, message, and the
  record's context); text writes the same records for a person to read.
- RequestLogMiddleware writes one line per request (logger `portal.request`): its id, method,
  path, status, duration and the signed-in person's numeric id. Never the client's address or
  browser, nor the query string: both may identify someone who reported an integrity breach
  anonymously, and a query string may carry a receipt code. Secret parts of a path (a calendar
  feed's token, an e-mail confirmation or password reset key) are masked.
- The request id travels to the Celery tasks a request causes (a message header), and
  `send_in_thread` carries it to a thread a request starts.
- Errors: to a Sentry-compatible server when SENTRY_DSN is set (personal data scrubbed by
  `scrub_event`), else by e-mail to ADMINS (with portal.error_mail's report), and in the
  log in any case.
"""

import contextvars
import json
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.signals import request_finished

access_log = logging.getLogger("portal.request")


# --- The context of a record ------------------------------------------------------------


@dataclass
class Context:
    """What the records written on behalf of one request or one task share."""

    request_id: str
    request: object = None  # the HttpRequest, in the web processes
    task: str = ""  # the Celery task's name and id, in a worker
    task_id: str = ""
    path: str = ""  # the request's path, its secret parts masked (see masked_path)
    extra: dict = field(default_factory=dict)


_current = contextvars.ContextVar("portal_log_context", default=None)


def current():
    return _current.get()


def current_request_id():
    context = _current.get()
    return context.request_id if context else None


def current_user_id():
    """The signed-in person's numeric id, when the request has looked at who is signed in
    (every page drawn for a signed-in person does); never loads the session to find out."""
    context = _current.get()
    request = context.request if context else None
    user = getattr(request, "_cached_user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    return None


def send_in_thread(target, *args):
    """Start a daemon thread that runs `target` in a copy of this context: what it logs (or
    the tasks it sends) carries the request id of the request that started it."""
    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(target, *args), daemon=True)
    thread.start()
    return thread


# A request id from the proxy (nginx's $request_id: 32 hex digits) is kept when it looks like
# one; anything else is replaced, so that no one writes what they like into the log.
INCOMING_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")


def request_id_from(header):
    if header and INCOMING_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


# Arguments of URL patterns that are secrets: a calendar feed's token, allauth's e-mail
# confirmation and password reset keys (and the account id beside the latter).
SECRET_URL_ARGUMENTS = {"token", "key", "uidb36", "uidb64"}
MASK = "[hidden]"


def masked_path(path, view_kwargs):
    for name, value in view_kwargs.items():
        if name in SECRET_URL_ARGUMENTS and isinstance(value, str) and value:
            path = path.replace(value, MASK)
    return path


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives the request its id (answered in X-Request-ID), and writes
    one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = Context(
            request_id=request_id_from(request.headers.get("X-Request-ID")),
            request=request,
            path=request.path,
        )
        # Kept until the response is closed (request_finished), not only while the middleware
        # runs: Django writes its "Not Found: …" and "Forbidden: …" lines after the last
        # middleware has returned.
        _current.set(context)
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = context.request_id
        duration = round((time.monotonic() - started) * 1000, 1)
        user_id = current_user_id()
        access_log.info(
            "%s %s %s %sms user %s",
            request.method,
            context.path,
            response.status_code,
            duration,
            user_id if user_id is not None else "-",
            extra={
                "method": request.method,
                "path": context.path,
                "status": response.status_code,
                "duration_ms": duration,
                "user_id": user_id,
            },
        )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        context = _current.get()
        if context is not None:
            context.path = masked_path(request.path, view_kwargs)


def _request_finished(**kwargs):
    _current.set(None)


request_finished.connect(_request_finished, dispatch_uid="portal.logs.request_finished")


# --- Celery: the request id travels with the task ----------------------------------------

TASK_HEADER = "portal_request_id"
_task_tokens = {}


def _before_task_publish(headers=None, **kwargs):
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def _task_prerun(task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    request_id = getattr(request, TASK_HEADER, None) or (
        (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    )
    # A task run in the caller's thread (eager) keeps the caller's request id.
    request_id = request_id or current_request_id() or ""
    _task_tokens[task_id] = _current.set(
        Context(request_id=request_id, task=getattr(task, "name", ""), task_id=task_id or "")
    )


def _task_postrun(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # set in another context: clear rather than restore
            _current.set(None)


def _setup_logging(**kwargs):
    """The worker and beat log through the portal's LOGGING, as the web processes do,
    instead of Celery's own handlers (so LOG_LEVEL and LOG_FORMAT apply to them too)."""
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def connect_celery(app):
    from celery import signals

    signals.setup_logging.connect(_setup_logging, weak=False)
    signals.before_task_publish.connect(_before_task_publish, weak=False)
    signals.task_prerun.connect(_task_prerun, weak=False)
    signals.task_postrun.connect(_task_postrun, weak=False)


# --- Formats ------------------------------------------------------------------------------


class ContextFilter(logging.Filter):
    """Stamps each record with the request id (and the task) of the context that wrote it,
    and masks secret parts of the path in Django's own request messages."""

    def filter(self, record):
        context = _current.get()
        if context is None:
            return True
        if context.request_id and not hasattr(record, "request_id"):
            record.request_id = context.request_id
        if context.task and not hasattr(record, "task"):
            record.task = context.task
            record.task_id = context.task_id
        request = getattr(record, "request", None)
        if (
            request is not None
            and isinstance(record.args, tuple)
            and context.path != getattr(request, "path", context.path)
        ):
            record.args = tuple(
                context.path if arg == request.path else arg for arg in record.args or ()
            )
        return True


# Attributes every LogRecord has: the JSON line carries the others (a record's `extra`), when
# they are plain values. `request` (Django's) is the whole HttpRequest: never written.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name in _STANDARD or name.startswith("_") or name in entry:
                continue
            if value is None or isinstance(value, str | int | float | bool):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`2026-12-06 10:15:02,123 INFO portal.request [3f2a…] GET / 200 12.5ms user 7`"""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(context)s%(message)s")

    def format(self, record):
        request_id = getattr(record, "request_id", "")
        record.context = f"[{request_id}] " if request_id else ""
        return super().format(record)


def logging_config(*, log_format="text", level="INFO", admins=False):
    """Django's LOGGING: everything to standard error in `log_format`; with `admins`, errors
    also e-mailed to ADMINS (the fallback when no Sentry-compatible server is configured)."""
    if log_format not in ("text", "json"):
        raise ValueError(f"LOG_FORMAT must be text or json, not {log_format!r}")
    handlers = {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": log_format,
            "filters": ["context"],
        }
    }
    root_handlers = ["console"]
    if admins:
        handlers["mail_admins"] = {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["context", "require_debug_false"],
            "reporter_class": "portal.error_mail.PrivateExceptionReporter",
        }
        root_handlers.append("mail_admins")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "portal.logs.ContextFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "text": {"()": "portal.logs.TextFormatter"},
            "json": {"()": "portal.logs.JsonFormatter"},
        },
        "handlers": handlers,
        "root": {"handlers": root_handlers, "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # Django's own loggers keep their handlers otherwise (its default configuration
            # e-mails admins and prints to the console on its own): through the root only.
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": level, "propagate": True},
        },
    }


# --- Sentry -------------------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def mask_emails(value):
    if isinstance(value, str):
        return EMAIL.sub("[email]", value)
    if isinstance(value, dict):
        return {key: mask_emails(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_emails(item) for item in value]
    return value


def scrub_event(event, hint=None):
    """Sentry's before_send: the event keeps what finds the bug (the exception, its stack
    without local values, the method and path, the request id, the person's numeric id) and
    loses what identifies people: cookies, headers (the browser, Authorization, the
    forwarded address), the query string, form data, the address, any e-mail address in a
    message, and the log lines written before the error (they may quote what was sent)."""
    context = current()
    request = event.get("request")
    if request is not None:
        url = request.get("url", "")
        if context is not None and context.path and url:
            scheme_host = url.split("://", 1)
            if len(scheme_host) == 2:
                host = scheme_host[1].split("/", 1)[0]
                url = f"{scheme_host[0]}://{host}{context.path}"
        event["request"] = {"method": request.get("method"), "url": url.split("?", 1)[0]}
    user_id = current_user_id()
    event["user"] = {"id": str(user_id)} if user_id is not None else {}
    if context is not None and context.request_id:
        event.setdefault("tags", {})["request_id"] = context.request_id
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [
            crumb for crumb in breadcrumbs.get("values", []) if crumb.get("category") == "query"
        ]
    return mask_emails(event)


def init_sentry(dsn, *, environment, release=None):
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
    )
