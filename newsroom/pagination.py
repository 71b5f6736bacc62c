"""
Pages of a list that stay cheap however deep a reader goes and however long
the archive: every HTML list (``newsroom.site.listing_page``), API list
(``newsroom.api.Pagination``) and sitemap is cut into pages here.
"""

from django.core import paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from newsroom.cache import list_fact


class Paginator(paginator.Paginator):
    """
    Django's paginator, reading a page past the first as the database's
    indexes serve it: first the keys of the page's rows, skipping the rows
    before it in the list's index alone, then those rows in full. ``OFFSET``
    on the whole rows makes the database read every skipped row's (page
    1,000 of the stories reads 20,000 of them); on the keys it steps over
    index entries. The page holds the same rows in the same order either way.

    A list that is the same for every reader is given a ``count_name`` (its
    address and filters), under which its count is kept until content or the
    clock changes it (``newsroom.cache.list_fact``) and shared by all its
    pages, rather than counted for each page rendered.
    """

    def __init__(self, object_list, per_page, *args, count_name=None, request=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_name = count_name
        self.request = request

    @cached_property
    def count(self):
        counted = paginator.Paginator.count.func
        if self.count_name is None:
            return counted(self)
        return list_fact(f"count {self.count_name}", lambda: counted(self), self.request)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(bottom, top), number, self)

    def rows(self, bottom, top):
        """The list's rows from ``bottom`` up to (not including) ``top``."""
        items = self.object_list
        if bottom == 0 or not self.keys_first(items):
            return items[bottom:top]
        return items.filter(pk__in=items.values("pk")[bottom:top])

    @staticmethod
    def keys_first(items):
        """
        Whether ``items`` can be read keys first: a queryset that is not a
        union or already sliced, nor DISTINCT (whose keys would come with the
        columns it is ordered by).
        """
        query = getattr(items, "query", None)
        return (
            isinstance(items, QuerySet)
            and not query.combinator
            and not query.is_sliced
            and not query.distinct
        )
