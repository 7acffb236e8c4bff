from django.urls import path

from portal.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("new/", views.endpoint_create, name="create"),
    path("<int:pk>/", views.endpoint_detail, name="detail"),
    path("<int:pk>/edit/", views.endpoint_edit, name="edit"),
    path("<int:pk>/secret/", views.endpoint_secret, name="secret"),
    path("<int:pk>/delete/", views.endpoint_delete, name="delete"),
    path("<int:pk>/ping/", views.endpoint_ping, name="ping"),
    path("<int:pk>/enable/", views.endpoint_enable, name="enable"),
    path("deliveries/<int:pk>/redeliver/", views.redeliver, name="redeliver"),
]
