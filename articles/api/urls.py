from rest_framework.routers import SimpleRouter

from . import views

app_name = "articles"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("captions", views.CaptionViewSet, basename="caption")
router.register("sections", views.SectionViewSet, basename="section")

urlpatterns = router.urls
