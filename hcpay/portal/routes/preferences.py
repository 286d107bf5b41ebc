"""The member's document preferences (portal-api.md, Additions v1.1: Documents; Time and
language): paperless ("email") or "mail" per kind of document, and the language the portal
writes in. ``PUT`` changes what it is given and answers the whole of them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from hcpay.domain.document_words import Delivery, Language
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.documents import preferences

router = APIRouter(prefix="/api/v1/me", tags=["documents"])


class PaperlessIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bill: Delivery | None = None
    notice: Delivery | None = None
    tax_form: Delivery | None = None


class DocumentPreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paperless: PaperlessIn | None = None
    language: Language | None = None


@router.get("/preferences")
def get_preferences(member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.read() as session:
        return preferences.view(session, member.member_id)


@router.put("/preferences")
def put_preferences(
    body: DocumentPreferencesIn, member: CurrentMember, portal: PortalDep
) -> dict[str, Any]:
    paperless = body.paperless.model_dump(exclude_none=True) if body.paperless else {}
    with portal.db.write() as session:
        return preferences.update(session, member.member_id, paperless=paperless,
                                  language=body.language)
