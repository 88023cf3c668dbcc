"""An organization's own kinds of service, beside the field's shipped ones: added, renamed and retired
(no longer offered; what was planned or delivered keeps its name) by a program manager or an
organization admin. Shipped service types are shared by every organization and changed by none."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.validation import Errors
from nestling.plans.models import ServiceType
from nestling.plans.service_names import RELATIONSHIP_THERAPIES, SHIPPED_NAMES
from nestling.plans.services.checks import add, text_checked
from nestling.records.errors import RecordInvalid

NAME_LIMIT = 120
CODE_LIMIT = 40
SHIPPED_REFUSAL = gettext_lazy(
    "The field's own service types are shared by every organization: they are not changed here."
)
OWN_POSITION = 1000  # an organization's own come after the field's, in the order they were added


def _checked_name(name: str, *, organization_id: int, leaving_out: int | None = None) -> str:
    """The name with its spaces tidied; RecordInvalid when it is empty, too long, or another service
    type the organization offers (its own, or a shipped one in English or the reader's language) has it."""
    errors: Errors = {}
    name = text_checked(
        errors,
        "name",
        " ".join((name or "").split()),
        limit=NAME_LIMIT,
        required=_("Enter the service's name."),
    )
    others = ServiceType.objects.filter(Q(organization__isnull=True) | Q(organization_id=organization_id))
    if leaving_out is not None:
        others = others.exclude(pk=leaving_out)
    wanted = name.casefold()
    if name and any(wanted in (other.name.casefold(), other.label.casefold()) for other in others):
        add(errors, "name", _("There is a service called %(name)s already.") % {"name": name})
    if errors:
        raise RecordInvalid(errors)
    return name


def _code_for(name: str, organization_id: int) -> str:
    """A code made from the name, unique among the organization's and the shipped service types."""
    base = (slugify(name)[: CODE_LIMIT - 4].strip("-")) or "service"
    taken = set(
        ServiceType.objects.filter(
            Q(organization__isnull=True) | Q(organization_id=organization_id)
        ).values_list("code", flat=True)
    )
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def _audit(by: User, action: str, service_type: ServiceType, detail: dict[str, object]) -> None:
    audit_record(
        actor=by,
        action=action,
        category="settings",
        organization_id=by.organization_id,
        subject_type="servicetype",
        subject_id=service_type.code,
        detail=detail,
    )


def service_type_create(*, by: User, name: str, relationship_therapy: bool = False) -> ServiceType:
    """Add a service type of the organization's own, offered from now on (after the field's)."""
    require(by, Action.SERVICE_TYPES_MANAGE)
    organization_id = by.organization_id
    name = _checked_name(name, organization_id=organization_id)
    with transaction.atomic():
        service_type = ServiceType.objects.create(
            organization_id=organization_id,
            code=_code_for(name, organization_id),
            name=name,
            relationship_therapy=relationship_therapy,
            position=OWN_POSITION + ServiceType.objects.filter(organization_id=organization_id).count(),
        )
        _audit(
            by, AuditAction.CREATE, service_type, {"name": name, "relationship_therapy": relationship_therapy}
        )
    return service_type


def service_type_update(
    *, service_type: ServiceType, by: User, name: str, relationship_therapy: bool, active: bool
) -> ServiceType:
    """Rename one of the organization's own service types, say whether it is a relationship-based therapy,
    or retire it (`active` False: no longer offered for new plans and visits) or bring it back. The
    field's shipped service types are refused."""
    require(by, Action.SERVICE_TYPES_MANAGE)
    if service_type.organization_id != by.organization_id and not service_type.is_shipped:
        raise AccessDenied(
            actor=by,
            action=str(Action.SERVICE_TYPES_MANAGE),
            category="settings",
            subject_type="servicetype",
            subject_id=service_type.code,
            organization_id=by.organization_id,
        )
    if service_type.is_shipped:
        raise RecordInvalid({"": [str(SHIPPED_REFUSAL)]})
    name = _checked_name(name, organization_id=by.organization_id, leaving_out=service_type.pk)
    after = {"name": name, "relationship_therapy": relationship_therapy, "active": active}
    before = {field: getattr(service_type, field) for field in after}
    changed = [field for field in after if before[field] != after[field]]
    if not changed:
        return service_type
    with transaction.atomic():
        for field in changed:
            setattr(service_type, field, after[field])
        service_type.save(update_fields=changed)
        _audit(
            by,
            AuditAction.CHANGE,
            service_type,
            {"before": {f: before[f] for f in changed}, "after": {f: after[f] for f in changed}},
        )
    return service_type


def service_types_ship() -> int:
    """Make the field's service types as migration 0002 ships them, where they are missing (a database
    emptied by a test's flush or `nestling flush`: PlansConfig.ready runs this after every migrate or
    flush); those that exist are left as they are. Returns how many were made."""
    made = 0
    with translation.override(None):  # the stored name is the English one; pages translate by code
        for position, (code, words) in enumerate(SHIPPED_NAMES.items()):
            _row, created = ServiceType.objects.get_or_create(
                organization=None,
                code=code,
                defaults={
                    "name": str(words),
                    "relationship_therapy": code in RELATIONSHIP_THERAPIES,
                    "position": position * 10,
                },
            )
            made += created
    return made
