from tests import factories


def test_field_officer_sees_only_assigned_sites(client, login_as):
    mine = factories.site(name="Kuantan depot")
    other = factories.site(name="Melaka port")
    login_as("field", sites=[mine])
    page = client.get("/sites").get_data(as_text=True)
    assert "Kuantan depot" in page
    assert "Melaka port" not in page
    assert client.get(f"/sites/{other.id}").status_code == 404
    assert client.get(f"/sites/{mine.id}").status_code == 200
