"""
Uploaded pictures: the limits they must keep, and how their originals are stored.

A newsroom's pictures are public the moment they are stored (``MEDIA_URL`` is
served as it is), and a photographer's camera writes into each file where it
was taken, on what, and by whom. So every picture a caption or a portrait
takes is, before it is stored:

- checked: a known picture format, at most ``PICTURE_MAX_BYTES`` bytes and
  ``PICTURE_MAX_PIXELS`` pixels (a small file can unpack to gigabytes: a
  "decompression bomb"), each refused with a message that says so;
- cleaned: turned upright as its EXIF orientation says, then written again
  with its pixels and colour profile only, so no GPS position, camera serial,
  XMP or IPTC caption or comment reaches the public;
- named at random (``captions/<32 hex digits>.jpg``): nothing in the name
  comes from what the uploader called the file, so a scheduled story's
  picture cannot be found before the story is live.

``PictureField`` does all of it in the model layer, so the admin, the API and
the loader store pictures the same way. Renditions (``articles.renditions``)
are made from the stored original and named after it, so they carry neither
metadata nor the uploaded name either. Pictures stored before this keep their
files and names (no data migration); their renditions drop the metadata.
"""

import io
import os
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.forms import ImageField as ImageFormField
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

# The formats a browser shows, by the extension the stored file gets.
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}

# Pillow refuses to open a picture with more than twice this many pixels, and
# everything that opens pictures here (uploads, renditions, the loader) keeps
# the same bound.
Image.MAX_IMAGE_PIXELS = settings.PICTURE_MAX_PIXELS


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.0f} megapixels"


def validate_picture(file):
    """
    Refuse a newly uploaded picture that is too large, in bytes or in pixels,
    damaged, or not in a format browsers show; a picture already stored is not
    read again.
    """
    # A stored file was checked when it came in; reading it back on every
    # edit of its caption would cost a trip to storage for nothing.
    if getattr(file, "_committed", False):
        return
    # A picture is good when it can be cleaned: that decodes it, once, and
    # the cleaned picture is kept for the save.
    cleaned_picture(file)


def cleaned_picture(file):
    """
    The picture in ``file`` as it is stored: upright, with its pixels and
    colour profile and nothing else, named ``picture.<extension of its
    format>``; a ValidationError if it is not a picture within the limits.
    The upload remembers it, so the form, the model's checks and the save
    decode a picture only once.
    """
    # The upload under a model's FieldFile: the form's check, the model's and
    # the save all see this one object.
    upload = file.file if isinstance(file, FieldFile) else file
    cleaned = getattr(upload, "newsroom_cleaned_picture", None)
    if cleaned is None:
        cleaned = _clean(upload)
        upload.newsroom_cleaned_picture = cleaned
    return cleaned


def _clean(file):
    _check_size(file.size)
    file.seek(0)
    header = file.read(64)
    with _opened(file) as original:
        original_format = original.format
        if original_format not in EXTENSIONS:
            raise ValidationError(
                "A picture must be a JPEG, PNG, GIF or WebP file.", code="unsupported_format"
            )
        if getattr(original, "n_frames", 1) > 1:
            raise ValidationError(
                "An animated picture cannot be used; upload a still one.", code="animated"
            )
        _check_pixels(*original.size)
        try:
            # Decoding here is where a damaged file shows it is damaged.
            picture = ImageOps.exif_transpose(original)
        except (OSError, SyntaxError, ValueError) as error:
            raise _not_a_picture() from error
        options = {}
        if icc_profile := original.info.get("icc_profile"):
            options["icc_profile"] = icc_profile
        if "transparency" in original.info:
            options["transparency"] = original.info["transparency"]
        if original_format == "JPEG":
            # The original's own quantisation tables and subsampling: writing
            # the picture again costs it as little as a JPEG allows.
            options |= {
                "qtables": original.quantization,
                "subsampling": JpegImagePlugin.get_sampling(original),
            }
        elif original_format == "WEBP":
            # Pillow does not say whether a WebP is lossless; its first chunk does.
            options |= {"lossless": b"VP8L" in header, "quality": 90}
        # Every encoder falls back on what the opened picture carried (EXIF,
        # XMP, comments, text chunks): none of it goes on.
        picture.info = {}
        buffer = io.BytesIO()
        picture.save(buffer, original_format, **options)
    # Named, as Django reads a picture's width and height only from a named file.
    return ContentFile(buffer.getvalue(), name=f"picture{EXTENSIONS[original_format]}")


def _check_size(size):
    limit = settings.PICTURE_MAX_BYTES
    if size > limit:
        raise ValidationError(
            "This picture is %(size)s (%(bytes)s bytes); "
            "a picture may be at most %(limit)s (%(limit_bytes)s bytes).",
            code="too_large",
            params={
                "size": filesizeformat(size),
                "bytes": f"{size:,}",
                "limit": filesizeformat(limit),
                "limit_bytes": f"{limit:,}",
            },
        )


def _check_pixels(width, height):
    limit = settings.PICTURE_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            "This picture is %(width)s × %(height)s pixels (%(pixels)s); "
            "a picture may have at most %(limit)s.",
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "pixels": _megapixels(width * height),
                "limit": _megapixels(limit),
            },
        )


def _not_a_picture():
    return ValidationError("This file is not a picture, or it is damaged.", code="invalid_image")


class _opened:
    """
    The picture in ``file`` opened by Pillow (which reads only its header),
    as a context manager that puts the file back at its start afterwards; a
    file Pillow cannot read, or one so large Pillow refuses it, is a
    ValidationError.
    """

    def __init__(self, file):
        self.file = file

    def __enter__(self):
        self.file.seek(0)
        try:
            return Image.open(self.file)
        except Image.DecompressionBombError:
            # Pillow refuses over twice its limit before telling us the size.
            raise ValidationError(
                "This picture has more than %(pillow_limit)s; "
                "a picture may have at most %(limit)s.",
                code="too_many_pixels",
                params={
                    "pillow_limit": _megapixels(2 * Image.MAX_IMAGE_PIXELS),
                    "limit": _megapixels(settings.PICTURE_MAX_PIXELS),
                },
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise _not_a_picture() from error

    def __exit__(self, *exc):
        # Not image.close(): that would close the uploaded file with it.
        self.file.seek(0)


@deconstructible
class RandomName:
    """
    ``upload_to`` for pictures: ``<folder>/<32 random hex digits><extension>``.
    Only the extension of the name it is given is kept, and ``PictureFile``
    gives the one of the format it stores, not the uploader's.
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = os.path.splitext(filename)[1].lower()
        return f"{self.folder}/{secrets.token_hex(16)}{extension}"


class PictureFile(ImageFieldFile):
    """A stored picture: whatever is saved into it is cleaned first."""

    def save(self, name, content, save=True):
        content = cleaned_picture(content)
        # The extension is the format actually stored; the rest of the name is upload_to's.
        super().save(content.name, content, save)


class PictureFormField(ImageFormField):
    """
    The upload box of a picture: the picture's limits are checked before
    Django's own image check opens the file, so a decompression bomb or a file
    over the size limit gets its own message, not "not a valid image".
    """

    def to_python(self, data):
        if data not in self.empty_values:
            validate_picture(data)
        return super().to_python(data)


class PictureField(models.ImageField):
    """
    An ImageField for pictures the public sees: checked against the limits
    (``validate_picture``), cleaned of metadata and stored under a random
    name (``PictureFile``, with ``upload_to=RandomName(folder)``).
    """

    attr_class = PictureFile
    default_validators = [validate_picture]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})
