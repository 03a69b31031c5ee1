"""SES notifications as SES publishes them to SNS (the examples of the SES developer guide, with our
sender), and the Lambda event SNS invokes the function with."""

import json
import uuid
from pathlib import Path

HERE = Path(__file__).parent
TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:eventsite-dev-ses-notifications"


def notification(name: str) -> str:
    """The SNS ``Message`` of an example: the SES notification's JSON text."""
    return (HERE / f"{name}.json").read_text()


def sns_record(message: str, *, topic_arn: str = TOPIC_ARN) -> dict:
    message_id = str(uuid.uuid4())
    return {
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
        "Sns": {
            "Type": "Notification",
            "MessageId": message_id,
            "TopicArn": topic_arn,
            "Subject": None,
            "Message": message,
            "Timestamp": "2026-11-30T14:59:39.112Z",
            "SignatureVersion": "1",
            "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQ=",
            "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
            "UnsubscribeUrl": f"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic_arn}",
            "MessageAttributes": {},
        },
    }


def sns_event(*names: str) -> dict:
    """The Lambda event of SNS delivering these examples, one record each."""
    return {"Records": [sns_record(notification(name)) for name in names]}


def ses_message(name: str) -> dict:
    return json.loads(notification(name))
