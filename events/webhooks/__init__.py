"""Signed webhooks: organizers' endpoints that receive the changes of their events (``events.changes``).

``models`` (endpoints and their delivery log), ``ssrf`` (which URLs may be called), ``signing``
(the ``Eventsite-Signature`` header), ``delivery`` (one HTTP POST), ``services``/``selectors``,
``tasks`` (the listener and the delivery task), ``serializers``/``views`` (``/users/me/webhooks``).
"""
