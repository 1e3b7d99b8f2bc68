"""Uploads: size cap, type by content against an allow-list, metadata stripped from
photos, private storage, downloads only as attachments through a scoped view."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from casetracker.models import AuditEntry
from cases.models import Document
from cases.services import document_add

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


def zipped(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def photo_with_gps(fmt: str) -> bytes:
    image = Image.new("RGB", (8, 6), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:11:02 10:00:00"  # DateTime
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (31.0, 33.0, 36.0), 3: "W", 4: (91.0, 24.0, 0.0)})
    out = io.BytesIO()
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", "taken at Adams County")
        image.save(out, format="PNG", exif=exif, pnginfo=info)
    else:
        image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def add(case, user, name: str, content: bytes, declared: str) -> Document:
    return document_add(case=case, by=user, upload=SimpleUploadedFile(name, content, content_type=declared))


def message(excinfo) -> list[str]:
    return excinfo.value.message_dict["file"]


# --- Refused ------------------------------------------------------------------------------


def test_an_oversized_upload_is_refused_in_the_admin(client, advocate, case, settings, private_storage):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    client.force_login(advocate)

    response = client.post(
        reverse("admin:cases_document_add"),
        {"case": case.pk, "kind": "evidence", "title": "Scan", "upload": SimpleUploadedFile("big.pdf", PDF + b"0" * 2**20)},
    )

    assert response.status_code == 200
    assert "larger than the 1 MB limit" in response.content.decode()
    assert not Document.objects.exists()
    assert not any(p.is_file() for p in private_storage.rglob("*"))


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("statement.pdf", EXE, "application/pdf"),  # a renamed executable
        ("statement.docx", EXE, "application/octet-stream"),
        ("archive.docx", zipped({"payload.exe": EXE}), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("drawing.png", SVG, "image/png"),
        ("drawing.svg", SVG, "image/svg+xml"),
        ("page.txt", b"  <!DOCTYPE html><html><script>alert(1)</script></html>", "text/plain"),
        ("installer.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"MsiDatabase", "application/msword"),
        ("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "text/plain"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(advocate, case, private_storage, name, content, declared):
    with pytest.raises(ValidationError) as excinfo:
        add(case, advocate, name, content, declared)

    assert "not accepted" in message(excinfo)[0]
    assert not Document.objects.exists()
    assert not any(p.is_file() for p in private_storage.rglob("*"))


def test_a_damaged_photo_is_refused(advocate, case):
    with pytest.raises(ValidationError) as excinfo:
        add(case, advocate, "scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00broken", "image/jpeg")

    assert "could not be read" in message(excinfo)[0]


# --- Accepted, cleaned, stored privately -----------------------------------------------------------


def test_a_real_word_document_is_accepted_whatever_its_name(advocate, case):
    document = add(case, advocate, "no-extension", DOCX, "application/octet-stream")

    assert document.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_photo_metadata_is_stripped_and_the_checksum_is_of_what_is_stored(advocate, case, private_storage, fmt):
    original = photo_with_gps(fmt)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test photo does carry GPS

    document = add(case, advocate, f"IMG_0001.{fmt.lower()}", original, "application/octet-stream")

    stored = Path(private_storage, document.file.name).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert image.format == fmt and image.size == (8, 6)
    assert not image.getexif()
    assert b"PhoneMaker" not in stored and b"Adams County" not in stored
    assert document.sha256 == hashlib.sha256(stored).hexdigest()
    assert document.size == len(stored)


def test_documents_are_stored_outside_every_public_path(client, advocate, case):
    document = add(case, advocate, "statement.pdf", PDF, "application/pdf")
    location = Path(django_settings.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    public = [Path(django_settings.STATIC_ROOT).resolve(), *(Path(p).resolve() for p in django_settings.STATICFILES_DIRS)]

    assert not any(location.is_relative_to(root) for root in public)
    assert "statement" not in document.file.name
    # No route serves the storage: the file's own path is not a URL of the site.
    client.force_login(advocate)
    assert client.get("/" + document.file.name).status_code == 404
    assert client.get(django_settings.STATIC_URL + document.file.name).status_code == 404


def test_the_default_storage_is_private_too():
    options = django_settings.STORAGES["default"]["OPTIONS"]
    location = Path(options["location"]).resolve()

    assert options["base_url"] is None
    assert not location.is_relative_to(Path(django_settings.STATIC_ROOT).resolve())


# --- Downloads -------------------------------------------------------------------------------------------


def download_url(document) -> str:
    return reverse("document-download", args=[document.pk])


def test_a_team_member_downloads_the_file_as_an_attachment(client, advocate, case):
    document = add(case, advocate, "Ivanov statement.pdf", PDF, "application/pdf")
    client.force_login(advocate)

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-document-{document.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DOWNLOAD)
    assert (entry.actor, entry.object_id, entry.object_label) == (advocate, str(document.pk), case.reference)


def test_an_svg_that_got_in_is_served_as_an_inert_attachment(client, advocate, case):
    # Imported before the allow-list, say: it must still never render in the browser.
    document = Document(case=case, title="Map", content_type="image/svg+xml", size=len(SVG), sha256="0" * 64)
    document.file.save("legacy-map", ContentFile(SVG), save=False)
    document.save()
    client.force_login(advocate)

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("role", ["outsider", "viewer"])
def test_who_may_not_see_the_case_gets_404(client, request, advocate, case, role):
    document = add(case, advocate, "statement.pdf", PDF, "application/pdf")
    client.force_login(request.getfixturevalue(role))

    assert client.get(download_url(document)).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DOWNLOAD).exists()


def test_anonymous_download_goes_to_login(client, advocate, case):
    document = add(case, advocate, "statement.pdf", PDF, "application/pdf")

    assert client.get(download_url(document))["Location"].startswith("/login/")


def test_the_admin_links_the_download_not_the_file(client, advocate, case):
    document = add(case, advocate, "statement.pdf", PDF, "application/pdf")
    client.force_login(advocate)

    body = client.get(reverse("admin:cases_document_change", args=[document.pk])).content.decode()

    assert download_url(document) in body
    assert document.file.name not in body
