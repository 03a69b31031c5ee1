"""Tickets for RSVPs and checking them in at the door."""
