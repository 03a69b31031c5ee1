"""The business metric lines a test's requests write, as CloudWatch would read them."""

import json
import logging

import pytest

from eventsite.runtime.metrics import EmfFormatter


class _Lines(logging.Handler):
    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__()
        self.setFormatter(formatter)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def metric_lines():
    """Each line the ``eventsite.metrics`` logger writes, formatted by its configured handler."""
    logger = logging.getLogger("eventsite.metrics")
    (formatter,) = [h.formatter for h in logger.handlers if isinstance(h.formatter, EmfFormatter)]
    capture = _Lines(formatter)
    logger.addHandler(capture)
    try:
        yield capture.lines
    finally:
        logger.removeHandler(capture)


def emf_counts(lines: list[str], *, namespace: str = "eventsite", stage: str = "local") -> dict[str, int]:
    """Parse each line as an EMF document (failing on anything else) and sum its counts by name."""
    counts: dict[str, int] = {}
    for line in lines:
        document = json.loads(line)
        meta = document["_aws"]
        assert isinstance(meta["Timestamp"], int)
        (directive,) = meta["CloudWatchMetrics"]
        assert directive["Namespace"] == namespace
        assert directive["Dimensions"] == [["Stage"]]
        assert document["Stage"] == stage
        for metric in directive["Metrics"]:
            assert metric["Unit"] == "Count"
            value = document[metric["Name"]]
            assert isinstance(value, int)
            counts[metric["Name"]] = counts.get(metric["Name"], 0) + value
    return counts
