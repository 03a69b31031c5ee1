"""What the image services refuse (``eventsite.api.exceptions`` says how the API answers)."""

from eventsite.runtime.errors import ApplicationError, Conflict, InvalidInput


class ImageRefused(ApplicationError):
    """The uploaded file is not an image the site accepts; the message says why."""

    code = "image_refused"


class ImageTooLarge(InvalidInput):
    code = "invalid"

    def __init__(self, *, limit: int):
        message = f"The file is larger than {limit} bytes."
        super().__init__(message, errors={"image": [message]})


class DirectUploadUnavailable(Conflict):
    code = "direct_upload_unavailable"
    default_message = (
        "This server stores images itself: upload the file with PUT /events/{eventId}/image instead."
    )


class NoPendingUpload(Conflict):
    code = "no_pending_upload"
    default_message = "No upload is awaited for this event: request one with POST .../image/upload first."


class UploadMissing(Conflict):
    code = "upload_missing"
    default_message = (
        "The file has not arrived in storage yet: upload it with the presigned fields, then confirm."
    )
