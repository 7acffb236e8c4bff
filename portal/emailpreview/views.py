"""Officers' e-mail previews: a list of every template, and one page per template and
language showing its subject, headers, text part and HTML part. The HTML part is a page of
its own, shown in a sandboxed frame under a CSP that lets nothing load or run."""

import base64

from csp.decorators import csp
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from portal import emailpreview
from portal.permissions import customs_required

HEADERS = ("From", "Reply-To", "List-Unsubscribe", "List-Unsubscribe-Post")


def _message(name, language):
    if language not in emailpreview.LANGUAGES or name not in emailpreview.names():
        raise Http404
    return emailpreview.render(name, language)


def _html(message):
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    # In the preview, the images the e-mail carries as related parts come as data: URIs.
    for cid, data, mimetype in getattr(message, "related", []):
        uri = f"data:{mimetype};base64,{base64.b64encode(data).decode()}"
        html = html.replace(f"cid:{cid}", uri)
    return html


@customs_required
def index(request):
    return render(
        request,
        "emailpreview/index.html",
        {"names": emailpreview.names(), "preview_languages": emailpreview.LANGUAGES},
    )


@customs_required
def detail(request, name, language):
    message = _message(name, language)
    headers = message.message()
    return render(
        request,
        "emailpreview/detail.html",
        {
            "name": name,
            "language": language,
            "preview_languages": emailpreview.LANGUAGES,
            "message": message,
            "headers": [(h, headers[h]) for h in HEADERS if headers[h]],
            "attachments": [filename for filename, _content, _type in message.attachments],
            "images": [cid for cid, _data, _type in getattr(message, "related", [])],
        },
    )


@customs_required
@xframe_options_sameorigin
@csp(
    {
        "default-src": "'none'",
        "style-src": "'unsafe-inline'",
        "img-src": "data:",
        "frame-ancestors": "'self'",
        "sandbox": "",
    }
)
def html_part(request, name, language):
    """The HTML part alone, for the preview page's frame: no script, no request anywhere."""
    html = _html(_message(name, language))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
