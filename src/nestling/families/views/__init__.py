"""Pages of the family record. Every view reaches a family through `family_for_request` and calls services
(writes) and selectors (reads); domain errors become form errors here."""
