"""The queue_log importer: every event type, resuming, malformed lines, idempotency."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from voorkant.telephony.importers.queue_log import queue_log_import
from voorkant.telephony.models import Call, CallStatus, EventType, QueueLogImport, TelephonyEvent

pytestmark = pytest.mark.django_db
T0 = 1772442000  # 2026-03-02 09:00:00 UTC

LINES = [
    f"{T0}|NONE|NONE|NONE|QUEUESTART|",
    f"{T0}|NONE|algemeen|SIP/201|ADDMEMBER|",
    f"{T0 + 1}|NONE|algemeen|SIP/202|AGENTLOGIN|",
    # call 1: queued, one agent does not answer, another does, caller hangs up
    f"{T0 + 10}|1001.1|algemeen|NONE|ENTERQUEUE||0612345678|1",
    f"{T0 + 15}|1001.1|algemeen|SIP/202|RINGNOANSWER|5000",
    f"{T0 + 22}|1001.1|algemeen|SIP/201|CONNECT|12|1001.2|3",
    f"{T0 + 142}|1001.1|algemeen|SIP/201|COMPLETECALLER|12|120|1",
    # call 2: agent ends the call
    f"{T0 + 20}|1002.1|algemeen|NONE|ENTERQUEUE||0201234567|2",
    f"{T0 + 30}|1002.1|algemeen|SIP/202|CONNECT|10|1002.2|2",
    f"{T0 + 90}|1002.1|algemeen|SIP/202|COMPLETEAGENT|10|60|2",
    # call 3: abandoned; call 4: timed out; call 5: left with a key; call 6: queue empty
    f"{T0 + 40}|1003.1|algemeen|NONE|ENTERQUEUE||anonymous|1",
    f"{T0 + 43}|1003.1|algemeen|NONE|ABANDON|1|1|3",
    f"{T0 + 50}|1004.1|algemeen|NONE|ENTERQUEUE|||1",
    f"{T0 + 350}|1004.1|algemeen|NONE|EXITWITHTIMEOUT|1|1|300",
    f"{T0 + 60}|1005.1|algemeen|NONE|ENTERQUEUE|||2",
    f"{T0 + 70}|1005.1|algemeen|NONE|EXITWITHKEY|1|2",
    f"{T0 + 80}|1006.1|wmo|NONE|ENTERQUEUE|||1",
    f"{T0 + 81}|1006.1|wmo|NONE|EXITEMPTY|1|1|1",
    # call 7: transferred into another queue, answered there
    f"{T0 + 100}|1007.1|algemeen|NONE|ENTERQUEUE||0301234567|1",
    f"{T0 + 105}|1007.1|algemeen|SIP/201|CONNECT|5|1007.2|1",
    f"{T0 + 165}|1007.1|algemeen|SIP/201|TRANSFER|wmo|from-internal|5|60",
    f"{T0 + 165}|1007.1|wmo|NONE|ENTERQUEUE||0301234567|1",
    f"{T0 + 205}|1007.1|wmo|SIP/202|CONNECT|40|1007.3|1",
    f"{T0 + 505}|1007.1|wmo|SIP/202|COMPLETECALLER|40|300|1",
    # call 8: blind and attended transfers
    f"{T0 + 200}|1008.1|algemeen|NONE|ENTERQUEUE|||1",
    f"{T0 + 210}|1008.1|algemeen|SIP/201|CONNECT|10|1008.2|1",
    f"{T0 + 230}|1008.1|algemeen|SIP/201|BLINDTRANSFER|belastingen|from-internal|10|20",
    f"{T0 + 260}|1008.1|belastingen|SIP/203|CONNECT|30|1008.3|1",
    f"{T0 + 290}|1008.1|belastingen|SIP/203|ATTENDEDTRANSFER|BRIDGE|vergunningen|30|30",
    f"{T0 + 300}|1008.1|vergunningen|SIP/204|CONNECT|10|1008.4|1",
    f"{T0 + 400}|1008.1|vergunningen|SIP/204|COMPLETEAGENT|10|100|1",
    # agent states
    f"{T0 + 600}|NONE|NONE|SIP/201|PAUSE|lunch",
    f"{T0 + 900}|NONE|NONE|SIP/201|UNPAUSE|",
    f"{T0 + 901}|NONE|NONE|SIP/202|PAUSEALL|",
    f"{T0 + 902}|NONE|NONE|SIP/202|UNPAUSEALL|",
    f"{T0 + 3000}|NONE|algemeen|SIP/201|REMOVEMEMBER|",
    f"{T0 + 3001}|NONE|algemeen|SIP/202|AGENTLOGOFF|",
]


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "queue_log"
    path.write_text("\n".join(LINES) + "\n")
    return path


def test_every_queue_log_event_type_lands_as_the_right_event(log_file):
    report = queue_log_import(path=str(log_file))
    assert report.malformed == []
    assert report.ignored == {"QUEUESTART": 1}
    assert report.created == len(LINES) - 1
    counts = {}
    for kind in TelephonyEvent.objects.values_list("event_type", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    assert counts == {
        EventType.LOGGED_IN: 2,
        EventType.LOGGED_OUT: 2,
        EventType.PAUSED: 2,
        EventType.UNPAUSED: 2,
        EventType.QUEUED: 9,
        EventType.RINGING: 1,
        EventType.ANSWERED: 7,
        EventType.COMPLETED: 4,
        EventType.ABANDONED: 4,
        EventType.TRANSFERRED: 3,
    }


def test_queue_log_calls_are_summarised(log_file):
    queue_log_import(path=str(log_file))
    calls = {c.call_id: c for c in Call.objects.all()}
    assert calls["1001.1"].wait_seconds == 12 and calls["1001.1"].talk_seconds == 120
    assert calls["1001.1"].caller_number == "+31612345678"
    assert calls["1002.1"].status == CallStatus.COMPLETED
    assert all(calls[c].abandoned for c in ("1003.1", "1004.1", "1005.1", "1006.1"))
    assert calls["1003.1"].caller_number == ""
    assert calls["1004.1"].wait_seconds == 300
    transferred = calls["1007.1"]
    assert (transferred.transfer_count, transferred.total_wait_seconds) == (1, 5 + 40)
    assert (transferred.queue, transferred.final_queue) == ("algemeen", "wmo")
    chain = calls["1008.1"]
    assert (chain.transfer_count, chain.total_wait_seconds, chain.right_person_seconds) == (2, 10 + 30 + 10, 100)
    assert chain.final_queue == "vergunningen"


def test_a_second_run_resumes_after_the_last_whole_line(log_file):
    first = queue_log_import(path=str(log_file))
    with log_file.open("a") as handle:
        handle.write(f"{T0 + 4000}|1009.1|algemeen|NONE|ENTERQUEUE|||1\n")
        handle.write(f"{T0 + 4001}|1009.1|algemeen|NONE|ABAN")  # still being written
    second = queue_log_import(path=str(log_file))
    assert (second.resumed_at_line, second.lines, second.created) == (len(LINES), 1, 1)
    state = QueueLogImport.objects.get()
    assert state.line_number == len(LINES) + 1
    assert first.created + second.created == TelephonyEvent.objects.count()


def test_reading_the_file_again_from_the_start_counts_nothing_twice(log_file):
    queue_log_import(path=str(log_file))
    again = queue_log_import(path=str(log_file), from_start=True)
    assert again.created == 0 and again.duplicates == len(LINES) - 1


def test_malformed_lines_are_reported_with_their_numbers_and_the_rest_is_imported(tmp_path):
    path = tmp_path / "queue_log"
    path.write_text(
        "\n".join(
            [
                f"{T0}|2001.1|algemeen|NONE|ENTERQUEUE||0612345678|1",
                "kapotte regel",
                f"gisteren|2001.1|algemeen|SIP/201|CONNECT|1|x|1",
                f"{T0 + 5}|2001.1|algemeen|NONE|RINGNOANSWER|0",
                f"{T0 + 6}||algemeen|SIP/201|CONNECT|1|x|1",
                f"{T0 + 9}|2001.1|algemeen|SIP/201|SOMETHINGNEW|",
                f"{T0 + 60}|2001.1|algemeen|NONE|ABANDON|1|1|60",
            ]
        )
        + "\n"
    )
    report = queue_log_import(path=str(path))
    assert [number for number, _ in report.malformed] == [2, 3, 4, 5]
    assert report.ignored == {"onbekend": 1}
    assert Call.objects.get().abandoned


def test_the_command_prints_malformed_line_numbers(tmp_path, capsys):
    path = tmp_path / "queue_log"
    path.write_text(f"{T0}|3001.1|algemeen|NONE|ENTERQUEUE|||1\nrommel\n")
    call_command("import_queue_log", str(path))
    out, err = capsys.readouterr()
    assert "1 nieuwe berichten" in out and "Regel 2" in err
