"""An email back end that refuses one address, as an SMTP server refusing a recipient would."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED = "refused@example.com"


class RefusingOneAddressBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.to:
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"mailbox unavailable")})
        return super().send_messages(messages)
