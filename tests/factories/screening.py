import datetime

import factory
from django.utils import timezone

from nestling.families.models import subject_of
from nestling.screening.models import InstrumentWording, SafetyAlert, ScreeningResult
from nestling.tasks.models import Task
from tests.factories.families import CaregiverFactory


class ScreeningResultFactory(factory.django.DjangoModelFactory):
    """A PHQ-9 of a caregiver, as screening_record would store it (item 9 answered 'several days')."""

    class Meta:
        model = ScreeningResult

    family = None
    organization = factory.LazyAttribute(lambda r: r.family.organization)
    subject = factory.LazyAttribute(
        lambda r: subject_of(r.caregiver or r.child or r.relationship or CaregiverFactory(family=r.family))
    )
    instrument = "phq-9"
    definition = "phq-9@1"
    answers = factory.LazyFunction(lambda: [1, 1, 1, 1, 1, 1, 1, 1, 1])
    total = 9
    band = "mild"
    positive = False
    flags = factory.LazyFunction(lambda: ["self_harm"])
    administered_on = factory.LazyFunction(datetime.date.today)
    administered_by = None
    respondent = "caregiver"

    class Params:
        # Name the person screened; the result points at their subject.
        caregiver = None
        child = None
        relationship = None


class SafetyAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyAlert

    result = None
    family = factory.LazyAttribute(lambda a: a.result.family)
    organization = factory.LazyAttribute(lambda a: a.result.organization)
    kind = "self_harm"
    raised_at = factory.LazyFunction(timezone.now)
    practitioner = factory.LazyAttribute(lambda a: a.result.administered_by)
    supervisor = None


class FollowUpTaskFactory(factory.django.DjangoModelFactory):
    """The follow-up a positive screen asks for, due in two weeks."""

    class Meta:
        model = Task

    class Params:
        result = None

    source = factory.LazyAttribute(lambda t: t.result)
    subject = factory.LazyAttribute(lambda t: t.result.subject)
    kind = "positive_screen"
    family = factory.LazyAttribute(lambda t: t.result.family)
    organization = factory.LazyAttribute(lambda t: t.result.organization)
    text = "Follow up the positive screen: discuss it and consider a referral."
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))


def synthetic_wording(definition_key: str, tag: str = "") -> dict:
    """Texts and labels for every item and option of a definition, obviously not any real instrument's."""
    from nestling.screening.scoring import default_library

    definition = default_library().get(definition_key)
    return {
        "item_texts": {item.id: f"Synthetic{tag} item {item.number} text" for item in definition.items},
        "option_labels": {
            item.id: [f"Synthetic{tag} choice {item.number}.{p + 1}" for p in range(len(item.options))]
            for item in definition.items
        },
    }


class InstrumentWordingFactory(factory.django.DjangoModelFactory):
    """An organization's imported EPDS wording in English, every text synthetic."""

    class Meta:
        model = InstrumentWording

    organization = None
    definition = "epds@1"
    language = "en"
    preamble = "Synthetic preamble for the test copy."
    item_texts = factory.LazyAttribute(lambda w: synthetic_wording(w.definition)["item_texts"])
    option_labels = factory.LazyAttribute(lambda w: synthetic_wording(w.definition)["option_labels"])
    licence_reference = "Synthetic permission letter 2026-03"
    file_sha256 = "0" * 64
    imported_at = factory.LazyFunction(timezone.now)
    imported_by = None
    imported_by_label = "command line (test)"


def answer_alert(alert, by, *, risk="moderate", actions=("safety_plan",), note="", at=None):
    """Answer a safety alert as a clinician would on its page (now, unless `at` says when)."""
    from nestling.screening.safety_response import SafetyResponse, safety_alert_answer

    response = SafetyResponse(risk=risk, actions=list(actions), note=note, responded_at=at or timezone.now())
    return safety_alert_answer(alert=alert, by=by, response=response)
