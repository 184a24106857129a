"""What the site carries besides pages: feeds, calendars, open data, statistics."""
