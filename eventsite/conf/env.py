"""Parsers for settings values read from environment variables.

Each raises ``ValueError`` saying what it expects; the settings module turns that into a
one-line start-up failure naming the variable.
"""

# The periods DRF's ``SimpleRateThrottle.parse_rate`` knows, by the period's first letter.
RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_EXPECTED = (
    "requests/period like 30/min: a positive whole number, '/', "
    "and a period starting with s, m, h or d (second, minute, hour, day)"
)


def whole_number(
    value: str, *, minimum: int | None = None, maximum: int | None = None, unit: str = ""
) -> int:
    """``value`` as an ``int`` within ``minimum``..``maximum`` (either may be open)."""
    expected = _whole_number_expected(minimum, maximum, unit)
    try:
        number = int(value)
    except ValueError:
        raise ValueError(expected) from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ValueError(expected)
    return number


def _whole_number_expected(minimum: int | None, maximum: int | None, unit: str) -> str:
    kind = f"a whole number of {unit}" if unit else "a whole number"
    if minimum is not None and maximum is not None:
        return f"{kind} from {minimum} to {maximum}"
    if minimum is not None:
        return f"{kind}, at least {minimum}"
    if maximum is not None:
        return f"{kind}, at most {maximum}"
    return kind


def rate(value: str) -> tuple[int, int]:
    """``(requests, seconds)`` of a throttle rate, read exactly as DRF reads it.

    DRF splits at the one ``/``, takes ``int()`` of the count and only the first letter of the
    period (``30/min``, ``30/minute`` and ``30/m`` are the same). A count below 1 would refuse
    every request, so it is refused here too.
    """
    try:
        count, period = value.split("/")
        requests, seconds = int(count), RATE_PERIODS[period[0]]
    except (ValueError, KeyError, IndexError):
        raise ValueError(RATE_EXPECTED) from None
    if requests < 1:
        raise ValueError(RATE_EXPECTED)
    return requests, seconds


def choice(value: str, choices: tuple[str, ...]) -> str:
    """The member of ``choices`` that ``value`` names, ignoring letter case."""
    for option in choices:
        if value.casefold() == option.casefold():
            return option
    raise ValueError(f"one of {', '.join(choices)}")
