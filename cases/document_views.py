"""The one way a stored document leaves the server: a permission-checked download.

Always an attachment, never rendered by the browser: an SVG or HTML file that slipped
in (an import, an older version) cannot run script in the application's origin.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from casetracker import audit
from casetracker.models import AuditEntry

from .selectors import documents_visible_to
from .uploads import ALLOWED_TYPES

EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/heic": "heic",
    "text/plain": "txt",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


@login_required
@require_GET
def document_download(request: HttpRequest, document_id: int | None = None, pk: int | None = None) -> FileResponse:
    # `pk` too, so that another route (e.g. the case page's) can serve through this view.
    document = get_object_or_404(documents_visible_to(request.user).select_related("case"), pk=document_id or pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The stored file is missing.") from exc
    content_type = document.content_type if document.content_type in ALLOWED_TYPES else "application/octet-stream"
    # The download name is the case reference, not the uploaded name (it may hold a name).
    filename = f"{document.case.reference}-document-{document.pk}.{EXTENSIONS.get(content_type, 'bin')}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["X-Document-SHA256"] = document.sha256
    audit.record(AuditEntry.Action.DOWNLOAD, request=request, obj=document, channel="ui")
    return response
