"""Modules the SnapStart test adds to the Lambda runtime stand-in's own library folder."""
