"""The organization settings page says which licensed instruments have their wording loaded, and how to
load the rest. Every text here is synthetic."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.screening.scoring import default_library
from tests.factories.screening import InstrumentWordingFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_settings_page_lists_what_is_loaded_and_how_to_load_the_rest(world, signed_in):
    # Given the organization loaded EPDS in English and Spanish, and another organization loaded HITS
    InstrumentWordingFactory(organization=world.org, imported_by_label="admin@own.test, command line (ops)")
    InstrumentWordingFactory(organization=world.org, language="es")
    InstrumentWordingFactory(
        organization=world.family_x.organization,
        definition="hits@1",
        licence_reference="Other organization's synthetic licence",
    )
    # When the organization admin opens the settings page
    html = signed_in(world.admin).get(reverse("organization_settings")).content.decode()
    section = html[html.index('data-testid="licensed-wording"') :]
    # Then EPDS is loaded in both languages, with the licence and who imported it
    epds = section[section.index("epds@1") : section.index("</li>", section.index("epds@1"))]
    assert epds.count("Loaded") == 2
    assert "English · licence: Synthetic permission letter 2026-03 · imported by admin@own.test" in epds
    assert "Spanish · licence:" in epds
    # And HITS is not loaded here (another organization's copy does not count), with the command to start
    hits = section[section.index("hits@1") : section.index("</li>", section.index("hits@1"))]
    assert "Not loaded" in hits
    assert "nestling instruments wording-template hits@1" in hits
    assert "Other organization" not in section
    assert f"import-wording FILE --organization {world.org.slug}" in section
    # And every licensed-import instrument is listed, none whose wording ships
    for definition in default_library():
        assert (definition.key in section) == (definition.wording == "licensed-import")


def test_the_settings_page_costs_the_same_queries_however_many_copies(world, signed_in):
    client = signed_in(world.admin)
    url = reverse("organization_settings")
    client.get(url)
    before = _queries(client, url)

    for definition in ("epds@1", "hits@1", "swyc-posi@1"):
        for language in ("en", "es"):
            InstrumentWordingFactory(
                organization=world.org,
                definition=definition,
                language=language,
                item_texts={},
                option_labels={},
            )

    assert _queries(client, url) == before
