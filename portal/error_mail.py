"""The error e-mails to ADMINS (the fallback when no Sentry-compatible server is configured:
portal.logs.logging_config names PrivateExceptionReporter for Django's AdminEmailHandler).

Apart from portal.logs, which settings import: Django's debug views, which these build on,
are only loaded when the handler is made, not while the settings are being read.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from portal.logs import current, current_request_id, current_user_id, mask_emails


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """What an error e-mail must not carry: the client's address and browser, cookies, the
    query string and referrer, form data, and the values of local variables (an e-mail
    address, a complaint's text)."""

    HIDDEN_META = {
        "REMOTE_ADDR",
        "REMOTE_HOST",
        "REMOTE_PORT",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_REAL_IP",
        "HTTP_FORWARDED",
        "HTTP_USER_AGENT",
        "HTTP_COOKIE",
        "HTTP_REFERER",
        "HTTP_AUTHORIZATION",
        "QUERY_STRING",
    }

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: self.cleansed_substitute if key in self.HIDDEN_META else value
            for key, value in meta.items()
        }

    def get_safe_cookies(self, request):
        return {name: self.cleansed_substitute for name in getattr(request, "COOKIES", {})}

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {name: self.cleansed_substitute for name in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivateExceptionReporter(ExceptionReporter):
    """The error e-mail's report: PrivateExceptionReporterFilter's, without the query string
    or the uploaded files' names, the person's numeric id for their e-mail, and any e-mail
    address in the error's message masked (the e-mail leaves the server, as Sentry's events
    do; the log keeps the message as it is)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filter = PrivateExceptionReporterFilter()

    def get_traceback_data(self):
        data = super().get_traceback_data()
        hidden = self.filter.cleansed_substitute
        if self.request is not None:
            data["request_GET_items"] = [(name, hidden) for name in self.request.GET]
            data["request_FILES_items"] = [(name, hidden) for name in self.request.FILES]
            data["request_insecure_uri"] = current().path if current() else self.request.path
        user_id = current_user_id()
        data["user_str"] = f"user #{user_id}" if user_id is not None else "-"
        request_id = current_request_id()
        if request_id:
            data["exception_value"] = f"{data.get('exception_value', '')} [request {request_id}]"
        return data

    def get_traceback_text(self):
        return mask_emails(super().get_traceback_text())

    def get_traceback_html(self):
        return mask_emails(super().get_traceback_html())
