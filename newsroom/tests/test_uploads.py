"""
Pictures stored by the model layer, whoever saves them (admin, API, loader):
within the limits, upright, without the camera's metadata, under a random name.
The admin's forms are tested in articles/tests/test_picture_uploads.py and
people/tests/test_portrait_uploads.py.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from newsroom.tests.pictures import (
    NO_METADATA,
    SRGB,
    jpeg_of_exactly,
    metadata_of,
    phone_photo,
    png_claiming,
    png_with_text,
)
from newsroom.uploads import validate_picture
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def saved_portrait(content, name="jo-snapper-durham-2019.jpg"):
    person = PersonFactory(portrait_alt_text="A portrait")
    person.portrait = ContentFile(content, name=name)
    person.full_clean()
    person.save()
    person.refresh_from_db()
    return person


def test_a_phone_photo_saved_without_a_form_loses_its_gps_and_every_other_metadata():
    person = saved_portrait(phone_photo())

    with person.portrait.open() as file:
        assert metadata_of(file) == NO_METADATA


def test_a_phone_photo_is_stored_upright_with_its_colour_profile():
    person = saved_portrait(phone_photo(width=30, height=40))

    with person.portrait.open() as file:
        picture = Image.open(file)
        picture.load()
    assert picture.size == (30, 40)
    assert (person.portrait_width, person.portrait_height) == (30, 40)
    red, _, blue = picture.getpixel((15, 5))
    assert red > 200 > blue
    red, _, blue = picture.getpixel((15, 35))
    assert blue > 200 > red
    assert picture.info["icc_profile"] == SRGB


def test_a_png_loses_its_text_chunks_and_exif_and_keeps_its_transparency():
    person = saved_portrait(png_with_text(), name="jo.png")

    assert person.portrait.name.endswith(".png")
    with person.portrait.open() as file:
        assert metadata_of(file) == NO_METADATA
        file.seek(0)
        assert Image.open(file).getpixel((0, 0)) == (0, 128, 0, 128)


def test_a_stored_name_is_random_and_says_nothing_of_the_uploaded_name():
    first = saved_portrait(phone_photo())
    second = saved_portrait(phone_photo())

    for person in (first, second):
        folder, name = person.portrait.name.rsplit("/", 1)
        assert folder == "people/portraits"
        stem, extension = name.split(".")
        assert len(stem) == 32
        assert int(stem, 16) >= 0
        assert extension == "jpg"
        for word in ("jo", "snapper", "durham", "2019"):
            assert word not in name
    assert first.portrait.name != second.portrait.name


def test_the_extension_is_the_stored_format_not_the_uploaded_one():
    person = saved_portrait(png_with_text(), name="holiday.JPG")

    assert person.portrait.name.endswith(".png")


def test_a_picture_at_the_size_limit_is_accepted_and_one_byte_over_is_refused(settings):
    settings.PICTURE_MAX_BYTES = 5_000

    validate_picture(ContentFile(jpeg_of_exactly(5_000), name="at.jpg"))
    with pytest.raises(ValidationError) as refused:
        validate_picture(ContentFile(jpeg_of_exactly(5_001), name="over.jpg"))
    assert refused.value.code == "too_large"
    assert refused.value.messages == [
        "This picture is 4.9\xa0KB (5,001 bytes); "
        "a picture may be at most 4.9\xa0KB (5,000 bytes)."
    ]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("width", "height", "message"),
    [
        # Over the limit, under Pillow's own refusal at twice it.
        (8_000, 8_000, "This picture is 8000 × 8000 pixels (64 megapixels); "),
        # Refused by Pillow itself.
        (12_000, 12_000, "This picture has more than 100 megapixels; "),
        (1_000_000, 1_000_000, "This picture has more than 100 megapixels; "),
    ],
)
def test_a_decompression_bomb_is_refused_before_it_is_decoded(width, height, message):
    with pytest.raises(ValidationError) as refused:
        validate_picture(ContentFile(png_claiming(width, height), name="bomb.png"))

    assert refused.value.code == "too_many_pixels"
    assert refused.value.messages == [f"{message}a picture may have at most 50 megapixels."]


def test_a_picture_of_exactly_the_pixel_limit_is_accepted(settings):
    settings.PICTURE_MAX_PIXELS = 40 * 30

    validate_picture(ContentFile(jpeg_of_exactly(2_000), name="at.jpg"))
    settings.PICTURE_MAX_PIXELS = 40 * 30 - 1
    with pytest.raises(ValidationError, match="40 × 30 pixels"):
        validate_picture(ContentFile(jpeg_of_exactly(2_000), name="over.jpg"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a picture at all", "not a picture, or it is damaged"),
        (phone_photo()[:300], "not a picture, or it is damaged"),
    ],
)
def test_a_file_that_is_not_a_whole_picture_is_refused_with_a_message(content, message):
    person = PersonFactory(portrait_alt_text="A portrait")
    person.portrait = ContentFile(content, name="x.jpg")

    with pytest.raises(ValidationError, match=message):
        person.full_clean()


def test_a_format_browsers_do_not_show_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "TIFF")

    with pytest.raises(ValidationError, match="JPEG, PNG, GIF or WebP"):
        validate_picture(ContentFile(buffer.getvalue(), name="scan.tiff"))


def test_a_stored_picture_is_not_read_again_when_its_person_is_edited():
    person = saved_portrait(phone_photo())
    person.portrait.storage.delete(person.portrait.name)
    person.biography = "Edited."

    # A missing file would fail any check that read it.
    person.full_clean()
