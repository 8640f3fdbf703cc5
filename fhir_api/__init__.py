"""A read-only FHIR R4 API over BOPS's own data, with the Norwegian base
profiles (no-basis). A capability above the domain apps: it imports them,
none of them imports it."""
