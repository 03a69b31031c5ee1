"""Playing Lambda's SQS poller: the event it hands the function for a batch of received messages."""


def sqs_event(messages: list[dict], *, arn: str) -> dict:
    """The SQS event for ``messages`` (as ``receive_message`` returns them) from the queue ``arn``;
    Zappa routes it to the consumer mapped to that ARN."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message["Attributes"],
                "messageAttributes": {},
                "md5OfBody": message["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": "us-east-1",
            }
            for message in messages
        ]
    }
