"""Forms of the directory and of referrals: they collect and check the shape of input; the services
decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.families.forms import CreateForm, DateInput, EditForm
from nestling.families.models import Consent, Person
from nestling.formulation.models import AxisFourStressor, AxisOneDiagnosis
from nestling.plans.selectors import Patients
from nestling.plans.words import motivation_words, patient_name
from nestling.referrals.models import Domain, LocalService, ServiceKind, Shared, Status, Urgency
from nestling.referrals.rules import CLOSING, next_statuses
from nestling.referrals.selectors import PromptOptions, SharingConsents
from nestling.screening.models import SafetyAlert, ScreeningResult

Prompt = ScreeningResult | SafetyAlert | AxisOneDiagnosis | AxisFourStressor


class LocalServiceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of service"), choices=[("", "—"), *ServiceKind.choices])
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    email = forms.CharField(label=gettext_lazy("Email"), max_length=254, required=False)
    web = forms.CharField(label=gettext_lazy("Web address"), max_length=200, required=False)
    languages = forms.CharField(
        label=gettext_lazy("Languages spoken"),
        help_text=gettext_lazy("For example: English, Spanish, ASL."),
        max_length=200,
        required=False,
    )
    eligibility = forms.CharField(
        label=gettext_lazy("Who it serves (eligibility)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LocalServiceCreateForm(LocalServiceForm, CreateForm):
    pass


class LocalServiceEditForm(LocalServiceForm, EditForm):
    active = forms.BooleanField(
        label=gettext_lazy("Referrals are made to it"),
        help_text=gettext_lazy("Untick to retire it: it is no longer offered; referrals made to it keep it."),
        required=False,
    )


class DirectoryFilter(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All kinds")), *ServiceKind.choices],
        required=False,
    )
    show = forms.ChoiceField(
        label=gettext_lazy("Show"),
        choices=[
            ("active", gettext_lazy("Services referred to now")),
            ("retired", gettext_lazy("Retired services")),
            ("all", gettext_lazy("All")),
        ],
        required=False,
    )


def _consent_words(consent: Consent) -> str:
    who = consent.given_by.full_name if consent.given_by else consent.given_by_other
    parts = [
        consent.get_kind_display(),
        _("given by %(who)s on %(on)s") % {"who": who or "—", "on": date_format(consent.given_on, "j M Y")},
    ]
    if consent.recipient:
        parts.append(_("to %(recipient)s") % {"recipient": consent.recipient})
    if consent.information:
        parts.append(consent.information)
    return " · ".join(parts)


def prompt_words(prompt: Prompt) -> str:
    if isinstance(prompt, ScreeningResult):
        return motivation_words(prompt)
    if isinstance(prompt, SafetyAlert):
        return _("Safety alert of %(on)s: %(kind)s") % {
            "on": date_format(prompt.raised_at, "j M Y"),
            "kind": prompt.get_kind_display(),
        }
    child = prompt.version.formulation.child.full_name
    if isinstance(prompt, AxisOneDiagnosis):
        return _("Axis I for %(child)s: %(name)s") % {"child": child, "name": prompt.name}
    return _("Axis IV for %(child)s: %(description)s") % {"child": child, "description": prompt.description}


def _service_words(service: LocalService) -> str:
    return f"{service.name} ({service.get_kind_display()})"


class ReferralFields(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the referral"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    domain = forms.ChoiceField(
        label=gettext_lazy("What need it answers"),
        help_text=gettext_lazy("Left empty, it is taken from the screen that prompted it."),
        choices=[("", "—"), *Domain.choices],
        required=False,
    )
    urgency = forms.ChoiceField(label=gettext_lazy("Urgency"), choices=Urgency.choices)
    referred_on = forms.DateField(label=gettext_lazy("Referred on"), widget=DateInput())
    expected_by = forms.DateField(
        label=gettext_lazy("First contact expected by"),
        help_text=gettext_lazy("If the service has not made contact by then, a task to chase it comes due."),
        widget=DateInput(),
    )
    shared = forms.MultipleChoiceField(
        label=gettext_lazy("What is shared with the service"),
        help_text=gettext_lazy(
            "Only what the family's consent in force allows; the letter holds nothing else."
        ),
        choices=Shared.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.ChoiceField(label=gettext_lazy("Consent to share information"), required=False)
    part2_consent = forms.ChoiceField(
        label=gettext_lazy("42 CFR Part 2 consent (for substance use information)"), required=False
    )

    def _set_consents(self, consents: SharingConsents) -> None:
        self._consents = {str(c.uuid): c for c in [*consents.sharing, *consents.part2]}
        for name, rows, empty in (
            ("consent", consents.sharing, _("None: nothing is shared")),
            ("part2_consent", consents.part2, _("None: no substance use information")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *((str(c.uuid), _consent_words(c)) for c in rows)]
        if not consents.part2:
            shared = self.fields["shared"]
            assert isinstance(shared, forms.MultipleChoiceField)
            shared.choices = [c for c in Shared.choices if c[0] != Shared.SUBSTANCE_USE]
            del self.fields["part2_consent"]

    def chosen_consent(self, name: str) -> Consent | None:
        return self._consents.get(self.cleaned_data.get(name) or "")


class ReferralCreateForm(ReferralFields, CreateForm):
    about = forms.ChoiceField(label=gettext_lazy("Who is referred"))
    service = forms.ModelChoiceField(
        label=gettext_lazy("Service (from your directory)"),
        queryset=LocalService.objects.none(),
        to_field_name="uuid",
        required=False,
    )
    service_name = forms.CharField(
        label=gettext_lazy("Or a service not in the directory"), max_length=200, required=False
    )
    service_kind = forms.ChoiceField(
        label=gettext_lazy("Its kind (for a service not in the directory)"),
        choices=[("", "—"), *ServiceKind.choices],
        required=False,
    )
    prompted_by = forms.ChoiceField(label=gettext_lazy("What prompted it"), required=False)
    send = forms.BooleanField(
        label=gettext_lazy("It is sent today (or on the referral date): not a draft"), required=False
    )
    field_order = [
        "about",
        "service",
        "service_name",
        "service_kind",
        "prompted_by",
        "reason",
        "domain",
        "urgency",
        "referred_on",
        "expected_by",
        "shared",
        "consent",
        "part2_consent",
        "send",
    ]

    def __init__(
        self,
        *args: Any,
        patients: Patients,
        services: Sequence[LocalService],
        prompts: PromptOptions,
        consents: SharingConsents,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._people = patients.by_uuid()
        self._prompts = prompts.by_key()
        about = self.fields["about"]
        assert isinstance(about, forms.ChoiceField)
        about.choices = [
            ("", _("Choose…")),
            *(
                (label, choices)
                for label, choices in (
                    (_("Caregivers"), [(str(p.uuid), patient_name(p)) for p in patients.caregivers]),
                    (_("Children"), [(str(p.uuid), patient_name(p)) for p in patients.children]),
                    (_("Relationships"), [(str(p.uuid), patient_name(p)) for p in patients.relationships]),
                )
                if choices
            ),
        ]
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)
        service.queryset = LocalService.objects.filter(pk__in=[s.pk for s in services]).order_by(
            "kind", "name"
        )
        service.label_from_instance = _service_words  # type: ignore[method-assign,assignment]
        prompted = self.fields["prompted_by"]
        assert isinstance(prompted, forms.ChoiceField)
        prompted.choices = [("", _("Nothing in the record"))] + [
            (key, prompt_words(prompt)) for key, prompt in self._prompts.items()
        ]
        self._set_consents(consents)

    def about_person(self) -> Person | None:
        return self._people.get(self.cleaned_data.get("about") or "")

    def prompt(self) -> Prompt | None:
        return self._prompts.get(self.cleaned_data.get("prompted_by") or "")


class ReferralEditForm(ReferralFields, EditForm):
    def __init__(self, *args: Any, consents: SharingConsents, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_consents(consents)


class StatusForm(EditForm):
    status = forms.ChoiceField(label=gettext_lazy("What happened"))
    on = forms.DateField(label=gettext_lazy("On"), widget=DateInput())
    expected_by = forms.DateField(
        label=gettext_lazy("Next step expected by"),
        help_text=gettext_lazy("For example the appointment's date: the task to chase it moves there."),
        widget=DateInput(),
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("Needed when it ended without a first contact: say why."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        labels = dict(Status.choices)
        status.choices = [("", _("Choose…"))] + [
            (s, _("%(status)s (closes the referral)") % {"status": labels[s]} if s in CLOSING else labels[s])
            for s in next_statuses(current)
        ]
