"""Training certificates in private storage: kept under the data directory, never under a served path,
checked by their content (a PDF, PNG or JPEG, by its first bytes, whatever the name says) and size."""

from __future__ import annotations

import uuid
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def private_storage() -> FileSystemStorage:
    # Read on each use: the data directory is a setting that tests and deployments move.
    return FileSystemStorage(location=settings.DATA_DIR / "private" / "certificates", base_url=None)


def certificate_type(head: bytes) -> str | None:
    """The file's type by its first bytes, or None when it is none of those accepted."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def certificate_errors(upload: IO[bytes], size: int) -> list[str]:
    """What is wrong with an uploaded certificate (nothing: an empty list)."""
    if size > MAX_BYTES:
        return [_("A certificate can be at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if certificate_type(head) is None:
        return [_("A certificate is a PDF, PNG or JPEG file; this file is none of those.")]
    return []


def certificate_store(upload: IO[bytes]) -> tuple[str, str]:
    """Keep the file; return its key in private storage and its type (check it first)."""
    upload.seek(0)
    data = upload.read()
    content_type = certificate_type(data[:16]) or "application/octet-stream"
    key = private_storage().save(f"{uuid.uuid4().hex}.bin", ContentFile(data))
    return key, content_type


def certificate_open(key: str) -> IO[bytes]:
    return private_storage().open(key, "rb")
