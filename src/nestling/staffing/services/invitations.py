"""Inviting staff by email: a signed link that works once and expires, resent or withdrawn by the
organization admin. The account is made with the invitation; the invited person chooses its password."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from uuid import UUID

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.languages import in_language_of
from nestling.accounts.models import Role, RoleAssignment, StaffInvitation, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid

_SALT = "nestling.staff-invitation"

# Builds the absolute address of the sign-up page from a token (the view knows the host).
LinkBuilder = Callable[[str], str]


class InvitationState(StrEnum):
    OPEN = "open"
    UNKNOWN = "unknown"  # not a link Nestling made, or one replaced by a newer sending
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


@dataclass(frozen=True)
class InvitationLookup:
    state: InvitationState
    invitation: StaffInvitation | None = None


def invitation_token(invitation: StaffInvitation) -> str:
    return signing.dumps({"i": str(invitation.uuid), "n": invitation.nonce}, salt=_SALT)


def _audit(*, by: User | None, invitation: StaffInvitation, what: str, **detail: object) -> None:
    audit_record(
        actor=by,
        action=AuditAction.CREATE if what == "invited" else AuditAction.CHANGE,
        category="account",
        organization_id=invitation.organization_id,
        subject_type="user",
        subject_id=invitation.user.uuid,
        detail={"invitation": what, **detail},
    )


def _send(invitation: StaffInvitation, *, build_link: LinkBuilder) -> None:
    context = {
        "invitation": invitation,
        "person": invitation.user,
        "organization": invitation.organization,
        "link": build_link(invitation_token(invitation)),
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    # In the invited person's language (the site's until they choose one), not the inviter's.
    with in_language_of(invitation.user):
        send_mail(
            subject=_("You are invited to Nestling at %(organization)s")
            % {"organization": invitation.organization},
            message=render_to_string("staffing/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[invitation.user.email],
        )


def _expiry() -> timedelta:
    return timedelta(days=settings.STAFF_INVITATION_DAYS)


def staff_invite(
    *,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    roles: Iterable[str],
    program: Program | None,
    build_link: LinkBuilder,
) -> StaffInvitation:
    """Make the account of a new staff member with their roles and email them a sign-up link.

    `program` limits a program manager's role to one program (None: every program)."""
    require(by, Action.STAFF_MANAGE)
    email = email.strip()
    roles = sorted(set(roles))
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter an email address, such as name@example.org.")]
    else:
        if User.objects.filter(email__iexact=email).exists():
            errors["email"] = [
                _("Someone already has an account with this email address; find them in the staff list.")
            ]
    if not first_name.strip() and not last_name.strip():
        errors["first_name"] = [_("Enter the person's name.")]
    if not roles or any(role not in Role.values for role in roles):
        errors["roles"] = [_("Choose at least one role.")]
    if program is not None and program.organization_id != by.organization_id:
        errors["program"] = [_("Choose a program of your organization.")]
    if program is not None and Role.MANAGER not in roles:
        errors["program"] = [
            _("A program limits a program manager's role; choose that role too, or no program.")
        ]
    if errors:
        raise RecordInvalid(errors)
    now = timezone.now()
    with transaction.atomic():
        person = User.objects.create_user(
            email=email,
            password=None,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            organization_id=by.organization_id,
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(
                organization_id=by.organization_id,
                user=person,
                role=role,
                program=program if role == Role.MANAGER else None,
            )
            for role in roles
        )
        invitation = StaffInvitation.objects.create(
            organization_id=by.organization_id,
            user=person,
            invited_by=by,
            created_at=now,
            sent_at=now,
            expires_at=now + _expiry(),
            nonce=secrets.token_hex(16),
        )
        _audit(
            by=by,
            invitation=invitation,
            what="invited",
            roles=roles,
            program=str(program.uuid) if program is not None else None,
        )
        transaction.on_commit(lambda: _send(invitation, build_link=build_link))
    return invitation


def invitation_resend(*, by: User, invitation: StaffInvitation, build_link: LinkBuilder) -> StaffInvitation:
    """Send a new link (the old one stops working) that expires a full period from now."""
    require(by, Action.STAFF_MANAGE, invitation)
    if not invitation.is_pending:
        raise RecordInvalid(
            {"": [_("This invitation was already used or withdrawn; there is nothing to resend.")]}
        )
    now = timezone.now()
    with transaction.atomic():
        invitation.nonce = secrets.token_hex(16)
        invitation.sent_at = now
        invitation.expires_at = now + _expiry()
        invitation.save(update_fields=["nonce", "sent_at", "expires_at"])
        _audit(by=by, invitation=invitation, what="resent")
        transaction.on_commit(lambda: _send(invitation, build_link=build_link))
    return invitation


def invitation_revoke(*, by: User, invitation: StaffInvitation) -> None:
    """Withdraw an invitation not yet used: the link stops working and the account cannot be signed in to."""
    require(by, Action.STAFF_MANAGE, invitation)
    if not invitation.is_pending:
        raise RecordInvalid({"": [_("This invitation was already used or withdrawn.")]})
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        person = invitation.user
        person.is_active = False
        person.save(update_fields=["is_active"])
        _audit(by=by, invitation=invitation, what="withdrawn")


def invitation_lookup(token: str) -> InvitationLookup:
    """What a sign-up link leads to: an open invitation, or why it no longer works."""
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return InvitationLookup(InvitationState.UNKNOWN)
    wanted = payload.get("i") if isinstance(payload, dict) else None
    try:
        invitation_uuid = UUID(str(wanted))
    except ValueError:
        return InvitationLookup(InvitationState.UNKNOWN)
    invitation = (
        StaffInvitation.objects.select_related("user", "organization")
        .filter(uuid=invitation_uuid, nonce=str(payload.get("n")))
        .first()
    )
    if invitation is None:
        return InvitationLookup(InvitationState.UNKNOWN)
    if invitation.accepted_at is not None:
        return InvitationLookup(InvitationState.USED, invitation)
    if invitation.revoked_at is not None:
        return InvitationLookup(InvitationState.REVOKED, invitation)
    if invitation.expires_at <= timezone.now():
        return InvitationLookup(InvitationState.EXPIRED, invitation)
    return InvitationLookup(InvitationState.OPEN, invitation)


def invitation_accept(*, invitation: StaffInvitation, password: str, password_again: str) -> User:
    """The invited person chooses their password; the link is used up. The second factor is set up at
    their first sign-in (every staff account must have one)."""
    person = invitation.user
    errors: dict[str, list[str]] = {}
    if password != password_again:
        errors["password_again"] = [_("The two passwords differ; type the same one twice.")]
    try:
        validate_password(password, user=person)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        locked = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending or locked.expires_at <= timezone.now() or locked.nonce != invitation.nonce:
            raise RecordInvalid(
                {"": [_("This link no longer works. Ask your organization admin for a new one.")]}
            )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        person.set_password(password)
        person.save(update_fields=["password"])
        _audit(by=person, invitation=locked, what="accepted")
    return person


def pending_invitations(*, user_ids: Iterable[int]) -> dict[int, StaffInvitation]:
    """The open (not used, not withdrawn) invitation of each of these people who has one, in one query."""
    rows = StaffInvitation.objects.filter(
        user_id__in=list(user_ids), accepted_at__isnull=True, revoked_at__isnull=True
    ).order_by("user_id", "-created_at")
    found: dict[int, StaffInvitation] = {}
    for row in rows:
        found.setdefault(row.user_id, row)
    return found
