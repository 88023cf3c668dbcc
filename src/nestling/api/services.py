"""Registering and revoking the API's clients, and ending tokens when a person or client stops.

A system integration's tokens act as a service user made for it: a program manager of the organization
(of one program, or all), who reads what a manager reads on the pages and cannot sign in. Its scopes
narrow that further; they never widen it."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_id, generate_client_secret
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from nestling.access.policy import Action, require
from nestling.accounts.models import Role, RoleAssignment, User
from nestling.api.models import ApiClient, ClientKind
from nestling.api.scopes import unknown_scopes
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.organizations.models import Program
from nestling.records.errors import AlreadyClosed, RecordInvalid

_GRANTS = {
    ClientKind.STAFF_APP: Application.GRANT_AUTHORIZATION_CODE,
    ClientKind.INTEGRATION: Application.GRANT_CLIENT_CREDENTIALS,
}


def _registration_errors(
    *, by: User, name: str, kind: str, scopes: list[str], redirect_uris: str, program: Program | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Name the client: the system or app it is.")]
    if kind not in ClientKind.values:
        errors["kind"] = [_("Choose an app acting for staff or a system integration.")]
    if not scopes:
        errors["scopes"] = [_("Choose at least one scope.")]
    elif unknown_scopes(scopes):
        errors["scopes"] = [_("Unknown scopes: %(names)s.") % {"names": ", ".join(unknown_scopes(scopes))}]
    if kind == ClientKind.STAFF_APP and not redirect_uris.split():
        errors["redirect_uris"] = [_("An app acting for staff needs the address it is sent back to.")]
    if program is not None and program.organization_id != by.organization_id:
        errors["program"] = [_("Choose a program of your organization.")]
    return errors


def api_client_register(
    *,
    by: User,
    name: str,
    kind: str,
    scopes: list[str],
    redirect_uris: str = "",
    program: Program | None = None,
) -> tuple[ApiClient, str]:
    """Register a client of the organization; returns it and its secret, which is shown this once (only
    a hash of it is kept)."""
    require(by, Action.SETTINGS_MANAGE)
    errors = _registration_errors(
        by=by, name=name, kind=kind, scopes=scopes, redirect_uris=redirect_uris, program=program
    )
    if errors:
        raise RecordInvalid(errors)
    secret = generate_client_secret()
    with transaction.atomic():
        service_user = None
        if kind == ClientKind.INTEGRATION:
            service_user = User(
                email=f"integration-{uuid.uuid4()}@api-clients.invalid",
                first_name=name.strip()[:150],
                last_name=str(_("(integration)")),
                organization_id=by.organization_id,
            )
            service_user.set_unusable_password()
            service_user.save()
            RoleAssignment.objects.create(
                organization_id=by.organization_id, user=service_user, role=Role.MANAGER, program=program
            )
        application = Application.objects.create(
            name=name.strip(),
            client_id=generate_client_id(),
            client_secret=secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=_GRANTS[ClientKind(kind)],
            redirect_uris=" ".join(redirect_uris.split()) if kind == ClientKind.STAFF_APP else "",
            user=service_user or by,
            skip_authorization=False,
            algorithm="",
        )
        client = ApiClient.objects.create(
            organization_id=by.organization_id,
            application=application,
            name=name.strip(),
            kind=kind,
            scopes=sorted(set(scopes)),
            program=program,
            service_user=service_user,
            registered_by=by,
        )
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            category="api_client",
            subject_type="apiclient",
            subject_id=client.uuid,
            detail={"kind": kind, "scopes": client.scopes, "client_id": application.client_id},
        )
    return client, secret


def api_client_revoke(*, client: ApiClient, by: User) -> ApiClient:
    """Stop a client: its tokens end now, and an integration's service user is deactivated."""
    require(by, Action.SETTINGS_MANAGE)
    if client.organization_id != by.organization_id:
        raise RecordInvalid({"": [_("This client is not of your organization.")]})
    with transaction.atomic():
        updated = ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
        if not updated:
            raise AlreadyClosed({"": [_("This client was revoked already.")]})
        client.refresh_from_db()
        tokens_revoke(application=client.application)
        if client.service_user is not None:
            client.service_user.is_active = False
            client.service_user.save(update_fields=["is_active"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="api_client",
            subject_type="apiclient",
            subject_id=client.uuid,
            detail={"revoked": True, "client_id": client.application.client_id},
        )
    return client


def tokens_revoke(*, user: User | None = None, application: Application | None = None) -> int:
    """End every token (access and refresh) and pending code of a person, or of a client; how many
    access tokens ended."""
    if user is None and application is None:
        return 0
    who = Q()
    if user is not None:
        # A person's own tokens, and those of the integration whose service user they are.
        who |= Q(user=user) | Q(application__nestling_client__service_user=user)
    if application is not None:
        who |= Q(application=application)
    with transaction.atomic():
        for refresh in RefreshToken.objects.filter(who, revoked__isnull=True):
            refresh.revoke()
        _total, deleted = AccessToken.objects.filter(who).delete()
        ended = deleted.get(AccessToken._meta.label, 0)
        Grant.objects.filter(who).delete()
    return ended
