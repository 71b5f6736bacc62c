"""
The public site as readers and search engines see it: its name and the
absolute address of every page, for canonical links, share cards and JSON-LD.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.templatetags.static import static

from accounts.sessions import signed_in

from .pagination import Paginator


@dataclass(frozen=True)
class Site:
    """The site's name and its address (scheme and host, no trailing slash)."""

    name: str
    url: str

    def absolute(self, url):
        """``url`` ("/articles/…/", "/media/…") made absolute on this site."""
        return urljoin(f"{self.url}/", url)

    @property
    def logo_url(self):
        """
        The publisher's logo, for JSON-LD: ``NEWSROOM_PUBLISHER_LOGO``, a
        static file's path or an address of its own, made absolute.
        """
        logo = settings.NEWSROOM_PUBLISHER_LOGO
        return self.absolute(logo if "://" in logo else static(logo))


def current_site(request=None):
    """
    The site: ``SITE_URL`` whenever it is set, and always in production (the
    settings refuse to start without it), so a forged ``Host`` header never
    reaches a canonical link. Only on a laptop or a test server, with no
    ``SITE_URL``, is it the scheme and host this request came in on.
    """
    url = settings.SITE_URL.rstrip("/")
    if not url and request is not None:
        url = f"{request.scheme}://{request.get_host()}"
    return Site(name=settings.SITE_NAME, url=url)


def site(request):
    """Context processor: ``site`` on every page."""
    return {"site": current_site(request)}


def listing_page(request, items, per_page):
    """
    The page of ``items`` that ``?page=`` asks for (a bad number gives the
    first page, one past the end the last) and its canonical address: the bare
    path for page 1, so search engines see one first page. Anonymous
    readers all get the list their path names, so their pages share one kept
    count (``newsroom.pagination``).
    """
    count_name = None if signed_in(request) else request.path
    paginator = Paginator(items, per_page, count_name=count_name, request=request)
    page = paginator.get_page(request.GET.get("page"))
    path = request.path if page.number == 1 else f"{request.path}?page={page.number}"
    return page, current_site(request).absolute(path)
