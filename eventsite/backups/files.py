"""Export files: text in UTF-8, gzip-compressed when the name ends in ``.gz`` (read by content)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import BinaryIO, TextIO

GZIP_MAGIC = b"\x1f\x8b"


def text_writer(binary: BinaryIO, *, compress: bool) -> TextIO:
    stream = gzip.GzipFile(fileobj=binary, mode="wb") if compress else binary
    return io.TextIOWrapper(stream, encoding="utf-8", newline="\n")


def text_reader(binary: BinaryIO) -> TextIO:
    """Lines of an export, gzip or plain, whatever the file is called."""
    buffered = binary if isinstance(binary, io.BufferedReader) else io.BufferedReader(binary)
    stream = gzip.GzipFile(fileobj=buffered, mode="rb") if buffered.peek(2)[:2] == GZIP_MAGIC else buffered
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="\n")


def is_compressed_name(path: Path | str) -> bool:
    return str(path).endswith(".gz")
