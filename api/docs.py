"""The API's documentation page: Swagger UI (drf-spectacular's split view: its assets from the
sidecar, its start-up script a file of its own) under the portal's Content Security Policy,
with a short introduction in the reader's language. The page's own styles are a stylesheet
(static/css/api-docs.css), not an inline block the policy would refuse."""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.response import Response


class Docs(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"


class Schema(SpectacularAPIView):
    """The OpenAPI schema, drawn once per process and language.

    It is the code's own and the same for every reader (SERVE_PUBLIC), yet drawing it walks
    every view and serializer (about a second): once per language is enough. The `version`
    query parameter is ignored, the version being the path's (`v1`), so that the kept drawings
    are one per language whatever a client sends; a changed setting (tests) forgets them.
    """

    drawn = {}

    def _get_version_parameter(self, request):
        return None

    def _get_schema_response(self, request):
        try:
            language = translation.get_supported_language_variant(translation.get_language())
        except LookupError:
            language = settings.LANGUAGE_CODE
        if language not in self.drawn:
            generator = self.generator_class(urlconf=self.urlconf, patterns=self.patterns)
            self.drawn[language] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, None)
        return Response(
            data=self.drawn[language],
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )


@receiver(setting_changed)
def _forget_schema(**kwargs):
    Schema.drawn.clear()
