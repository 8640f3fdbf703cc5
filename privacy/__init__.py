"""The person's rights under GDPR: see who accessed their data (art. 15), get
all data held about them (art. 15, export as JSON and PDF), and anonymisation
of a person who has left the service (keeping the statistics)."""
