# surveys-send's branch only: surveys-build owns this file. At merge, keep build's file and
# add the two lines marked "surveys-send" at the end of its urlpatterns (the "answer" line here
# is a stand-in for build's answer page, so that e-mails and redirects can name it).
from django.urls import path
from django.views.generic import RedirectView

from surveys.views import invitations

app_name = "surveys"

urlpatterns = [
    path("<slug:slug>/", RedirectView.as_view(url="/"), name="answer"),  # stand-in (build's)
    # surveys-send:
    path("manage/<int:pk>/invitations/", invitations.invitations, name="invitations"),
    path("manage/<int:pk>/invitations/remind/", invitations.remind, name="remind"),
]
