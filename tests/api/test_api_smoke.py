from tests.factories import families as make


def test_a_practitioner_token_lists_their_families_and_reads_one(client, world, as_practitioner):
    response = client.get("/api/v1/families", **as_practitioner)
    assert response.status_code == 200, response.content
    names = [f["name"] for f in response.json()["items"]]
    assert names == ["Household A", "Household B"]
    make.CaregiverFactory(family=world.family_a)
    detail = client.get(f"/api/v1/families/{world.family_a.uuid}/caregivers", **as_practitioner)
    assert detail.status_code == 200, detail.content
    foreign = client.get(f"/api/v1/families/{world.family_x.uuid}", **as_practitioner)
    assert foreign.status_code == 404, foreign.content
