"""The benchmark's tables line up in a terminal, where a Chinese character takes two columns."""

from rich.cells import cell_len

from consumers.benchmark import STEPS, Throughput, _breakdown, _line, _row


def _ends(line: str) -> list[int]:
    """The terminal column where each space-separated cell ends."""
    ends, column = [], 0
    for index, char in enumerate(line):
        column += cell_len(char)
        if char != " " and (index + 1 == len(line) or line[index + 1] == " "):
            ends.append(column)
    return ends


def test_headers_and_rows_end_their_cells_in_the_same_columns():
    figures = Throughput(events=2000, seconds=6.3, alerts=18_200, steps=dict.fromkeys(STEPS, 1.0))
    labels = ("事件数", "秒", "事件/秒", "目标", "提醒/事件")
    header = _row("吞吐（一个匹配消费者）", *labels, indent="")
    row = _line("裸 kafka-python 消费循环", figures, "（上限）")
    [steps_header, steps_row] = _breakdown({"成果": figures})

    assert _ends(header)[-5:] == _ends(row)[-5:]
    assert _ends(steps_header)[-5:] == _ends(steps_row)[-5:]
