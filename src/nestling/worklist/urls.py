from django.urls import path

from nestling.worklist import views

urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("week/", views.week_schedule, name="week_schedule"),
    path("week/calendar/", views.calendar_feed, name="calendar_feed"),
    # The secret address a calendar app reads, with no session.
    path("calendar/<str:token>.ics", views.calendar_feed_ics, name="calendar_feed_ics"),
]
