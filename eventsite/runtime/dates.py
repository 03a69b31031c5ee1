from datetime import datetime


def to_milliseconds(moment: datetime) -> datetime:
    """``moment`` cut to whole milliseconds, the precision MongoDB keeps."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
