"""The committed OpenAPI document is what the code generates; regenerate with klantinteracties_openapi."""

from voorkant.klantinteracties.openapi_document import DOCUMENT, klantinteracties_openapi


def test_committed_openapi_document_matches_the_code():
    assert DOCUMENT.read_text() == klantinteracties_openapi(), (
        "Code en document lopen uiteen: draai `manage.py klantinteracties_openapi` en commit het resultaat."
    )


def test_generated_document_lists_every_path_of_the_standard():
    import yaml

    ours = set(yaml.safe_load(DOCUMENT.read_text())["paths"])
    official = yaml.safe_load((DOCUMENT.parent / "klantinteracties-0.9.0.yaml").read_text())["paths"]
    assert {f"/klantinteracties/api/v1{p}" for p in official} == ours
