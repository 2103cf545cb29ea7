import pytest
from django.core.exceptions import ValidationError

from voorkant.catalogue.demo_protocols import install_demo_protocols
from voorkant.catalogue.models import (
    FieldKind,
    Product,
    Protocol,
    ProtocolField,
    ProtocolLevel,
    ProtocolVersion,
    SignalKind,
    SignalStatus,
    VersionStatus,
)
from voorkant.catalogue.selectors import protocol_version_for_product
from voorkant.catalogue.services import (
    FieldSpec,
    answers_clean,
    proposal_decide,
    protocol_create,
    protocol_propose,
    protocol_signal_create,
    upl_import,
)

WHY = "De backoffice gebruikt dit voor de vervolgactie."


def _wmo():
    return protocol_create(
        code="wmo",
        name="Wmo",
        level=ProtocolLevel.FULL,
        requires_follow_up=True,
        fields=[
            FieldSpec(
                key="hulpvraag", label="Hulpvraag", kind=FieldKind.LONG_TEXT, is_required=True, why_asked=WHY
            ),
            FieldSpec(key="sinds", label="Sinds", kind=FieldKind.DATE, why_asked=WHY),
            FieldSpec(key="mantelzorg", label="Mantelzorger?", kind=FieldKind.YES_NO, why_asked=WHY),
            FieldSpec(
                key="dagdeel",
                label="Dagdeel",
                kind=FieldKind.CHOICE,
                choices=("ochtend", "middag"),
                why_asked=WHY,
            ),
            FieldSpec(key="uren", label="Uren", kind=FieldKind.NUMBER, why_asked=WHY),
        ],
    )


def test_answers_outside_the_protocol_are_dropped_and_values_parsed(db):
    version = _wmo()
    cleaned = answers_clean(
        version=version,
        answers={
            "hulpvraag": " Hulp bij douchen ",
            "sinds": "2026-10-01",
            "mantelzorg": "ja",
            "uren": "2,5",
            "bsn": "999993653",
            "geheim": "mag niet bewaard",
        },
    )
    assert cleaned == {
        "hulpvraag": "Hulp bij douchen",
        "sinds": "2026-10-01",
        "mantelzorg": True,
        "uren": "2.5",
    }


def test_required_and_invalid_answers_are_refused_per_field(db):
    version = _wmo()
    with pytest.raises(ValidationError) as caught:
        answers_clean(version=version, answers={"sinds": "gisteren", "dagdeel": "avond", "uren": "veel"})
    errors = caught.value.message_dict
    assert errors["hulpvraag"] == ["Dit veld is verplicht in dit protocol."]
    assert errors["sinds"] == ["Vul een datum in als jjjj-mm-dd."]
    assert errors["dagdeel"] == ["Kies een van de mogelijkheden."]
    assert errors["uren"] == ["Vul een getal in."]


def test_invalid_question_definition_is_refused_and_nothing_is_saved(db):
    with pytest.raises(ValidationError) as caught:
        protocol_create(
            code="kapot",
            name="Kapot",
            level=ProtocolLevel.STANDARD,
            fields=[
                FieldSpec(key="a", label="Keuze", kind=FieldKind.CHOICE, choices=("één",), why_asked=WHY),
                FieldSpec(key="a", label="", kind="vrij", why_asked=""),
            ],
        )
    messages = caught.value.message_dict
    assert "Een keuzevraag heeft minstens twee keuzes nodig." in messages["vraag 1"]
    assert "De sleutel 'a' komt twee keer voor." in messages["vraag 2"]
    assert "Vul in waarom dit wordt gevraagd (welke vervolgactie het gebruikt)." in messages["vraag 2"]
    assert not Protocol.objects.filter(code="kapot").exists()
    assert not ProtocolField.objects.exists()


def test_minimal_protocol_cannot_ask_questions(db):
    with pytest.raises(ValidationError):
        protocol_create(
            code="pas",
            name="Pas",
            level=ProtocolLevel.MINIMAL,
            fields=[FieldSpec(key="x", label="X", kind=FieldKind.SHORT_TEXT, why_asked=WHY)],
        )


def test_signal_proposal_and_approval_publish_a_new_version(make_persona):
    agent, coordinator, manager = make_persona("kcc"), make_persona("teamleider"), make_persona("manager")
    version = _wmo()
    field = version.fields.get(key="uren")
    signal = protocol_signal_create(
        user=agent, version=version, field=field, kind=SignalKind.SUPERFLUOUS, reason="Niemand weet dit"
    )
    proposal = protocol_propose(
        protocol=version.protocol,
        user=coordinator,
        level=ProtocolLevel.FULL,
        requires_follow_up=True,
        fields=[
            FieldSpec(
                key="hulpvraag", label="Hulpvraag", kind=FieldKind.LONG_TEXT, is_required=True, why_asked=WHY
            )
        ],
        rationale="Uren wordt nooit ingevuld (signaal van de vloer).",
        signals=[signal],
    )
    signal.refresh_from_db()
    assert (proposal.number, proposal.status, signal.status) == (
        2,
        VersionStatus.PROPOSED,
        SignalStatus.IN_PROPOSAL,
    )
    product = Product.objects.create(name="wmo-voorziening", protocol=version.protocol)
    assert protocol_version_for_product(product=product).pk == version.pk

    proposal_decide(version=proposal, user=manager, approve=True, reason="Akkoord, minder vragen.")
    version.refresh_from_db()
    signal.refresh_from_db()
    assert version.status == VersionStatus.SUPERSEDED
    assert signal.status == SignalStatus.CLOSED
    current = protocol_version_for_product(product=product)
    assert current.pk == proposal.pk
    assert [f.key for f in current.fields.all()] == ["hulpvraag"]
    with pytest.raises(ValidationError):
        proposal_decide(version=proposal, user=manager, approve=False, reason="te laat")


def test_rejected_proposal_reopens_its_signals_and_keeps_history(make_persona):
    coordinator, manager = make_persona("teamleider"), make_persona("manager")
    version = _wmo()
    signal = protocol_signal_create(
        user=coordinator, version=version, kind=SignalKind.ANNOYING, reason="Te veel"
    )
    proposal = protocol_propose(
        protocol=version.protocol,
        user=coordinator,
        level=ProtocolLevel.STANDARD,
        fields=[],
        rationale="Korter",
        signals=[signal],
    )
    with pytest.raises(ValidationError):
        proposal_decide(version=proposal, user=manager, approve=False, reason=" ")
    proposal_decide(
        version=proposal, user=manager, approve=False, reason="De consulent heeft de vragen nodig."
    )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.OPEN and signal.proposal is None
    assert ProtocolVersion.objects.filter(protocol=version.protocol).count() == 2
    assert ProtocolVersion.objects.get(pk=version.pk).status == VersionStatus.PUBLISHED


def test_signal_needs_a_reason(make_persona):
    version = _wmo()
    with pytest.raises(ValidationError) as caught:
        protocol_signal_create(user=make_persona("kcc"), version=version, kind=SignalKind.OTHER, reason="  ")
    assert "reason" in caught.value.message_dict


def test_demo_protocols_attach_to_upl_products(db):
    upl_import()
    install_demo_protocols()
    install_demo_protocols()  # idempotent
    passport = Product.objects.get(name="paspoort")
    assert protocol_version_for_product(product=passport).level == ProtocolLevel.MINIMAL
    wmo = Product.objects.get(name="wmo-voorziening")
    assert protocol_version_for_product(product=wmo).requires_follow_up is True
    unrelated = Product.objects.get(name="afvalpas")
    assert protocol_version_for_product(product=unrelated).protocol.code == "standaard"


def test_proposal_without_decision_is_flagged_after_the_working_day_term(make_persona, settings):
    import datetime as dt

    from django.utils import timezone

    from voorkant.catalogue.selectors import proposals_pending

    settings.PROPOSAL_DECISION_WORKING_DAYS = 2
    version = _wmo()
    proposal = protocol_propose(
        protocol=version.protocol,
        user=make_persona("teamleider"),
        level=ProtocolLevel.STANDARD,
        fields=[],
        rationale="Korter",
    )
    # Proposed on Friday 24 April 2026; Monday 27 April is Koningsdag, so two working days end on Wednesday.
    ProtocolVersion.objects.filter(pk=proposal.pk).update(
        proposed_at=timezone.make_aware(dt.datetime(2026, 4, 24, 10, 0))
    )
    [pending] = proposals_pending(today=dt.date(2026, 4, 29))
    assert pending.decide_by == dt.date(2026, 4, 29) and not pending.is_waiting
    [pending] = proposals_pending(today=dt.date(2026, 4, 30))
    assert pending.is_waiting
