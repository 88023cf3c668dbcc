"""Records in, fhir.resources (R4B) objects out. These modules know FHIR and the shape of Nestling's
records; they read nothing from the database and check no access (the selectors did both)."""
