"""SES bounce and complaint notifications, delivered by SNS, mark addresses undeliverable.

With SES in production, the sending identity (or configuration set) publishes its bounce and
complaint notifications to an SNS topic; the Lambda function is subscribed to it (Zappa's
``events`` with an SNS ``event_source``), and Zappa's handler routes the topic's records, by
``TopicArn``, to ``handle_ses_notifications``. Two payload forms are understood: SES's
notifications (``notificationType``) and SES event publishing (``eventType``).

- a permanent bounce: every ``bouncedRecipients`` address is marked undeliverable;
- a complaint: every ``complainedRecipients`` address is;
- a transient or undetermined bounce, a delivery or anything else: logged, nothing changes.

``accounts.mail.send_email`` then skips those addresses until they are verified again.
"""

from __future__ import annotations

import json
import logging
from email.utils import parseaddr

from django.utils import timezone

from accounts.services import addresses_mark_undeliverable

logger = logging.getLogger("accounts.bounces")


def undeliverable_addresses(notification: dict) -> list[str]:
    """The addresses an SES notification says mail must no longer go to (empty for most kinds)."""
    kind = notification.get("notificationType") or notification.get("eventType")
    if kind == "Bounce":
        bounce = _object(notification.get("bounce"))
        if bounce.get("bounceType") != "Permanent":
            return []
        recipients = bounce.get("bouncedRecipients")
    elif kind == "Complaint":
        recipients = _object(notification.get("complaint")).get("complainedRecipients")
    else:
        return []
    found = []
    for recipient in recipients if isinstance(recipients, list) else []:
        value = _object(recipient).get("emailAddress")
        address = parseaddr(value)[1] if isinstance(value, str) else ""
        if "@" in address:
            found.append(address)
    return found


def _object(value) -> dict:
    return value if isinstance(value, dict) else {}


def _details(notification: dict) -> dict:
    """What the log says about a notification: its kind, never the addresses."""
    bounce = _object(notification.get("bounce"))
    return {
        "notification_type": notification.get("notificationType") or notification.get("eventType"),
        "bounce_type": bounce.get("bounceType"),
        "bounce_sub_type": bounce.get("bounceSubType"),
        "ses_message_id": _object(notification.get("mail")).get("messageId"),
    }


def handle_ses_notifications(event: dict, context) -> dict:
    """Zappa's SNS entry point (``function(event, context)``): apply each record's SES notification.

    A record that is not an SES notification is logged and skipped, so that SNS does not
    deliver it again; a database error propagates, and Lambda retries the invocation.
    """
    marked = 0
    for record in event.get("Records", []):
        try:
            notification = json.loads((record.get("Sns") or {}).get("Message", ""))
        except (TypeError, ValueError):
            notification = None
        if not isinstance(notification, dict):
            logger.warning(
                "SNS record without an SES notification", extra={"sns_message_id": _sns_id(record)}
            )
            continue
        addresses = undeliverable_addresses(notification)
        count = addresses_mark_undeliverable(emails=addresses, now=timezone.now()) if addresses else 0
        marked += count
        logger.info(
            "SES notification",
            extra={**_details(notification), "addresses": len(addresses), "accounts_marked": count},
        )
    return {"marked": marked}


def _sns_id(record: dict) -> str | None:
    return (record.get("Sns") or {}).get("MessageId")
