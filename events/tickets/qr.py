"""The QR code of a ticket's code, as SVG or PNG (segno, imported when a code is drawn)."""

import io

SVG = "image/svg+xml"
PNG = "image/png"
# Pixels per module and quiet-zone modules: big enough to scan from a phone screen.
SCALE = 8
BORDER = 4


def qr_image(code: str, media_type: str) -> bytes:
    """The QR code of ``code`` in ``media_type`` (``SVG`` or ``PNG``), error correction M."""
    import segno

    kind = {SVG: "svg", PNG: "png"}[media_type]
    out = io.BytesIO()
    segno.make_qr(code, error="m").save(out, kind=kind, scale=SCALE, border=BORDER)
    return out.getvalue()
