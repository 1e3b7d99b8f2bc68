from django.urls import path, re_path

from . import calendar_views

urlpatterns = [
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/events.json", calendar_views.calendar_events, name="calendar-events"),
    path("calendar/feeds/", calendar_views.feeds_page, name="calendar-feeds"),
    # Any token shape reaches the view, so that a malformed one is a plain 404 too.
    re_path(r"^calendar/feeds/(?P<token>[^/]+)\.ics$", calendar_views.feed_ics, name="calendar-feed"),
]
