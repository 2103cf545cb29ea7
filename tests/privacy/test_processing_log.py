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
