"""A posted page form, read in memory: its text fields and at most one uploaded file."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser

from ..loading import MAX_PROJECT_FILE_BYTES

__all__ = ["Form", "read_form"]


class _InMemoryParser(MultiPartParser):
    """Starlette's parser, keeping an upload (at most the project limit) in memory, never on disk."""

    spool_max_size = MAX_PROJECT_FILE_BYTES + 1024


class Form:
    """A posted form: its text fields, and the one uploaded file's name and bytes if any."""

    def __init__(self, fields: FormData, upload: tuple[str, bytes] | None) -> None:
        self.fields = fields
        self.upload = upload

    def get(self, name: str) -> str:
        value = self.fields.get(name)
        return value if isinstance(value, str) else ""

    def getlist(self, name: str) -> list[str]:
        return [v for v in self.fields.getlist(name) if isinstance(v, str)]


async def read_form(request: Request) -> Form:
    """The posted form; a malformed or oversized one raises a 400."""
    limit = MAX_PROJECT_FILE_BYTES + 1024
    try:
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            parser = _InMemoryParser(request.headers, request.stream(), max_files=1, max_fields=1000,
                                     max_part_size=limit)
            fields = await parser.parse()
        else:
            fields = await request.form(max_files=0, max_fields=1000, max_part_size=limit)
    except MultiPartException as exc:
        raise HTTPException(400, f"malformed form: {exc.message}") from None
    upload = None
    for value in fields.values():
        if isinstance(value, UploadFile):
            upload = (value.filename or "upload", await value.read(limit))
            await value.close()
    return Form(fields, upload)
