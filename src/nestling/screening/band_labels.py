"""The band labels the instrument definitions hold, listed so that the catalogues translate them.

The definitions are data (JSON) that makemessages does not read; `words.band_label` shows a band's label
through gettext, and a test keeps this list in step with the library."""

from __future__ import annotations

from django.utils.translation import gettext_noop

BAND_LABELS = (
    gettext_noop("At risk for food insecurity"),
    gettext_noop("At risk: a subscale scores 3 or more"),
    gettext_noop("Below the cut-off"),
    gettext_noop("Below the cut-off for sex"),
    gettext_noop("Below the screening cut-off"),
    gettext_noop("Four or more ACE categories"),
    gettext_noop("High risk: refer for evaluation and early intervention"),
    gettext_noop("Low risk"),
    gettext_noop("Mild"),
    gettext_noop("Minimal"),
    gettext_noop("Moderate"),
    gettext_noop("Moderate risk: administer the Follow-Up"),
    gettext_noop("Moderately severe"),
    gettext_noop("Needs review: 3 or more items at risk"),
    gettext_noop("Needs review: score of 9 or more"),
    gettext_noop("Negative"),
    gettext_noop("No ACE categories"),
    gettext_noop("No risk"),
    gettext_noop("No subscale at 3 or more"),
    gettext_noop("None-minimal"),
    gettext_noop("One to three ACE categories"),
    gettext_noop("Positive screen for intimate partner violence"),
    gettext_noop("Positive screen for unhealthy alcohol use"),
    gettext_noop("Positive: assess for depression"),
    gettext_noop("Positive: complete the GAD-7"),
    gettext_noop("Positive: complete the PHQ-9"),
    gettext_noop("Possible depression"),
    gettext_noop("Probable depression: assess"),
    gettext_noop("Screen negative after Follow-Up"),
    gettext_noop("Screen positive: refer for evaluation and early intervention"),
    gettext_noop("Severe"),
)
