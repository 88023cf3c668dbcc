"""Caregiver accounts: invited by a practitioner once the portal consent is in force, activated through an
expiring link, ended by hand (or, without any write, by the consent or the discharge: see principal.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Caregiver, Family
from nestling.portal.models import LanguagePreference, PortalAccount
from nestling.portal.principal import portal_consent_covers
from nestling.records.errors import RecordInvalid


class InvitationTokens(PasswordResetTokenGenerator):
    """The link in an invitation: works once (setting the password spends it) and for
    PASSWORD_RESET_TIMEOUT (three days) at most."""

    key_salt = "nestling.portal.invitation"


invitation_tokens = InvitationTokens()


def portal_languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("portal_welcome", args=[uid, invitation_tokens.make_token(user)])


def _send_invitation(account: PortalAccount, *, base_url: str, language: str) -> None:
    # The email is written in the language the caregiver reads, whatever the practitioner's.
    with translation.override(language):
        context = {
            "caregiver": account.caregiver,
            "organization": account.organization,
            "link": base_url.rstrip("/") + invitation_link(account.user),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        send_mail(
            _("Your invitation to the %(organization)s family portal")
            % {"organization": account.organization},
            render_to_string("portal/email/invitation.txt", context),
            None,
            [account.user.email],
        )


def portal_invite(
    *, family: Family, caregiver: Caregiver, email: str, language: str, by: User, base_url: str
) -> PortalAccount:
    """Invite a caregiver to the portal: an account with no staff role and no password yet, and an email
    with a link to set one. Refused (RecordInvalid) unless the portal consent covering them is in force."""
    require(by, Action.FAMILY_EDIT, family)
    email = User.objects.normalize_email(email.strip())
    errors: dict[str, list[str]] = {}
    if caregiver.family_id != family.pk:
        errors["caregiver"] = [_("Choose a caregiver of this household.")]
    elif not portal_consent_covers(family, caregiver):
        errors[""] = [
            _(
                "Record this caregiver's consent to the portal first: there is no portal consent in force "
                "that covers them."
            )
        ]
    elif PortalAccount.objects.filter(caregiver=caregiver).exists():
        errors["caregiver"] = [_("This caregiver already has a portal account.")]
    if not email:
        errors["email"] = [_("Type the email address the invitation goes to.")]
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("This email address already belongs to an account: use another one.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose one of the languages Nestling is written in.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        user = User(
            email=email,
            organization_id=family.organization_id,
            first_name=caregiver.given_name,
            last_name=caregiver.family_name,
        )
        user.set_unusable_password()
        user.save()
        account = PortalAccount.objects.create(
            organization_id=family.organization_id,
            user=user,
            caregiver=caregiver,
            family=family,
            invited_by=by,
            invited_at=timezone.now(),
        )
        LanguagePreference.objects.create(user=user, language=language)
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            category="portal",
            subject_type="portalaccount",
            subject_id=account.uuid,
            family_uuid=family.uuid,
            detail={"caregiver": str(caregiver.uuid), "language": language},
        )
        transaction.on_commit(lambda: _send_invitation(account, base_url=base_url, language=language))
    return account


def portal_invitation_user(uidb64: str, token: str) -> User | None:
    """The invited user an invitation link names, while the link is valid; None otherwise."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, portal_account__isnull=False).first()
    if user is None or not invitation_tokens.check_token(user, token):
        return None
    return user


def portal_password_set(*, user: User, password: str) -> None:
    """The caregiver's first password (the link is spent by it), audited as the account's activation."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        account = PortalAccount.objects.select_related("family").get(user=user)
        audit_record(
            actor=user,
            action=AuditAction.CHANGE,
            category="portal",
            subject_type="portalaccount",
            subject_id=account.uuid,
            family_uuid=account.family.uuid,
            detail={"password": "set from the invitation"},
        )


def sessions_end(user: User) -> int:
    """End every live session of this user (a database session store); how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def portal_account_end(*, account: PortalAccount, by: User) -> PortalAccount:
    """A practitioner closes a caregiver's account: no more sign-ins, and live sessions end now."""
    require(by, Action.FAMILY_EDIT, account.family)
    if account.ended_at is not None:
        raise RecordInvalid({"": [_("This account is already closed.")]})
    with transaction.atomic():
        account.ended_at = timezone.now()
        account.save(update_fields=["ended_at"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="portal",
            subject_type="portalaccount",
            subject_id=account.uuid,
            family_uuid=account.family.uuid,
            detail={"ended": True},
        )
    sessions_end(account.user)
    return account


def language_choose(*, user: User, language: str) -> str:
    """Remember the language this person reads Nestling in; the language kept."""
    if language not in dict(settings.LANGUAGES):
        raise RecordInvalid({"language": [_("Choose one of the languages Nestling is written in.")]})
    LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})
    return language


def language_of(user: User) -> str | None:
    return LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
