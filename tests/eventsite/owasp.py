"""Shared by the OWASP test modules (test_owasp_*.py)."""

EVENT_BODY = {"title": "Mine now", "date": "2031-05-01T10:00:00.000Z", "location": "Oslo"}
