"""What an uploaded document really is, and what of it is kept.

The type comes from the file's content, never from its name or the browser's claim:
a renamed executable, an SVG or an HTML page is refused whatever it is called.
Photos lose their EXIF (GPS position, camera serial, time) before they are stored.
"""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
HEIC = "image/heic"
TEXT = "text/plain"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ALLOWED_TYPES = frozenset({PDF, JPEG, PNG, HEIC, TEXT, DOC, DOCX})
HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
# The Word stream name as it appears in an OLE compound file's directory (UTF-16LE).
OLE_WORD_STREAM = "WordDocument".encode("utf-16-le")
MARKUP_STARTS = (b"<", b"\xef\xbb\xbf<")  # HTML, SVG, XML: never accepted as text
HEAD_BYTES = 8192


@dataclass
class Inspected:
    content_type: str
    content: UploadedFile | ContentFile  # what is stored: the upload, or a cleaned copy


def refused() -> ValidationError:
    return ValidationError(
        {"file": _("This file type is not accepted: upload a PDF, image, Word or text file.")}, code="file_type"
    )


def sniff(upload: UploadedFile) -> str:
    """The real type of the upload from its first bytes (and structure), or ValidationError."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return HEIC
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        return DOCX
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and _is_ole_word(upload):
        return DOC
    if _is_plain_text(head):
        return TEXT
    raise refused()


def _is_docx(upload: UploadedFile) -> bool:
    # Any zip starts with PK (jar, apk, xlsm...): a Word document has its main part.
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_ole_word(upload: UploadedFile) -> bool:
    # MSI installers and Excel files are OLE compound files too.
    data = upload.read(512 * 1024)
    upload.seek(0)
    return OLE_WORD_STREAM in data


def _is_plain_text(head: bytes) -> bool:
    if not head or b"\x00" in head or head.lstrip().startswith(MARKUP_STARTS):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            return False
    return True


def strip_image_metadata(upload: UploadedFile, content_type: str) -> ContentFile:
    """Re-encode a JPEG or PNG without EXIF, XMP, comments or text chunks.

    The orientation EXIF carried is applied to the pixels first, so the photo still
    looks the right way up. The colour profile is kept.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            icc = image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError({"file": _("This image could not be read; it may be damaged.")}, code="bad_image") from exc
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if content_type == JPEG:
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, format="JPEG", quality=92, optimize=True, **options)
    else:
        upright.save(out, format="PNG", optimize=True, **options)
    upload.seek(0)
    return ContentFile(out.getvalue(), name="cleaned")


def inspect(upload: UploadedFile) -> Inspected:
    content_type = sniff(upload)
    if content_type in (JPEG, PNG):
        return Inspected(content_type, strip_image_metadata(upload, content_type))
    return Inspected(content_type, upload)
