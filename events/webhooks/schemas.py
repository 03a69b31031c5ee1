"""The webhooks in the OpenAPI document. Imported only to generate a schema."""

from eventsite.api.openapi import AutoSchema


class EnvelopeListSchema(AutoSchema):
    """The list answers with an envelope (``{message, webhooks}``), not with a bare array."""

    def _is_list_view(self, serializer=None) -> bool:
        return not self._lists_webhooks() and super()._is_list_view(serializer)

    def get_operation_id(self) -> str:
        return "users_me_webhooks_list" if self._lists_webhooks() else super().get_operation_id()

    def _get_callbacks(self):
        """A delivery's receiver answers as it likes: none of this API's error answers apply there."""
        callbacks = super()._get_callbacks()
        for path_items in callbacks.values():
            for operations in path_items.values():
                for operation in operations.values():
                    operation["responses"] = {
                        status: response
                        for status, response in operation["responses"].items()
                        if status < "400"
                    }
        return callbacks

    def _lists_webhooks(self) -> bool:
        return getattr(self.view, "action", None) == "list"
