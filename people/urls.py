from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/stories/", views.stories, name="stories"),
    path("<slug:slug>/quotes/", views.quotes, name="quotes"),
    path("<slug:slug>/pictures/", views.pictures, name="pictures"),
]
