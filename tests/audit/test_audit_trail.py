from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from nestling.audit.models import AppendOnlyError, AuditAction, AuditEvent, AuditOutcome
from nestling.audit.services import audit_record
from nestling.audit.verify import audit_chains_verify
from tests.audit.tampering import write_rows


def test_opening_a_family_writes_one_read_row(world, signed_in):
    # Given a practitioner with family A on their caseload
    client = signed_in(world.practitioner)
    before = AuditEvent.objects.count()
    # When they open the family
    response = client.get(reverse("family_detail", args=[world.family_a.uuid]))
    # Then exactly one row records who read what
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.order_by("-id").first()
    assert (row.actor_id, row.action, row.outcome, row.family_uuid) == (
        world.practitioner.pk,
        AuditAction.READ,
        AuditOutcome.ALLOWED,
        world.family_a.uuid,
    )
    assert row.organization_id == world.org.pk


def test_a_refused_family_is_audited_as_denied(world, signed_in):
    client = signed_in(world.practitioner)
    response = client.get(reverse("family_detail", args=[world.family_c.uuid]))
    assert response.status_code == 404
    row = AuditEvent.objects.order_by("-id").first()
    assert row.outcome == AuditOutcome.DENIED
    assert row.subject_id == str(world.family_c.uuid)
    assert row.family_uuid is None  # the denied user learns nothing, and the row names only what was asked


def test_the_application_cannot_update_or_delete_audit_rows(world):
    row = audit_record(actor=world.practitioner, action=AuditAction.READ, category="family")
    with pytest.raises(AppendOnlyError):
        row.reason = "rewritten"
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=row.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_a_change_and_its_audit_row_roll_back_together(world):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=world.practitioner, action=AuditAction.CHANGE, category="family")
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == before


def test_verify_passes_on_an_untouched_trail(world, capsys):
    # Given five rows and no checkpoint yet
    write_rows(world.practitioner)
    # When the trail is verified
    call_command("audit", "verify")
    # Then it is intact, and says that nothing anchors it yet
    out = capsys.readouterr().out
    assert "audit trail intact: 5 rows checked in 1 lane(s)" in out
    assert "no checkpoint yet" in out


def test_verify_catches_a_row_edited_with_raw_sql(world, tamper):
    write_rows(world.practitioner)
    victim = AuditEvent.objects.order_by("seq")[2]
    tamper.edit_row(victim.pk, reason="nothing")
    verification = audit_chains_verify()
    assert verification.checked == 5
    assert [(p.seq, p.message) for p in verification.problems] == [
        (victim.seq, "was altered after it was written")
    ]
    with pytest.raises(CommandError) as refusal:
        call_command("audit", "verify")
    assert refusal.value.returncode == 1


def test_verify_catches_a_row_deleted_with_raw_sql(world, tamper):
    write_rows(world.practitioner)
    victim = AuditEvent.objects.order_by("seq")[1]
    tamper.delete_rows(victim.pk)
    problems = audit_chains_verify().problems
    assert [(p.seq, p.message) for p in problems] == [(2, "rows 2 to 2 are missing")]


def test_verify_catches_the_newest_rows_being_cut_off_when_the_head_was_left(world, tamper):
    write_rows(world.practitioner)
    newest = AuditEvent.objects.order_by("-seq").first()
    tamper.delete_rows(newest.pk)
    problems = audit_chains_verify().problems
    assert [p.message for p in problems] == ["ends at row 4 but its head records row 5"]


def test_each_organization_has_its_own_chain(world):
    audit_record(actor=world.practitioner, action=AuditAction.READ, category="family")
    audit_record(actor=world.outsider, action=AuditAction.READ, category="family")
    audit_record(actor=world.practitioner, action=AuditAction.READ, category="family")
    seqs = {
        chain: sorted(AuditEvent.objects.filter(chain=chain).values_list("lane", "seq"))
        for chain in (world.org.pk, world.outsider.organization_id)
    }
    assert seqs == {world.org.pk: [(0, 1), (0, 2)], world.outsider.organization_id: [(0, 1)]}


def test_the_privacy_officer_filters_the_trail_and_the_search_is_itself_audited(world, signed_in):
    audit_record(
        actor=world.practitioner, action=AuditAction.READ, category="family", family_uuid=world.family_a.uuid
    )
    audit_record(
        actor=world.colleague, action=AuditAction.READ, category="family", family_uuid=world.family_c.uuid
    )
    client = signed_in(world.privacy)
    response = client.get(reverse("audit_list"), {"family": str(world.family_a.uuid)})
    assert response.status_code == 200
    assert [e.actor_label for e in response.context["events"]] == ["practitioner@own.test"]
    assert AuditEvent.objects.filter(actor_id=world.privacy.pk, category="audit").exists()


def test_a_bad_audit_filter_shows_an_error_not_a_failure(world, signed_in):
    client = signed_in(world.privacy)
    response = client.get(reverse("audit_list"), {"family": "not-a-uuid", "since": "2026-02-30"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"family", "since"}


def test_the_privacy_officer_never_sees_another_organizations_trail(world, signed_in):
    audit_record(actor=world.outsider, action=AuditAction.READ, category="family")
    response = signed_in(world.privacy).get(reverse("audit_list"))
    assert all(e.organization_id == world.org.pk for e in response.context["events"])


def test_the_admin_chooses_the_growth_reference_and_the_change_is_audited(world, signed_in):
    client = signed_in(world.admin)
    response = client.post(reverse("organization_settings"), {"growth_reference": "cdc"})
    assert response.status_code == 302
    world.org.refresh_from_db()
    assert world.org.growth_reference == "cdc"
    row = AuditEvent.objects.filter(category="settings").get()
    assert row.detail == {"before": {"growth_reference": "who"}, "after": {"growth_reference": "cdc"}}


def test_a_bad_growth_reference_is_refused_with_the_form_and_changes_nothing(world, signed_in):
    response = signed_in(world.admin).post(reverse("organization_settings"), {"growth_reference": "mars"})
    assert response.status_code == 200
    assert "growth_reference" in response.context["form"].errors
    world.org.refresh_from_db()
    assert world.org.growth_reference == "who"
