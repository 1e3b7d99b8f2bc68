from django.urls import path

from . import reminder_views

urlpatterns = [
    path("notifications/", reminder_views.notifications, name="notifications"),
    path(
        "settings/deadline-rules/<int:organization_id>/",
        reminder_views.deadline_rules,
        name="deadline-rules",
    ),
]
