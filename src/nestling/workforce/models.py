"""The reflectively supervised workforce. Who supervises whom (`accounts.Supervision`) sits with users and
roles, below access; reflective supervision sessions, training and endorsement grow here."""
