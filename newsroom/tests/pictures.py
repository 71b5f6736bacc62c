"""
Pictures as cameras and attackers make them, for the upload tests: a phone
photo with its GPS position, a file padded to an exact size, a header that
claims more pixels than any newsroom picture has.
"""

import io
import struct
import zlib

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

# Where the photographer stood, as a phone writes it: 54°46'30"N 1°34'W, Durham.
GPS = {1: "N", 2: (54.0, 46.0, 30.0), 3: "W", 4: (1.0, 34.0, 0.0)}
CAMERA = "Pixel 9 serial 1A2B3C"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description creator="Jo Snapper"/></x:xmpmeta>'
COMMENT = b"Shot for the Echo by Jo Snapper"
IPTC_CAPTION = b"Caption written by the photographer"
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

# EXIF's orientation 6: the camera was turned; a viewer turns the picture 90° clockwise.
ROTATED = 6


def _iptc_segment(text):
    """A Photoshop APP13 segment holding an IPTC caption, as picture desks write it."""
    record = b"\x1c\x02\x78" + struct.pack(">H", len(text)) + text
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    data = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(data) + 2) + data


def upright_picture(width=30, height=40):
    """A picture as it should be seen: red above, blue below."""
    picture = Image.new("RGB", (width, height), "blue")
    picture.paste("red", (0, 0, width, height // 2))
    return picture


def phone_photo(width=30, height=40):
    """
    A JPEG as a phone writes it: stored on its side with an orientation tag,
    its GPS position, the camera, XMP, a comment, an IPTC caption and an sRGB
    colour profile. Upright it is ``width`` × ``height``, red above blue.
    """
    exif = Image.Exif()
    exif[0x0112] = ROTATED
    exif[0x0110] = CAMERA  # Model
    exif.get_ifd(0x8825).update(GPS)
    buffer = io.BytesIO()
    upright_picture(width, height).transpose(Image.Transpose.ROTATE_90).save(
        buffer,
        "JPEG",
        quality=95,
        exif=exif,
        xmp=XMP,
        comment=COMMENT,
        icc_profile=SRGB,
        extra=_iptc_segment(IPTC_CAPTION),
    )
    return buffer.getvalue()


def png_with_text(width=40, height=30):
    """A PNG with EXIF (GPS), XMP and a text chunk naming the photographer."""
    exif = Image.Exif()
    exif.get_ifd(0x8825).update(GPS)
    info = PngInfo()
    info.add_text("Author", "Jo Snapper")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 128)).save(
        buffer, "PNG", exif=exif, pnginfo=info
    )
    return buffer.getvalue()


def jpeg_of_exactly(size):
    """A valid JPEG of exactly ``size`` bytes: a small picture, padded after its end."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#336699").save(buffer, "JPEG")
    picture = buffer.getvalue()
    assert len(picture) <= size
    return picture + b"\0" * (size - len(picture))


def png_claiming(width, height):
    """
    A tiny PNG whose header claims ``width`` × ``height`` pixels: a
    decompression bomb, as far as anything that only reads the header knows.
    """
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    # IHDR's data starts after the 8-byte signature, its length and its type.
    ihdr = 8 + 4 + 4
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


# What a picture's file says of how to draw it, not of who took it where.
LAYOUT = {
    "icc_profile",
    "transparency",
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
}


def metadata_of(file):
    """Whatever a stored picture says beyond its pixels and colour profile."""
    file.seek(0)
    raw = file.read()
    file.seek(0)
    picture = Image.open(io.BytesIO(raw))
    return {
        "exif": dict(picture.getexif()),
        "gps": dict(picture.getexif().get_ifd(0x8825)),
        "info": sorted(key for key in picture.info if key not in LAYOUT),
        "text in file": [
            text
            for text in (CAMERA.encode(), XMP, COMMENT, IPTC_CAPTION, b"Jo Snapper", b"Exif")
            if text in raw
        ],
    }


NO_METADATA = {"exif": {}, "gps": {}, "info": [], "text in file": []}
