"""What the screening pages call each question and answer choice of an instrument.

One place decides: the wording the definition ships, else the program's licensed copy when it has
loaded one, else only the item number and the option's place and score from the key, so nobody reads
unlicensed wording off the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from nestling.screening.models import InstrumentWording
from nestling.screening.scoring import Definition
from nestling.screening.scoring.definition import Item
from nestling.screening.words import DEFINITION_LANGUAGE, other_language


@dataclass(frozen=True)
class InstrumentLabels:
    definition: Definition
    licensed: InstrumentWording | None = None  # the program's imported copy, if it has loaded one

    @property
    def shipped(self) -> bool:
        return self.definition.wording == "shipped"

    @property
    def numbers_only(self) -> bool:
        """True when neither the repository nor the program has the wording."""
        return not self.shipped and self.licensed is None

    @property
    def preamble(self) -> str:
        if self.licensed is not None:
            return self.licensed.preamble
        return (self.definition.preamble or "") if self.shipped else ""

    def _text(self, item: Item) -> str | None:
        if self.licensed is not None:
            return self.licensed.item_texts.get(item.id)
        return item.text if self.shipped else None

    def _label(self, item: Item, position: int) -> str | None:
        if self.licensed is not None:
            labels = self.licensed.option_labels.get(item.id, [])
            if position < len(labels) and labels[position]:
                return str(labels[position])
        # A key's generic labels (Yes / No, Never ... Frequently) are not licensed text.
        return item.options[position].label

    @property
    def wording_language(self) -> str:
        """The language the questions and choices are written in: the loaded copy's, else the
        definition's."""
        return self.licensed.language if self.licensed is not None else DEFINITION_LANGUAGE

    @property
    def preamble_lang(self) -> str:
        """The `lang` the preamble needs on this page ("" when it is in the page's language)."""
        return other_language(self.wording_language)

    @property
    def definition_lang(self) -> str:
        """The `lang` the definition's own English texts (citation, licence notice) need on this page."""
        return other_language(DEFINITION_LANGUAGE)

    def question_lang(self, item: Item) -> str:
        """The `lang` a question needs: the wording's language when it is not the page's; "" for the
        page's own words (a question's number)."""
        return other_language(self.wording_language) if self._text(item) else ""

    def answer_lang(self, item: Item, position: int) -> str:
        """The `lang` a chosen answer needs: the copy's language for its label, the definition's for a
        key's own label, "" for an option's place in the page's words."""
        if self.licensed is not None:
            labels = self.licensed.option_labels.get(item.id, [])
            if position < len(labels) and labels[position]:
                return other_language(self.licensed.language)
        return other_language(DEFINITION_LANGUAGE) if item.options[position].label else ""

    def choices_lang(self, item: Item) -> str:
        """The `lang` a question's list of choices needs: the one its labels share ("" when they are the
        page's own words, or mixed, and so marked by none)."""
        langs = {self.answer_lang(item, position) for position in range(len(item.options))}
        return langs.pop() if len(langs) == 1 else ""

    def question(self, item: Item) -> str:
        """The question as printed, or its number alone when the wording is not available."""
        text = self._text(item)
        if text:
            return f"{item.number}. {text}"
        return _("Question %(n)s") % {"n": item.number}

    def choice(self, item: Item, position: int) -> str:
        """An answer choice on the form: its label, or its printed place and the score it carries."""
        label = self._label(item, position)
        if label:
            return label
        score = item.options[position].score
        return _("Option %(n)s (scores %(score)s)") % {"n": position + 1, "score": score}

    def answer(self, item: Item, position: int) -> str:
        """A chosen answer on the result page: its label, or its printed place."""
        return self._label(item, position) or _("Option %(n)s") % {"n": position + 1}
