"""The menu names the pages a role uses, and the staff page leads to the person's practice record."""

from __future__ import annotations

from django.urls import reverse


def test_a_practitioner_finds_their_practice_the_rs_c_log_and_the_directory_in_the_menu(signed_in, world):
    client = signed_in(world.practitioner)
    items = {item["label"]: item["url"] for item in client.get(reverse("worklist")).context["nav_items"]}
    assert items["My practice"] == reverse("my_practice")
    assert items["RS/C"] == reverse("rsc_log")
    assert items["Service directory"] == reverse("referral_directory")
    assert "Endorsement rules" not in items


def test_a_manager_finds_the_endorsement_rules(signed_in, world):
    client = signed_in(world.manager)
    items = {item["label"]: item["url"] for item in client.get(reverse("staff_list")).context["nav_items"]}
    assert items["Endorsement rules"] == reverse("endorsement_rules")


def test_the_staff_page_links_to_the_practice_record_for_a_reader_who_may_see_it(signed_in, world):
    link = reverse("staff_practice", args=[world.practitioner.uuid])
    page = signed_in(world.manager).get(reverse("staff_person", args=[world.practitioner.uuid]))
    assert link in page.content.decode()
    # An admin manages accounts but does not read a person's training and supervision
    page = signed_in(world.admin).get(reverse("staff_person", args=[world.practitioner.uuid]))
    assert page.status_code == 200
    assert link not in page.content.decode()
