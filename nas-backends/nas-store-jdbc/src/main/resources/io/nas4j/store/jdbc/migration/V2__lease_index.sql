-- Lease renewal and recovery look trials up by the process holding them.
CREATE INDEX trials_by_lease_owner ON trials (lease_owner);
