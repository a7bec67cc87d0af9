"""The IKM survey screen facing the citizen at a counter (PermenPANRB 14/2017)."""
