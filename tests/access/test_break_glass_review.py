"""The privacy officer's review of an emergency access: an outcome (appropriate, not appropriate, needs
follow-up), a note unless it was appropriate, recorded once, shown and audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.models import BreakGlassAccess, ReviewOutcome
from nestling.access.services import break_glass_open, break_glass_review
from nestling.accounts.models import Role
from nestling.audit.models import AuditAction, AuditEvent
from nestling.records.errors import AlreadyClosed, RecordInvalid
from tests.factories.accounts import UserFactory
from tests.factories.families import FamilyFactory

REASON = "Covering a colleague's crisis call while she is away"


@pytest.fixture
def access(world):
    opened, _created = break_glass_open(
        user=world.practitioner, family_reference=world.family_c.reference, reason=REASON
    )
    return opened


def _post(client, access, **data):
    return client.post(reverse("break_glass_review_record", args=[access.uuid]), data)


def test_a_review_records_its_outcome_and_the_page_shows_it(world, signed_in, access):
    # Given the privacy officer on the review page
    client = signed_in(world.privacy)
    # When they find the access appropriate, with no note
    response = _post(client, access, outcome="appropriate", note="")
    # Then the review is recorded with its outcome and shown as such
    assert response.status_code == 302
    access.refresh_from_db()
    assert (access.review_outcome, access.reviewed_by, access.review_note) == (
        ReviewOutcome.APPROPRIATE,
        world.privacy,
        "",
    )
    page = client.get(reverse("break_glass_review")).content.decode()
    assert "Appropriate" in page and world.privacy.display_name in page


@pytest.mark.parametrize("outcome", ["not_appropriate", "needs_follow_up"])
def test_an_outcome_other_than_appropriate_needs_a_note(world, access, outcome):
    with pytest.raises(RecordInvalid) as refusal:
        break_glass_review(access=access, by=world.privacy, outcome=outcome, note="  ")
    assert "note" in refusal.value.errors
    access.refresh_from_db()
    assert access.reviewed_at is None and access.review_outcome == ""


def test_a_review_without_an_outcome_is_refused_and_the_page_keeps_the_note(world, signed_in, access):
    client = signed_in(world.privacy)
    response = _post(client, access, note="Looked at the visit log")
    assert response.status_code == 200
    assert "Looked at the visit log" in response.content.decode()
    assert "Choose" in response.content.decode()
    access.refresh_from_db()
    assert access.reviewed_at is None


def test_a_needs_follow_up_review_keeps_its_note(world, signed_in, access):
    client = signed_in(world.privacy)
    _post(client, access, outcome="needs_follow_up", note="Ask Pat why the caseload was not used")
    access.refresh_from_db()
    assert access.review_outcome == ReviewOutcome.NEEDS_FOLLOW_UP
    page = client.get(reverse("break_glass_review")).content.decode()
    assert "Needs follow-up" in page and "Ask Pat why the caseload was not used" in page


def test_an_access_is_reviewed_once_and_a_second_review_names_who_did_it(world, signed_in, access):
    # Given an access one privacy officer reviewed
    break_glass_review(access=access, by=world.privacy, outcome="appropriate", note="")
    colleague = UserFactory(organization=world.org, first_name="Ines", roles=[Role.PRIVACY_OFFICER])
    # When another reviews it again (a page opened before the first review)
    with pytest.raises(AlreadyClosed) as refusal:
        break_glass_review(access=access, by=colleague, outcome="not_appropriate", note="Should not have")
    # Then it is refused naming the first reviewer, and the first review stands
    assert world.privacy.display_name in str(refusal.value)
    access.refresh_from_db()
    assert (access.reviewed_by, access.review_outcome) == (world.privacy, ReviewOutcome.APPROPRIATE)
    # And the page says so too
    response = _post(signed_in(colleague), access, outcome="not_appropriate", note="Should not have")
    assert response.status_code == 302
    page = signed_in(colleague).get(response["Location"]).content.decode()
    assert f"{world.privacy.display_name} already reviewed" in page


def test_the_review_is_audited_with_its_outcome(world, access):
    break_glass_review(access=access, by=world.privacy, outcome="needs_follow_up", note="Ask Pat")
    row = AuditEvent.objects.filter(action=AuditAction.CHANGE, actor_id=world.privacy.pk).get()
    assert row.category == "break_glass" and row.subject_id == str(access.uuid)
    assert row.detail["after"]["review_outcome"] == "needs_follow_up"
    assert row.detail["after"]["review_note"] == "Ask Pat"


def test_a_privacy_officer_of_another_organization_cannot_review(world, access):
    stranger = UserFactory(organization=world.outsider.organization, roles=[Role.PRIVACY_OFFICER])
    with pytest.raises(AccessDenied):
        break_glass_review(access=access, by=stranger, outcome="appropriate", note="")
    access.refresh_from_db()
    assert access.reviewed_at is None


def test_only_a_privacy_officer_reviews(world, access):
    with pytest.raises(AccessDenied):
        break_glass_review(access=access, by=world.manager, outcome="appropriate", note="")


@pytest.mark.parametrize(
    "values",
    [
        {"reviewed_at": None, "review_outcome": "appropriate"},  # an outcome without a review
        {"review_outcome": ""},  # a review without an outcome
        {"review_outcome": "not_appropriate", "review_note": ""},  # not appropriate, saying nothing
        {"review_outcome": "needs_follow_up", "review_note": ""},
        {"review_outcome": "fine"},
    ],
)
def test_the_database_refuses_an_incomplete_review(world, access, values):
    row = {"reviewed_at": timezone.now(), "reviewed_by": world.privacy, "review_outcome": "appropriate"}
    with pytest.raises(IntegrityError), transaction.atomic():
        BreakGlassAccess.objects.filter(pk=access.pk).update(**{**row, **values})


def test_the_review_page_costs_the_same_queries_for_1_or_6_accesses(world, signed_in, access):
    client = signed_in(world.privacy)
    url = reverse("break_glass_review")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    now = timezone.now()
    more = BreakGlassAccess.objects.bulk_create(
        [
            BreakGlassAccess(
                organization=world.org,
                user=user,
                family=FamilyFactory(program=world.program),
                reason=REASON,
                started_at=now,
                expires_at=now,
            )
            for user in (world.colleague, world.supervisor, world.manager, world.colleague, world.supervisor)
        ]
    )
    for reviewed in more[:2]:
        break_glass_review(access=reviewed, by=world.privacy, outcome="needs_follow_up", note="Ask")
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).status_code == 200
    assert BreakGlassAccess.objects.count() == 6
    assert len(six) == len(one)


@pytest.mark.django_db(transaction=True)
def test_reviews_made_before_outcomes_say_so_after_the_migration(world):
    # Given an access reviewed before outcomes were asked for, on the schema before them
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("access", "0003_break_glass_refusal")])
        old = executor.loader.project_state([("access", "0003_break_glass_refusal")]).apps
        Access = old.get_model("access", "BreakGlassAccess")
        now = timezone.now()
        reviewed = Access.objects.create(
            organization_id=world.org.pk,
            user_id=world.practitioner.pk,
            family_id=world.family_c.pk,
            reason=REASON,
            started_at=now,
            expires_at=now,
            reviewed_by_id=world.privacy.pk,
            reviewed_at=now,
            review_note="",
        )
        waiting = Access.objects.create(
            organization_id=world.org.pk,
            user_id=world.practitioner.pk,
            family_id=world.family_c.pk,
            reason=REASON,
            started_at=now,
            expires_at=now,
        )
        # When the database moves on
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
    finally:
        call_command("migrate", verbosity=0)
    # Then the old review keeps its reviewer and says it has no recorded outcome; the waiting one waits
    assert BreakGlassAccess.objects.get(pk=reviewed.pk).review_outcome == ReviewOutcome.NOT_RECORDED
    assert BreakGlassAccess.objects.get(pk=waiting.pk).review_outcome == ""


def test_the_page_lists_unreviewed_accesses_first_on_every_database(world, signed_in, access):
    # Given an older access already reviewed and a newer one waiting (PostgreSQL sorts NULL last)
    break_glass_review(access=access, by=world.privacy, outcome="appropriate", note="")
    waiting, _created = break_glass_open(
        user=world.supervisor, family_reference=world.family_c.reference, reason=REASON
    )
    older = timezone.now() - datetime.timedelta(hours=2)
    BreakGlassAccess.objects.filter(pk=access.pk).update(started_at=older)
    BreakGlassAccess.objects.filter(pk=waiting.pk).update(started_at=older - datetime.timedelta(hours=1))
    # When the privacy officer opens the review page
    rows = signed_in(world.privacy).get(reverse("break_glass_review")).context["rows"]
    # Then the one waiting comes first
    assert [access.pk for access, _form in rows] == [waiting.pk, access.pk]
