from rest_framework.routers import SimpleRouter

from . import views

app_name = "people"

router = SimpleRouter()
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
