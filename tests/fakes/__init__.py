"""Local peers for the calendar sync tests: real CalDAV servers and a fake Google API."""
