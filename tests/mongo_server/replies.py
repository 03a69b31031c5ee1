"""What the server tests read from the errors pymongo raises."""

from pymongo.errors import OperationFailure


def is_write_conflict(error: OperationFailure) -> bool:
    return error.code == 112 and error.details["codeName"] == "WriteConflict"
