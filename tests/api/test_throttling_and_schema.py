"""Anonymous clients are rate-limited (a JSON 429 with Retry-After); the OpenAPI description
generates without a warning and the docs page is served."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_anonymous_requests_past_the_rate_get_a_json_429(client, content, settings):
    settings.API_ANON_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    response = client.get("/api/v1/items/")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["status"] == 429
    assert "throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_the_csv_shares_the_limit(client, content, settings):
    settings.API_ANON_RATE = "2/minute"
    assert client.get("/api/v1/themes/").status_code == 200
    assert client.get("/learning/results.csv").status_code == 200
    response = client.get("/learning/results.csv")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert client.get("/api/v1/themes/").status_code == 429


def test_each_address_has_its_own_limit(client, content, settings):
    settings.API_ANON_RATE = "1/minute"
    assert client.get("/api/v1/themes/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get("/api/v1/themes/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/themes/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    paths = schema["paths"]
    for path in (
        "/api/v1/items/",
        "/api/v1/items/{publication}/{key}/",
        "/api/v1/themes/",
        "/api/v1/themes/{slug}/",
        "/api/v1/age-groups/",
        "/api/v1/audiences/",
        "/api/v1/publications/{slug}/",
        "/api/v1/reviews/",
        "/api/v1/boards/{slug}/",
        "/api/v1/glossary/{term}/",
    ):
        assert set(paths[path]) == {"get"}, path
    parameters = {parameter["name"] for parameter in paths["/api/v1/items/"]["get"]["parameters"]}
    assert {"q", "theme", "age_group", "audience", "kind", "board", "publication", "year", "sort", "page"} <= parameters
    assert "/api/" not in paths and "/api/schema/" not in paths


def test_the_schema_is_served_as_yaml_and_json(client, content):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert "openapi" in yaml.safe_load(response.content)
    assert client.get("/api/schema/?format=json").json()["info"]["title"].startswith("Learning from case reviews")


def test_the_docs_page_uses_local_assets_and_no_inline_script(client, content):
    response = client.get("/api/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "<style" not in html and "style=" not in html
    assert 'href="/api/v1/items/"' in html  # readable without JavaScript
    script = client.get("/api/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode() and "/api/schema/" in script.content.decode()
