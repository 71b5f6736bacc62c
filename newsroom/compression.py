"""
Compressing pages and API answers for readers, without opening them to BREACH.

BREACH recovers a secret from a compressed response's size when the same
response also reflects something an attacker chose. Newsroom's secrets in a
response body are a CSRF token (a form, the admin's pages) and what only a
signed-in account may see; so only responses that are the same for everyone
are compressed: no signed-in user, no cookie set by the response (a rendered
CSRF token sets one), and not marked ``private`` or ``no-store`` (the admin's
pages and everything the page cache renders for a signed-in user are).
Readers' pages, feeds and API answers, most of the bytes served, are
compressed; editors' work is not. A page the page cache keeps is compressed
once, when it is kept, and each reader is sent that copy
(``compressed_content``). Static files are compressed ahead of time
by collectstatic (WhiteNoise) and never reach this middleware.
"""

from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from accounts.sessions import signed_in

PERSONAL = {"private", "no-store"}


def same_for_everyone(request, response):
    """Whether ``response`` holds nothing for one person only, so may be compressed."""
    if signed_in(request) or response.cookies:
        return False
    directives = {
        directive.split("=", 1)[0].strip().lower()
        for directive in response.get("Cache-Control", "").split(",")
    }
    return not directives & PERSONAL


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for responses that are the same for everyone."""

    def process_response(self, request, response):
        if not same_for_everyone(request, response):
            return response
        if response.status_code == 304:
            # A 304 stands for the 200 it confirms: the same Vary, and the
            # weak ETag a compressed 200 carried (an empty body is never compressed).
            patch_vary_headers(response, ("Accept-Encoding",))
            etag = response.get("ETag")
            accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
            if accepts_gzip and etag and etag.startswith('"'):
                response.headers["ETag"] = "W/" + etag
            return response
        gzipped = getattr(response, "compressed_content", None)
        if gzipped is None or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        # Compressed once when the page cache kept it (newsroom/cache.py), not for every reader.
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        response.content = gzipped
        response.headers["Content-Length"] = str(len(gzipped))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


def compressed(content):
    """
    ``content`` compressed for ``PublicGZipMiddleware`` to send as it is (see
    ``compressed_content``), or None where it would send it uncompressed.
    """
    if len(content) < 200:
        return None
    gzipped = compress_string(content)
    return gzipped if len(gzipped) < len(content) else None
