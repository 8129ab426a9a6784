"""The benchmark's tables line up in a terminal, where a Chinese character takes two columns."""

from rich.cells import cell_len

from consumers.benchmark import STEPS, Throughput, _breakdown, _line, _machine, _row


def _ends(line: str) -> list[int]:
    """The terminal column where each space-separated cell ends."""
    ends, column = [], 0
    for index, char in enumerate(line):
        column += cell_len(char)
        if char != " " and (index + 1 == len(line) or line[index + 1] == " "):
            ends.append(column)
    return ends


def test_headers_and_rows_end_their_cells_in_the_same_columns():
    figures = Throughput(
        events=2000, seconds=6.3, alerts=18_200, steps=dict.fromkeys(STEPS, 1.0), machine_cpu=7.6
    )
    labels = ("事件数", "秒", "事件/秒", "目标", "提醒/事件")
    header = _row("吞吐（一个匹配消费者）", *labels, indent="")
    row = _line("裸 kafka-python 消费循环", figures, "（上限）")
    [steps_header, steps_row] = _breakdown({"成果": figures})
    [cpu_header, cpu_row] = _machine({"成果": figures}, cores=2)

    assert _ends(header)[-5:] == _ends(row)[-5:]
    assert _ends(steps_header)[-5:] == _ends(steps_row)[-5:]
    assert _ends(cpu_header)[-2:] == _ends(cpu_row)[-2:]


def test_the_machine_table_sets_the_cpu_an_event_took_beside_what_its_target_allows():
    figures = Throughput(events=2000, seconds=6.3, machine_cpu=7.6)
    [_, supply, demand] = _machine({"成果": figures, "需求": figures}, cores=2)

    assert supply.split()[1:] == ["3.80", "2.00"]  # 7.6 s / 2,000; 2 cores / 1,000 per second
    assert demand.split()[1:] == ["3.80", "6.67"]  # … / 300 per second
