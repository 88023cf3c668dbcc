"""The organization's endorsement rules and workforce settings, kept by a program manager: each save of
a rule is a new version; the field's defaults stand until the organization saves its own."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.forms import LocalDecimalField
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.workforce.models import Credential, RulePurpose
from nestling.workforce.permissions import is_manager, refuse
from nestling.workforce.policy import workforce_policy
from nestling.workforce.readiness import Rule
from nestling.workforce.selectors.readiness import progress_label, rules_in_force
from nestling.workforce.services.rules import endorsement_rule_save, workforce_policy_save


class RuleForm(forms.Form):
    prefix = "rule"
    credential = forms.ChoiceField(label=gettext_lazy("Credential"), choices=Credential.choices)
    purpose = forms.ChoiceField(label=gettext_lazy("Rule"), choices=RulePurpose.choices)
    rsc_hours = LocalDecimalField(
        label=gettext_lazy("RS/C hours received"), min_value=0, max_digits=5, decimal_places=1
    )
    rsc_window_months = forms.IntegerField(label=gettext_lazy("Within the last (months)"), min_value=1)
    training_hours = LocalDecimalField(
        label=gettext_lazy("Training hours"), min_value=0, max_digits=5, decimal_places=1
    )
    training_window_months = forms.IntegerField(
        label=gettext_lazy("Training within the last (months)"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Leave empty when training of any date counts."),
    )
    verified = forms.BooleanField(
        label=gettext_lazy("Checked against the endorsing body's current guidelines"), required=False
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, initial=-1)


class PolicyForm(forms.Form):
    prefix = "policy"
    rsc_recent_days = forms.IntegerField(
        label=gettext_lazy("RS/C received within (days) keeps relationship-based therapy open"), min_value=1
    )
    supervisee_limit = forms.IntegerField(
        label=gettext_lazy("Supervisees per supervisor, at most"), min_value=1
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


@require_GET_or_POST
@login_required
def endorsement_rules(request: AuthedRequest) -> HttpResponse:
    """The rules in force and the settings, with a form for each."""
    if not is_manager(request.user):
        raise refuse(request.user, "endorsement_rules.view", subject_type="endorsementrule", subject_id="")
    org_id = request.user.organization_id
    rules = rules_in_force(organization_id=org_id)
    policy = workforce_policy(organization_id=org_id)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    rule_form = RuleForm(request.POST if posted == "rule" else None)
    policy_form = PolicyForm(
        request.POST if posted == "policy" else None,
        initial={
            "rsc_recent_days": policy.rsc_recent_days,
            "supervisee_limit": policy.supervisee_limit,
            "version": policy.version,
        },
    )
    if posted == "rule" and rule_form.is_valid():
        data = rule_form.cleaned_data
        current = next(
            (r for r in rules if r.credential == data["credential"] and r.purpose == data["purpose"]), None
        )
        seen = data["seen_version"] if data["seen_version"] >= 0 else (current.version if current else 0)
        try:
            endorsement_rule_save(
                by=request.user,
                rule=Rule(
                    credential=data["credential"],
                    purpose=data["purpose"],
                    version=0,
                    rsc_hours=data["rsc_hours"],
                    rsc_window_months=data["rsc_window_months"],
                    training_hours=data["training_hours"],
                    training_window_months=data["training_window_months"],
                    verified=data["verified"],
                    note=data["note"],
                ),
                seen_version=seen,
            )
        except RecordInvalid as refusal:
            add_errors(rule_form, refusal)
        else:
            messages.success(request, _("Rule saved as a new version."))
            return redirect("endorsement_rules")
    if posted == "policy" and policy_form.is_valid():
        data = policy_form.cleaned_data
        try:
            workforce_policy_save(
                by=request.user,
                version=data["version"],
                rsc_recent_days=data["rsc_recent_days"],
                supervisee_limit=data["supervisee_limit"],
            )
        except RecordInvalid as refusal:
            add_errors(policy_form, refusal)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("endorsement_rules")
    return render(
        request,
        "workforce/rules.html",
        {
            "rules": [(progress_label(rule), rule) for rule in rules],
            "rule_form": rule_form,
            "policy_form": policy_form,
        },
    )
