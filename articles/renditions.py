"""
Picture renditions: each captioned picture scaled to a few widths, so that a
phone downloads a small file and a wide screen a sharp one (``srcset``).

django-imagekit makes each rendition the first time a page asks for it and
remembers in the cache that it exists; no database rows are involved, so a
page with many pictures costs no extra queries.
"""

import logging
from dataclasses import dataclass

from imagekit import register
from imagekit.cachefiles import ImageCacheFile
from imagekit.specs import ImageSpec
from pilkit.processors import ResizeToFit

logger = logging.getLogger(__name__)

# The widths made of every picture wider than them. The story column is at
# most 42rem (672 px) wide, so 1200 px covers it on a two-pixel-per-point screen.
WIDTHS = (480, 800, 1200)

# How wide a body picture is drawn: the whole column, less the page margins on a phone.
BODY_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"


class WithoutMetadata:
    """
    A pilkit processor: the picture with its pixels, colour profile and
    transparency only. Pictures stored before uploads were cleaned
    (``newsroom.uploads``) may still carry the photographer's comment, which
    Pillow would otherwise write into every rendition.
    """

    KEPT = ("icc_profile", "transparency")

    def process(self, image):
        image.info = {key: value for key, value in image.info.items() if key in self.KEPT}
        return image


def _scaled_to(width):
    """
    The imagekit spec that scales a picture down to ``width`` pixels wide,
    registered: imagekit makes files only for the specs it knows.
    """
    spec = type(
        f"Width{width}",
        (ImageSpec,),
        {
            "processors": [ResizeToFit(width=width, upscale=False), WithoutMetadata()],
            "options": {"quality": 82},
        },
    )
    register.generator(f"articles:width-{width}", spec)
    return spec


SPECS = {width: _scaled_to(width) for width in WIDTHS}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int


class Renditions:
    """The versions of one picture a page may offer, narrowest first."""

    def __init__(self, image, width, height):
        self.image = image
        self.width = width
        self.height = height
        self.candidates = self._candidates()

    def _candidates(self):
        if not self.image or not self.width:
            return []
        original = Rendition(self.image.url, self.width)
        try:
            scaled = [
                Rendition(ImageCacheFile(SPECS[width](source=self.image)).url, width)
                for width in WIDTHS
                if width < self.width
            ]
        except (OSError, ValueError):
            # A picture missing from storage or unreadable is still shown, as it is.
            logger.warning("No renditions of %s", self.image.name, exc_info=True)
            return [original]
        # The original itself only when it is not much larger than the widest rendition.
        return scaled + [original] if self.width <= WIDTHS[-1] else scaled

    @property
    def src(self):
        """The picture for browsers that ignore ``srcset``: a middling width."""
        if not self.candidates:
            return ""
        fitting = [c for c in self.candidates if c.width <= 800]
        return (fitting or self.candidates)[-1].url

    @property
    def srcset(self):
        """``srcset`` when there is a choice of widths, else ""."""
        if len(self.candidates) < 2:
            return ""
        return ", ".join(f"{c.url} {c.width}w" for c in self.candidates)

    @property
    def largest(self):
        """The widest version offered, for share cards and JSON-LD; None without a picture."""
        return self.candidates[-1] if self.candidates else None

    @property
    def smallest(self):
        """The narrowest version, for thumbnails on lists."""
        return self.candidates[0] if self.candidates else None

    sizes = BODY_SIZES
