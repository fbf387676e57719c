"""The calendar interpreter: calendar events in, proposed domain records out."""
