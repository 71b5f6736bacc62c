from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import search  # noqa: F401  (connects the search vector receivers)
        from .signals import connect as connect_page_cache_receivers

        connect_page_cache_receivers()
