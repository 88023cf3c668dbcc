"""Every way the family record changes. Writes only; reads are in `families.selectors`."""
