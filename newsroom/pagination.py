"""
Pages of a list that stay cheap however deep a reader goes: every HTML list
(``newsroom.site.listing_page``) and every API list (``newsroom.api.Pagination``)
is cut into pages here.
"""

from django.core import paginator
from django.db.models import QuerySet


class Paginator(paginator.Paginator):
    """
    Django's paginator, reading a page past the first as the database's
    indexes serve it: first the keys of the page's rows, skipping the rows
    before it in the list's index alone, then those rows in full. ``OFFSET``
    on the whole rows makes the database read every skipped row's (page
    1,000 of the stories reads 20,000 of them); on the keys it steps over
    index entries. The page holds the same rows in the same order either way.
    """

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
