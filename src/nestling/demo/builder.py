"""Builds the demo organization: staff of every role, programs, synthetic families and some history.

Everything here is invented. The same call on an empty database always gives the same people, so the
demo logins printed by `make run` stay valid.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from nestling.accounts.models import Role, RoleAssignment, Supervision, User
from nestling.demo.episodes import add_discharges
from nestling.demo.family_records import build_family_records, family_language
from nestling.demo.formulation import add_formulation
from nestling.demo.growth import add_growth_histories
from nestling.demo.measures import add_measure_screens
from nestling.demo.names import GIVEN_NAMES, SURNAMES
from nestling.demo.plans import add_care_plan
from nestling.demo.portal import add_portal, portal_logins
from nestling.demo.referrals import add_referrals
from nestling.demo.screening import add_autism_screen, add_screening_histories
from nestling.demo.staffing import add_staffing
from nestling.demo.visits import add_visit_histories
from nestling.demo.workforce import add_workforce_history
from nestling.families.models import AssignmentKind, CaseloadAssignment, Family
from nestling.families.services.household import family_reference_draw
from nestling.organizations.models import Organization, Program, Site, Team

DEMO_SLUG = "demo"
DEMO_PASSWORD = "nestling-demo-2026"
DEMO_DOMAIN = "demo.nestling.test"
# Every demo account shares this authenticator secret, so one authenticator app entry (or
# `nestling demo --code`) serves them all. Demo only: real accounts each get their own secret.
DEMO_TOTP_SECRET = "NESTLINGDEMOTOTPSECRETKEY234567A"
BATCH = 5000


@dataclass
class DemoResult:
    organization: Organization
    logins: list[tuple[str, str]] = field(default_factory=list)
    families: int = 0
    seconds: float = 0.0


STAFF = [
    ("practitioner", "Pat", "Ramirez", [Role.PRACTITIONER]),
    ("practitioner2", "Noor", "Haddad", [Role.PRACTITIONER]),
    ("supervisor", "Sam", "Okafor", [Role.SUPERVISOR]),
    ("manager", "Morgan", "Lee", [Role.MANAGER]),
    ("admin", "Alex", "Brennan", [Role.ORG_ADMIN]),
    ("privacy", "Priya", "Natarajan", [Role.PRIVACY_OFFICER]),
]


def demo_exists() -> bool:
    return Organization.objects.filter(slug=DEMO_SLUG).exists()


def _staff_user(org: Organization, local: str, first: str, last: str, password_hash: str) -> User:
    return User(
        email=f"{local}@{DEMO_DOMAIN}",
        first_name=first,
        last_name=last,
        organization=org,
        password=password_hash,
    )


def _give_totp(users: list[User]) -> None:
    secret = get_mfa_adapter().encrypt(DEMO_TOTP_SECRET)
    Authenticator.objects.bulk_create(
        [Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": secret}) for user in users],
        batch_size=BATCH,
    )


def _family_name(rng: random.Random, index: int) -> str:
    return f"{SURNAMES[index % len(SURNAMES)]}-{GIVEN_NAMES[rng.randrange(len(GIVEN_NAMES))]} household"


@transaction.atomic
def demo_build(*, families: int = 24, seed: int = 2026) -> DemoResult:
    """Create the demo organization. `families` beyond the hand-shaped few are bulk-inserted."""
    started = time.perf_counter()
    rng = random.Random(seed)
    today = timezone.localdate()
    org = Organization.objects.create(name="Riverbend Family Partnership (demo)", slug=DEMO_SLUG)
    home_visiting = Program.objects.create(organization=org, name="Healthy Beginnings Home Visiting")
    clinic = Program.objects.create(organization=org, name="Little Roots Infant Mental Health Clinic")
    Site.objects.bulk_create(
        [
            Site(organization=org, program=home_visiting, name="Eastside office"),
            Site(organization=org, program=clinic, name="Riverbend clinic"),
        ]
    )
    team = Team.objects.create(organization=org, program=home_visiting, name="Eastside home visitors")

    password_hash = make_password(DEMO_PASSWORD)
    named = {local: _staff_user(org, local, first, last, password_hash) for local, first, last, _r in STAFF}
    User.objects.bulk_create(named.values())
    named = {user.email.split("@")[0]: user for user in User.objects.filter(organization=org)}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(organization=org, user=named[local], role=role, team=team)
            for local, _f, _l, roles in STAFF
            for role in roles
        ]
    )

    # Further practitioners carry the bulk families, about 25 each (a realistic home-visiting caseload).
    extra_count = max(0, (families - 24) // 25)
    extras = [
        _staff_user(
            org,
            f"practitioner{n:05d}",
            GIVEN_NAMES[n % len(GIVEN_NAMES)],
            SURNAMES[n % len(SURNAMES)],
            password_hash,
        )
        for n in range(3, extra_count + 3)
    ]
    User.objects.bulk_create(extras, batch_size=BATCH)
    extras = list(User.objects.filter(organization=org, email__startswith="practitioner0"))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(organization=org, user=user, role=Role.PRACTITIONER) for user in extras],
        batch_size=BATCH,
    )
    _give_totp(list(named.values()) + extras)

    supervisor = named["supervisor"]
    Supervision.objects.bulk_create(
        [
            Supervision(
                organization=org,
                supervisor=supervisor,
                supervisee=named[local],
                starts_on=today - timedelta(days=300),
            )
            for local in ("practitioner", "practitioner2")
        ]
        + [
            Supervision(
                organization=org,
                supervisor=supervisor,
                supervisee=user,
                starts_on=today - timedelta(days=300),
            )
            for user in extras[:20]
        ]
    )

    # Random references as real families get (not the seeded generator: nothing should be guessable).
    references: dict[str, None] = {}
    while len(references) < families:
        references[family_reference_draw()] = None
    family_rows = []
    for index, reference in enumerate(references):
        languages, preferred, interpreter = family_language(index)
        family_rows.append(
            Family(
                organization=org,
                program=home_visiting if index % 3 else clinic,
                name=_family_name(rng, index),
                reference=reference,
                address_line=f"{10 + index % 890} {SURNAMES[(index + 3) % len(SURNAMES)]} Street",
                address_locality="Riverbend",
                languages_at_home=languages,
                preferred_language=preferred,
                interpreter_needed=interpreter,
                contact_method="text" if index % 2 else "phone",
            )
        )
    Family.objects.bulk_create(family_rows, batch_size=BATCH)
    created_rows = list(
        # In the order they were made: the index shapes each family below.
        Family.objects.filter(organization=org).order_by("pk").values_list("pk", "program_id")
    )
    created = [pk for pk, _program in created_rows]

    assignments: list[CaseloadAssignment] = []
    pat, noor = named["practitioner"], named["practitioner2"]
    for index, family_id in enumerate(created):
        start = today - timedelta(days=rng.randrange(7, 180))
        if index < 24:
            practitioner = pat if index % 2 == 0 else noor
            # Two families left Pat's caseload last month: they stay in history but not on the caseload.
            ends = today - timedelta(days=20) if index in (20, 22) else None
            assignments.append(
                CaseloadAssignment(
                    organization=org,
                    family_id=family_id,
                    practitioner=practitioner,
                    starts_on=start,
                    ends_on=ends,
                )
            )
            if index % 6 in (0, 3):
                assignments.append(
                    CaseloadAssignment(
                        organization=org,
                        family_id=family_id,
                        practitioner=noor if practitioner == pat else pat,
                        kind=AssignmentKind.SECONDARY,
                        starts_on=start,
                    )
                )
        elif extras:
            practitioner = extras[(index - 24) % len(extras)]
            assignments.append(
                CaseloadAssignment(
                    organization=org, family_id=family_id, practitioner=practitioner, starts_on=start
                )
            )
    CaseloadAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    build_family_records(
        org_id=org.pk, families=created_rows, staff_id=named["practitioner"].pk, seed=seed, today=today
    )
    # Most bulk families' caregivers had a depression screen after enrollment: the measures show a rate.
    add_measure_screens(org_id=org.pk, family_ids=created, staff_id=named["practitioner"].pk, today=today)
    # Pat's first families (indexes 0, 2, 4) also get a child with a growth history.
    pats_first = list(Family.objects.filter(pk__in=created[:6:2]).order_by("pk"))
    add_growth_histories(families=pats_first, measured_by=pat, today=today)
    # And three of them have screening histories, one with an answered safety alert.
    add_screening_histories(families=pats_first, practitioner=pat, today=today)
    # And a toddler on Pat's caseload had the M-CHAT-R and its Follow-Up.
    pats = list(Family.objects.filter(pk__in=created[:24:2]).order_by("pk"))
    add_autism_screen(families=pats, practitioner=pat, today=today)
    # And two of Pat's episodes ended: one family discharged, one discharged and enrolled again.
    if len(pats) >= 6:
        add_discharges(discharged=pats[5], re_enrolled=pats[4], practitioner=pat, today=today)
    # And a toddler of Pat's formulated at intake and revised at a review (two versions to compare).
    add_formulation(families=pats[:4], practitioner=pat, today=today)
    # And one of Pat's families, enrolled months ago, has a care plan with goals for all three patients.
    add_care_plan(families=pats, practitioner=pat, today=today)
    # And the directory of local services, with referrals of one of Pat's families in several states.
    add_referrals(families=pats_first, practitioner=pat, manager=named["manager"], today=today)
    # A year of RS/C and training: Noor near endorsement and qualified, Pat's qualification lapsed.
    add_workforce_history(
        pat=pat, noor=noor, supervisor=named["supervisor"], manager=named["manager"], today=today
    )
    # Months of visits for Pat's and Noor's first families, and the home-visiting parent–baby group.
    add_visit_histories(
        families=list(Family.objects.filter(pk__in=created[:24]).order_by("pk")),
        practitioners=[pat, noor],
        manager=named["manager"],
        group_program_id=home_visiting.pk,
        today=today,
    )

    # Someone invited who has not signed in yet; Pat's grant for the trauma-history factor she recorded.
    add_staffing(
        org=org,
        family=pats[0],
        pat=pat,
        privacy=named["privacy"],
        admin=named["admin"],
        domain=DEMO_DOMAIN,
        today=today,
    )

    # Two parents of a new baby in one of Pat's households, each with a portal account of their own.
    if len(pats) > 7:
        add_portal(
            family=pats[7], practitioner=pat, domain=DEMO_DOMAIN, password_hash=password_hash, today=today
        )
    result = DemoResult(organization=org, families=len(created))
    result.logins = [
        (named[local].email, ", ".join(str(r.label) for r in roles)) for local, _f, _l, roles in STAFF
    ] + (portal_logins(DEMO_DOMAIN) if len(pats) > 7 else [])
    result.seconds = time.perf_counter() - started
    return result


def demo_current_code(email: str) -> str:
    """The current authenticator code of a demo account (demo accounts only)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    user = User.objects.filter(email__iexact=email, organization__slug=DEMO_SLUG).first()
    if user is None:
        raise LookupError(email)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = get_mfa_adapter().decrypt(authenticator.data["secret"])
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
