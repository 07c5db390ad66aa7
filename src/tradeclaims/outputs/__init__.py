"""What researchers read: the HTML review page and the tables."""
