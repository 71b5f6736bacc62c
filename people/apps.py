from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from .signals import connect as connect_page_cache_receivers

        connect_page_cache_receivers()
