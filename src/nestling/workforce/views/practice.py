"""A staff member's practice record: profile, training, RS/C received, qualification and endorsement
readiness (page, PDF and CSV), and the certificate of a training, served privately."""

from __future__ import annotations

import csv
import uuid
from datetime import date
from io import StringIO
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.access.policy import roles_of
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.documents.pdf import render_pdf
from nestling.families.forms import LocalDecimalField
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.workforce.certificates import certificate_open
from nestling.workforce.models import (
    CompetencyArea,
    Credential,
    Discipline,
    EducationLevel,
    StaffProfile,
    TrainingRecord,
)
from nestling.workforce.permissions import may_read_staff, may_write_as_manager, may_write_own, refuse
from nestling.workforce.qualification_words import qualification_restore, qualification_why
from nestling.workforce.readiness import months_before
from nestling.workforce.selectors.qualification import qualifications
from nestling.workforce.selectors.readiness import Readiness, readiness_of
from nestling.workforce.selectors.rsc import rsc_attendance, rsc_hours_by_month, rsc_sessions_visible
from nestling.workforce.services.profile import (
    MANAGER_FIELDS,
    OWN_FIELDS,
    staff_profile_update,
)
from nestling.workforce.services.training import TrainingInput, training_record

MONTHS_SHOWN = 12


def _person(request: AuthedRequest, user_uuid: UUID) -> User:
    """The staff member asked for, if the reader may read their record; otherwise a 404, audited."""
    person = User.objects.filter(uuid=user_uuid, organization_id=request.user.organization_id).first()
    if person is None or not may_read_staff(request.user, person):
        raise refuse(request.user, "staff.read", subject_type="user", subject_id=user_uuid)
    return person


def _months(on: date) -> list[str]:
    return [f"{months_before(on.replace(day=1), n):%Y-%m}" for n in range(MONTHS_SHOWN)]


@require_safe
@login_required
def staff_practice(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    """A staff member's practice record, read by them, their supervisor or a manager."""
    person = _person(request, user_uuid)
    today = timezone.localdate()
    readiness = readiness_of(actor=request.user, person=person, on=today)
    qualification = qualifications(people=[person], on=today)[person.pk]
    since = months_before(today.replace(day=1), MONTHS_SHOWN - 1)
    hours = rsc_hours_by_month(people=[person], since=since, on=today).get(person.pk, {})
    attendance = rsc_attendance(people=[person], since=since, on=today)[person.pk]
    trainings = list(TrainingRecord.objects.filter(person=person))
    areas = dict(CompetencyArea.choices)
    sessions = list(rsc_sessions_visible(actor=request.user, person=person)[:10])
    return render(
        request,
        "workforce/practice.html",
        {
            "person": person,
            "profile": readiness.profile,
            "own": person.pk == request.user.pk,
            "may_edit": may_write_own(request.user, person) or may_write_as_manager(request.user, person),
            "qualification": qualification,
            "why": qualification_why(qualification),
            "restore": qualification_restore(qualification),
            "readiness": readiness,
            "months": [(month, hours.get(month, 0)) for month in _months(today)],
            "attendance": attendance,
            "trainings": [(t, [areas.get(a, a) for a in t.competency_areas]) for t in trainings],
            "sessions": sessions,
        },
    )


@require_safe
@login_required
def my_practice(request: AuthedRequest) -> HttpResponse:
    """The signed-in person's own practice record (what a menu links to)."""
    if not roles_of(request.user):
        raise refuse(request.user, "staff.read", subject_type="user", subject_id=request.user.uuid)
    return redirect("staff_practice", user_uuid=request.user.uuid)


class ProfileForm(forms.Form):
    discipline = forms.ChoiceField(
        label=gettext_lazy("Discipline"), choices=[("", "—"), *Discipline.choices], required=False
    )
    licence = forms.CharField(label=gettext_lazy("Licence"), max_length=120, required=False)
    education_level = forms.ChoiceField(
        label=gettext_lazy("Education"), choices=[("", "—"), *EducationLevel.choices], required=False
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages spoken"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Separated by commas."),
    )
    endorsement_category = forms.ChoiceField(
        label=gettext_lazy("Endorsement held"), choices=[("", "—"), *Credential.choices], required=False
    )
    endorsement_number = forms.CharField(
        label=gettext_lazy("Endorsement number"), max_length=40, required=False
    )
    endorsement_earned_on = forms.DateField(
        label=gettext_lazy("Earned on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    endorsement_renews_on = forms.DateField(
        label=gettext_lazy("Renews on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    caseload_capacity = forms.IntegerField(
        label=gettext_lazy("Caseload capacity (families)"), required=False, min_value=0
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, keeps: frozenset[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in list(self.fields):
            if name != "version" and name not in keeps:
                del self.fields[name]


@require_GET_or_POST
@login_required
def staff_profile_edit(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    """The person edits their own half of the profile; a manager the program's half."""
    person = _person(request, user_uuid)
    keeps = (OWN_FIELDS if may_write_own(request.user, person) else frozenset()) | (
        MANAGER_FIELDS if may_write_as_manager(request.user, person) else frozenset()
    )
    if not keeps:
        raise refuse(request.user, "staff.profile.change", subject_type="staffprofile", subject_id=user_uuid)
    # Nothing is written on opening the form: a person without a profile yet starts from version 1.
    profile = StaffProfile.objects.filter(user=person).first() or StaffProfile(user=person)
    initial = {name: getattr(profile, name) for name in keeps} | {"version": profile.version}
    form = ProfileForm(request.POST or None, initial=initial, keeps=keeps)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            staff_profile_update(by=request.user, person=person, version=version, changes=data)
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("staff_practice", user_uuid=person.uuid)
    return render(request, "workforce/profile_form.html", {"person": person, "form": form})


class TrainingForm(forms.Form):
    course = forms.CharField(label=gettext_lazy("Course"), max_length=200)
    provider = forms.CharField(label=gettext_lazy("Provider"), max_length=200)
    started_on = forms.DateField(
        label=gettext_lazy("Started on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    completed_on = forms.DateField(
        label=gettext_lazy("Completed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty while the course is still going on."),
    )
    hours = LocalDecimalField(label=gettext_lazy("Hours"), max_digits=5, decimal_places=1)
    competency_areas = forms.MultipleChoiceField(
        label=gettext_lazy("Competency areas covered"),
        choices=CompetencyArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    specialized_imh = forms.BooleanField(
        label=gettext_lazy("Specialized infant mental health training"), required=False
    )
    certificate = forms.FileField(
        label=gettext_lazy("Certificate (optional)"),
        required=False,
        help_text=gettext_lazy("A PDF, PNG or JPEG file of at most 5 MB."),
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput)


@require_GET_or_POST
@login_required
def training_add(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    """Record a course: the person their own, a manager anyone's."""
    person = _person(request, user_uuid)
    if not (may_write_own(request.user, person) or may_write_as_manager(request.user, person)):
        raise refuse(request.user, "training.record", subject_type="user", subject_id=user_uuid)
    form = TrainingForm(request.POST or None, request.FILES or None, initial={"client_id": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("certificate")
        try:
            training_record(
                by=request.user,
                person=person,
                given=TrainingInput(
                    course=data["course"],
                    provider=data["provider"],
                    started_on=data["started_on"],
                    completed_on=data["completed_on"],
                    hours=data["hours"],
                    competency_areas=data["competency_areas"],
                    specialized_imh=data["specialized_imh"],
                    certificate=upload.file if upload else None,
                    certificate_name=upload.name if upload else "",
                    certificate_size=upload.size if upload else 0,
                ),
                client_id=data["client_id"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Training recorded."))
            return redirect("staff_practice", user_uuid=person.uuid)
    return render(request, "workforce/training_form.html", {"person": person, "form": form})


@require_safe
@login_required
def training_certificate(request: AuthedRequest, training_uuid: UUID) -> HttpResponse:
    """A training's certificate, to whoever may read its person's record; the read is audited."""
    training = (
        TrainingRecord.objects.filter(uuid=training_uuid, organization_id=request.user.organization_id)
        .exclude(certificate_key="")
        .select_related("person")
        .first()
    )
    if training is None or not may_read_staff(request.user, training.person):
        raise refuse(
            request.user, "training.certificate", subject_type="trainingrecord", subject_id=training_uuid
        )
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        category="training",
        subject_type="trainingrecord",
        subject_id=training.uuid,
        detail={"certificate": True},
    )
    # At most a few megabytes, read whole: the same response whatever serves it.
    with certificate_open(training.certificate_key) as stored:
        response = HttpResponse(stored.read(), content_type=training.certificate_type)
    response["Content-Disposition"] = f'attachment; filename="certificate-{training.uuid}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _summary_rows(readiness: Readiness) -> list[list[str]]:
    rows = []
    for label, progress in readiness.labelled:
        rule = progress.rule
        rows.append(
            [
                label,
                f"{progress.rsc_have}",
                f"{rule.rsc_hours}",
                f"{rule.rsc_window_months}",
                f"{progress.training_have}",
                f"{rule.training_hours}",
                _("ready") if progress.ready else _("not yet"),
                _("yes") if rule.verified else _("unverified"),
            ]
        )
    return rows


SUMMARY_HEADER = [
    gettext_lazy("Credential"),
    gettext_lazy("RS/C hours received"),
    gettext_lazy("RS/C hours asked"),
    gettext_lazy("Within months"),
    gettext_lazy("Training hours"),
    gettext_lazy("Training hours asked"),
    gettext_lazy("Status"),
    gettext_lazy("Rule checked"),
]


@require_safe
@login_required
def readiness_csv(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    """The readiness summary as CSV, to attach to an endorsement application."""
    person = _person(request, user_uuid)
    readiness = readiness_of(actor=request.user, person=person)
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([str(h) for h in SUMMARY_HEADER])
    writer.writerows(_summary_rows(readiness))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="readiness-{readiness.on}.csv"'
    return response


@require_safe
@login_required
def readiness_pdf(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    """The readiness summary as PDF, through the one PDF path."""
    person = _person(request, user_uuid)
    readiness = readiness_of(actor=request.user, person=person)
    title = _("Endorsement readiness: %(name)s") % {"name": person.display_name}
    pdf = render_pdf(
        "workforce/readiness_pdf.html",
        {
            "readiness": readiness,
            "person": person,
            "header": SUMMARY_HEADER,
            "rows": _summary_rows(readiness),
            "title": title,
        },
        title=title,
        made_by=request.user.display_name,
        confidentiality=_(
            "Confidential: a staff member's practice record, for their endorsement application. Do not share "
            "it further."
        ),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="readiness-{readiness.on}.pdf"'
    return response
