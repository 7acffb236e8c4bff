"""The API's documentation page: Swagger UI (drf-spectacular's split view: its assets from the
sidecar, its start-up script a file of its own) under the portal's Content Security Policy,
with a short introduction in the reader's language. The page's own styles are a stylesheet
(static/css/api-docs.css), not an inline block the policy would refuse."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class Docs(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
