from voorkant.privacy.models import Channel, ProcessingActivity, ProcessingLogRecord, ProcessingLogSubject
from voorkant.privacy.selectors import processing_log_for_subject
from voorkant.privacy.services import Subject, processing_log_write


def test_log_stores_subjects_only_as_keyed_hashes(make_persona):
    user = make_persona("kcc")
    processing_log_write(
        user=user,
        channel=Channel.UI,
        activity=ProcessingActivity.CUSTOMER_VIEW,
        purpose="Klant te woord staan",
        action="klantbeeld.raadplegen",
        subjects=[Subject("bsn", "999993653")],
    )
    stored = list(ProcessingLogSubject.objects.values_list("subject_hash", flat=True))
    assert len(stored) == 1
    assert "999993653" not in stored[0]
    assert len(stored[0]) == 64


def test_privacy_officer_finds_who_viewed_a_bsn(make_persona):
    agent = make_persona("kcc")
    for bsn in ["999993653", "999990627"]:
        processing_log_write(
            user=agent,
            channel=Channel.UI,
            activity=ProcessingActivity.CUSTOMER_VIEW,
            purpose="Klant te woord staan",
            action="klantbeeld.raadplegen",
            subjects=[Subject("bsn", bsn)],
        )
    found = list(processing_log_for_subject(subject=Subject("bsn", "999993653")))
    assert len(found) == 1
    assert found[0].actor_label == "kcc"
    assert ProcessingLogRecord.objects.count() == 2


def test_a_record_lands_with_every_field_and_its_subjects_in_one_write(make_persona):
    import uuid

    user = make_persona("kcc")
    object_uuid = uuid.uuid4()
    record = processing_log_write(
        user=user,
        channel=Channel.API,
        activity=ProcessingActivity.CUSTOMER_VIEW,
        purpose="Gegevens leveren",
        action="klantcontacten.lijst",
        subjects=[Subject("partij", "a"), Subject("partij", "b"), Subject("partij", "A")],
        object_type="klantcontacten",
        object_uuid=object_uuid,
    )
    stored = ProcessingLogRecord.objects.get(pk=record.pk)
    assert stored.uuid == record.uuid
    assert (stored.user, stored.actor_label, stored.channel, stored.activity) == (
        user,
        "kcc",
        "api",
        ProcessingActivity.CUSTOMER_VIEW,
    )
    assert (stored.action, stored.object_type, stored.object_uuid) == (
        "klantcontacten.lijst",
        "klantcontacten",
        object_uuid,
    )
    # "a" and "A" are one subject: two hashes, and the count says so.
    assert stored.subject_count == 2 == stored.subjects.count()


def test_a_changed_log_key_gives_other_hashes_despite_the_hash_cache(settings):
    from voorkant.privacy.services import subject_hash

    subject = Subject("partij", "0c7c2b5e")
    first = subject_hash(subject)
    assert subject_hash(subject) == first
    settings.PROCESSING_LOG_KEY = "een-andere-sleutel"
    assert subject_hash(subject) != first
