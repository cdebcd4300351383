from app import create_app


def test_add_and_list():
    client = create_app().test_client()
    client.post("/entries", json={"site": "example.org", "password": "x"})
    assert client.get("/entries").get_json() == ["example.org"]
