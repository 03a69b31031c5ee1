"""An event's team: the people besides its creator who help run it, each with a role."""
