"""The team in the OpenAPI document. Imported only to generate a schema."""

from eventsite.api.openapi import AutoSchema


class TeamSchema(AutoSchema):
    """The team is one envelope (``{message, team}``), not a page of the list DRF's ``list`` implies."""

    def _is_list_view(self, serializer=None) -> bool:
        return False
